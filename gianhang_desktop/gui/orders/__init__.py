"""The orders page: list, filters, detail, manual entry, labels and packing paper."""
