"""Customers keyed by phone, their purchase history and their debts (công nợ)."""
