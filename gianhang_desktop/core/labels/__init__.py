"""Shipping labels, pick lists and packing slips: PDF (reportlab) and ZPL output."""
