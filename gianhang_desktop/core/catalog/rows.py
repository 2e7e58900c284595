"""What a products table lists and shows: filters, sort order and one row (no SQLAlchemy here).

The window imports these at start, before the database layer is loaded (see first_page.py).
"""

from __future__ import annotations

from dataclasses import dataclass

# Sort keys a table may ask for, and the SQL they order by.
SORT_KEYS = ("name", "sku", "price", "on_hand", "unit", "status", "category")


@dataclass(frozen=True)
class BrowseFilters:
    """What a products table shows: `status` is "active", "archived" or "all"."""

    category: str = ""
    status: str = "active"
    low_stock: bool = False
    expiring_within_days: int | None = None  # a lot in stock expires within N days (not yet expired)
    expired: bool = False  # a lot in stock has expired


@dataclass(frozen=True)
class BrowseSort:
    """Column key (one of SORT_KEYS) and direction; with a text query and no key, best match first."""

    key: str | None = "name"
    descending: bool = False


@dataclass(frozen=True)
class ProductRow:
    """One line of the products table."""

    id: int
    sku: str
    name: str
    category: str
    unit: str
    price: int
    on_hand: int
    status: str
    barcode: str | None
    low_stock_threshold: int
    bin_location: str
    version: int

    @property
    def is_low(self) -> bool:
        return self.status == "active" and 0 < self.low_stock_threshold and self.on_hand <= self.low_stock_threshold
