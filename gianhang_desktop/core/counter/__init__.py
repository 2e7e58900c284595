"""Counter sales ("Bán tại quầy"): the cart, payments, stock by FEFO, receipts and returns."""
