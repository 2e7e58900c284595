"""Plain values the window and the CLI read: order detail, list rows, filters, drafts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .states import OrderStatus, next_statuses


@dataclass(frozen=True)
class ItemDraft:
    """An order line as typed: SKU, quantity, and optionally a price (default: the product's)."""

    sku: str
    quantity: int | str
    unit_price: int | str | None = None


@dataclass(frozen=True)
class OrderDraft:
    """A manual (phone, Zalo, walk-in) order before validation."""

    buyer_name: str
    phone: str
    address_line: str
    province_code: int | str | None
    ward_code: int | str | None
    items: tuple[ItemDraft, ...]
    shipping_fee: int | str = 0
    cod_amount: int | str | None = None  # None: collect goods + shipping on delivery
    note: str = ""
    channel: str = "manual"


@dataclass(frozen=True)
class OrderFilter:
    """What the order list shows; dates are local calendar days, inclusive."""

    statuses: tuple[str, ...] = ()
    channel: str | None = None
    channels: tuple[str, ...] = ()  # any of these (e.g. every account of one platform)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    search: str = ""


@dataclass(frozen=True)
class OrderItemView:
    sku: str
    name: str
    quantity: int
    unit_price: int
    product_id: int | None = None

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class OrderView:
    """Everything about one order, as shown in its detail view."""

    id: int
    code: str
    channel: str
    status: str
    buyer_name: str
    phone: str
    address_line: str
    province_code: int | None
    ward_code: int | None
    full_address: str
    shipping_fee: int
    cod_amount: int
    note: str
    weight_g: int
    items: tuple[OrderItemView, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    status_changed_at: dt.datetime
    tracking_code: str | None = None
    tracking_url: str | None = None
    cancel_reason: str | None = None
    remote_code: str | None = None
    remote_version: int | None = None
    shipped_lots: tuple[tuple[str, str, int], ...] = field(default=())  # (sku, lot, qty)
    # A held order that sellable stock no longer covers (a lot expired after confirming): (sku, missing).
    stock_short: tuple[tuple[str, int], ...] = field(default=())
    # Marketplace orders (core/channels): the channel's order id and what needs the clerk's eye
    # (oversold, a line whose SKU is not linked).
    channel_order_id: str | None = None
    channel_warning: str | None = None

    @property
    def subtotal(self) -> int:
        return sum(item.amount for item in self.items)

    @property
    def total(self) -> int:
        return self.subtotal + self.shipping_fee

    @property
    def next_statuses(self) -> list[OrderStatus]:
        """The steps a user may take here (store-side steps of store orders come by sync)."""
        return next_statuses(self.status, self.channel)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "channel": self.channel, "status": self.status,
            "buyer_name": self.buyer_name, "phone": self.phone, "address_line": self.address_line,
            "province_code": self.province_code, "ward_code": self.ward_code,
            "full_address": self.full_address, "shipping_fee": self.shipping_fee,
            "cod_amount": self.cod_amount, "subtotal": self.subtotal, "total": self.total,
            "note": self.note, "weight_g": self.weight_g,
            "items": [{"sku": i.sku, "name": i.name, "quantity": i.quantity,
                       "unit_price": i.unit_price, "amount": i.amount} for i in self.items],
            "created_at": self.created_at.isoformat(), "updated_at": self.updated_at.isoformat(),
            "status_changed_at": self.status_changed_at.isoformat(),
            "tracking_code": self.tracking_code, "tracking_url": self.tracking_url,
            "cancel_reason": self.cancel_reason,
            "remote_code": self.remote_code, "remote_version": self.remote_version,
            "shipped_lots": [{"sku": s, "lot": lot, "quantity": q} for s, lot, q in self.shipped_lots],
            "stock_short": [{"sku": s, "missing": m} for s, m in self.stock_short],
            "next_statuses": [s.value for s in self.next_statuses],
            "channel_order_id": self.channel_order_id, "channel_warning": self.channel_warning,
        }


@dataclass(frozen=True)
class OrderRow:
    """One row of the order list."""

    id: int
    code: str
    created_at: dt.datetime
    channel: str
    status: str
    buyer_name: str
    phone: str
    province_code: int | None
    item_count: int
    total: int
    cod_amount: int
    channel_order_id: str | None = None  # the store's or marketplace's own order id

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "created_at": self.created_at.isoformat(), "channel": self.channel,
            "channel_order_id": self.channel_order_id,
            "status": self.status, "buyer_name": self.buyer_name, "phone": self.phone,
            "province_code": self.province_code, "item_count": self.item_count,
            "total": self.total, "cod_amount": self.cod_amount,
        }
