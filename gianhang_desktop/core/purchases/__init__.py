"""Suppliers and purchase receipts (nhập hàng) with the cost of each lot."""
