"""The routes of the store API, one module per resource."""
