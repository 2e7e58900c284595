"""Bán tại quầy: the counter sale screen, its cart and its dialogs (VietQR, returns)."""
