"""What one channel sync did, as plain data for the CLI (`channel sync --json`), the window and tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..changes import Changes


@dataclass
class AccountReport:
    """Per channel: the orders pulled, the stock pushed (SKU → quantity sent) and the errors."""

    name: str
    platform: str
    orders: list[str] = field(default_factory=list)  # channel order ids created or changed here
    stock: dict[str, int] = field(default_factory=dict)
    prices: dict[str, int] = field(default_factory=dict)
    shipped: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)  # {sku?, code, message}
    state: str = "active"
    pending: int = 0
    requests: int = 0
    seconds: float = 0.0
    error: str | None = None  # what stopped the whole account (offline, needs re-login)
    order_ids: set[int] = field(default_factory=set)  # local orders created or moved
    product_ids: set[int] = field(default_factory=set)  # local products whose stock the orders moved

    @property
    def ok(self) -> bool:
        return self.error is None and not self.errors

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "platform": self.platform, "orders_pulled": len(self.orders), "orders": self.orders,
                "stock_pushed": self.stock, "prices_pushed": self.prices, "shipped": self.shipped,
                "errors": self.errors, "error": self.error, "state": self.state, "pending": self.pending,
                "requests": self.requests, "seconds": round(self.seconds, 3), "ok": self.ok}


@dataclass
class SyncReport:
    channels: list[AccountReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.channels)

    def to_json(self) -> dict[str, Any]:
        return {"channels": [c.to_json() for c in self.channels], "ok": self.ok}

    @property
    def eventful(self) -> bool:
        """Something happened worth showing: orders pulled, stock or prices sent, shipments, refusals,
        or an account stopped (needs re-login, wrong credentials). A quiet automatic round is not."""
        return any(c.orders or c.stock or c.prices or c.shipped or c.errors or c.state != "active"
                   for c in self.channels)

    @property
    def changes(self) -> Changes:
        """What the sync changed here, for the window (orders pulled, stock they moved, channel state)."""
        return Changes(orders=frozenset(i for c in self.channels for i in c.order_ids),
                       stock=frozenset(i for c in self.channels for i in c.product_ids), channels=True)
