"""What a mutation changed, so each screen refreshes exactly what is affected."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Returned by every service call that changes data; merge several with `|`."""

    products: frozenset[int] = field(default_factory=frozenset)
    stock: frozenset[int] = field(default_factory=frozenset)
    photos: frozenset[int] = field(default_factory=frozenset)
    orders: frozenset[int] = field(default_factory=frozenset)
    sync: bool = False
    settings: bool = False
    catalog_reset: bool = False
    """Many products came or went at once (an import, the demo): lists are read again."""
    reset: bool = False
    """All data was replaced (a restore): every screen reads everything again."""
    channels: bool = False
    """Marketplace accounts, links, rules or their sync state changed (core/channels)."""
    # Counter sales and returns (sale ids), customers and their debts (customer ids), the cash
    # book, suppliers and purchase receipts (core/counter, customers, cashbook, purchases).
    sales: frozenset[int] = field(default_factory=frozenset)
    customers: frozenset[int] = field(default_factory=frozenset)
    cashbook: bool = False
    purchases: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            products=self.products | other.products,
            stock=self.stock | other.stock,
            photos=self.photos | other.photos,
            orders=self.orders | other.orders,
            sync=self.sync or other.sync,
            settings=self.settings or other.settings,
            catalog_reset=self.catalog_reset or other.catalog_reset,
            reset=self.reset or other.reset,
            channels=self.channels or other.channels,
            sales=self.sales | other.sales,
            customers=self.customers | other.customers,
            cashbook=self.cashbook or other.cashbook,
            purchases=self.purchases or other.purchases,
        )

    def __bool__(self) -> bool:
        return bool(
            self.products or self.stock or self.photos or self.orders
            or self.sync or self.settings or self.catalog_reset or self.reset or self.channels
            or self.sales or self.customers or self.cashbook or self.purchases
        )

    @property
    def touched_product_ids(self) -> frozenset[int]:
        """Products whose row in a table may look different now."""
        return self.products | self.stock | self.photos


NOTHING = Changes()


class Changed(NamedTuple, Generic[T]):
    """What a mutation returns when it has a value to give back too: `view, changes = add_product(…)`
    reads like a pair, and the window reads `.changes` (gui/tasks.py announces it)."""

    value: T
    changes: Changes
