"""ghn carrier connector."""
