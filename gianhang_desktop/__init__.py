"""Gian Hàng Desktop: offline-first inventory and sales for Vietnamese cooperatives."""

__version__ = "0.1.0"
