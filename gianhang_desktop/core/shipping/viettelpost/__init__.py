"""viettelpost carrier connector."""
