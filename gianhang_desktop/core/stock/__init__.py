"""Stock: warehouses, lots and the append-only movement ledger."""

# The cost pools are a table of their own: importing the stock package registers them with the
# metadata (core/models.py imports stock.models, which runs this first).
from .costing import CostPool  # noqa: E402,F401
