"""Stock: warehouses, lots and the append-only movement ledger."""
