"""Documented rate limits and batch sizes a connector declares, read by the one scheduler."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Endpoint(StrEnum):
    """Classes of calls that share one limit on a platform."""

    AUTH = "auth"  # token refresh, shop info
    ITEMS = "items"  # list items and variations
    STOCK = "stock"  # push stock
    PRICE = "price"  # push price
    ORDERS = "orders"  # list orders since a cursor
    ORDER_DETAIL = "order_detail"
    SHIPMENT = "shipment"  # arrange shipment
    DOCUMENT = "document"  # shipping label


@dataclass(frozen=True)
class EndpointLimit:
    """One endpoint class: at most ``rate`` calls a second (token bucket of ``burst``), ``batch``
    units a call, ``concurrency`` calls in flight. ``per_item`` is True when one call may only carry
    variations of one item (Shopee ``update_stock``, TikTok inventory update). ``source`` names the
    documentation page the figures come from."""

    rate: float
    burst: int = 1
    batch: int = 1
    concurrency: int = 1
    per_item: bool = False
    source: str = ""


@dataclass(frozen=True)
class ChannelLimits:
    """Every endpoint class's limit (a missing class uses ``default``) and order paging rules."""

    endpoints: dict[Endpoint, EndpointLimit] = field(default_factory=dict)
    default: EndpointLimit = EndpointLimit(rate=5.0, burst=5)
    order_page_size: int = 50
    order_window_days: int | None = None  # the longest time range one order list call may cover

    def of(self, endpoint: Endpoint) -> EndpointLimit:
        return self.endpoints.get(endpoint, self.default)


def batches(units: int, limit: EndpointLimit) -> int:
    """How many calls ``units`` variations need (ignoring per-item grouping)."""
    return -(-units // max(1, limit.batch)) if units else 0


def floor_seconds(calls: int, limit: EndpointLimit) -> float:
    """The least time ``calls`` calls can take under the limit (the burst goes at once)."""
    if calls <= 0:
        return 0.0
    return max(0.0, (calls - limit.burst) / limit.rate)
