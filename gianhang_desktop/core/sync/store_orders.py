"""Bringing orders placed on the store into the orders area (channel "store") through its service."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalog.models import Product
from ..changes import Changes
from ..errors import GianHangError
from ..orders.models import Order, OrderItem
from ..orders.service import apply_status, get_order_row, search_text
from ..orders.states import path_to
from ..text import clean, clean_multiline
from .identifiers import sendable_sku

log = logging.getLogger(__name__)


def apply(session: Session, data: dict[str, Any]) -> Changes:
    """Create or move the local order for the store's `data`; status steps go through the one state
    machine (with their stock effects) and are not sent back to the store. What changed here."""
    code = data["code"]
    order = session.scalar(select(Order).where((Order.remote_code == code) | (Order.code == code)))
    if order is None:
        # Only SKUs of the store's pattern can name a local product (never an older version's "A/B").
        skus = [item["sku"] for item in data.get("items", []) if sendable_sku(item.get("sku"))]
        ids = dict(session.execute(select(Product.sku, Product.id).where(Product.sku.in_(skus))).all())
        created = _time(data.get("created_at"))
        first = data["status"] if data["status"] in ("unpaid", "paid") else "unpaid"
        order = Order(
            code=code, channel="store", status=first, buyer_name=clean(data.get("buyer_name", ""))[:200],
            phone=clean(data.get("phone", ""))[:20], address_line=clean(data.get("address_line", ""))[:255],
            province_code=data.get("province_code"), ward_code=data.get("ward_code"),
            shipping_fee=data.get("shipping_fee", 0), cod_amount=data.get("cod_amount", 0),
            note=clean_multiline(data.get("note") or "")[:500], remote_code=code,
            **({"created_at": created, "updated_at": created, "status_changed_at": created} if created else {}),
        )
        order.items = [
            OrderItem(line_no=i, product_id=ids.get(item["sku"]), sku=item["sku"], name=clean(item.get("name", item["sku"]))[:255],
                      quantity=item["quantity"], unit_price=item.get("unit_price", 0))
            for i, item in enumerate(data.get("items", []), start=1)
        ]
        order.search_text = search_text(order)
        session.add(order)
        session.flush()
    changes = Changes(orders=frozenset({order.id}))
    order.remote_version = data.get("version")
    order.remote_updated_at = _time(data.get("updated_at"))
    if data.get("tracking_number"):
        order.tracking_code = data["tracking_number"]
    if order.status == data["status"]:
        return changes
    steps = path_to(order.status, data["status"], channel="store", from_store=True) or []
    for step in steps:
        try:
            with session.begin_nested():
                changes = changes | apply_status(session, get_order_row(session, order.code, for_update=True), step,
                                                 user="store", notify_store=False)
        except GianHangError as error:
            log.warning("store order %s: cannot apply %s locally: %s", code, step, error)
            break
    return changes


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
