"""Sổ quỹ: the cash book page."""
