"""Getting paid: VietQR bank-transfer codes, the NAPAS bank list, the shop's bank account."""
