"""The stock area: the Kho page, receive/adjust/transfer dialogs, the ledger history."""
