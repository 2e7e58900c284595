"""Khách hàng: customers, their purchase history and debts."""
