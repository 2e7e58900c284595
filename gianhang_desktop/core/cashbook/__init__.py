"""The cash book (sổ quỹ): money in and out, cash or bank, with opening and closing balances per day."""
