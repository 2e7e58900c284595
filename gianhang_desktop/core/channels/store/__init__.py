"""The national store (docs/store-api.md) as a channel connector."""
