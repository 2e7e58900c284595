"""ghtk carrier connector."""
