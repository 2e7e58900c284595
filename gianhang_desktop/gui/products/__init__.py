"""The products area: the big table, its model, the product editor."""
