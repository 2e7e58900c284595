"""Excel and CSV: import catalogues (with opening stock) and export products, stock and the ledger."""
