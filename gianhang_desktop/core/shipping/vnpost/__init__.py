"""vnpost carrier connector."""
