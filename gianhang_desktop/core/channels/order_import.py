"""Channel orders into the orders area: one local order per (account, channel order id), moved
through the one state machine (core/orders/states.py) with its stock effects.

- Lines are matched to local products through the account's links; a line with no link is
  imported and flagged, and the order's stock is not touched until the SKU is linked
  (``relink_orders`` then catches the order up).
- An order for more than was free is accepted as the platform sold it and flagged oversold.
- Cancellations and returns give the stock back through the state machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..db.base import utcnow
from ..errors import GianHangError
from ..i18n import msg
from ..orders.models import Order, OrderItem
from ..orders.service import apply_status, search_text
from ..orders.states import SHIPPED_OUT, OrderStatus, path_to, stock_effect
from ..orders.states import StockEffect as Effect
from ..stock.service import resolve_warehouse
from . import outbox
from .buyers import normalise_buyer
from .model import ChannelOrder
from .models import ChannelAccount, ChannelLink, ChannelOrderRecord
from .stock import free_stock, warehouse_ids


def _links(session: Session, account_id: int) -> tuple[dict, dict]:
    by_unit: dict[tuple[str, str], int] = {}
    by_sku: dict[str, set[int]] = {}
    for product_id, item_id, variation_id, seller_sku in session.execute(
            select(ChannelLink.product_id, ChannelLink.item_id, ChannelLink.variation_id, ChannelLink.seller_sku)
            .where(ChannelLink.account_id == account_id)):
        by_unit[(item_id, variation_id or "")] = product_id
        if seller_sku:
            by_sku.setdefault(seller_sku, set()).add(product_id)
    return by_unit, by_sku


def _match(line: dict, by_unit: dict, by_sku: dict) -> int | None:
    if line.get("item_id"):
        found = by_unit.get((line["item_id"], line.get("variation_id") or ""))
        if found is None and not line.get("variation_id"):
            found = by_unit.get((line["item_id"], line["item_id"]))
        if found is not None:
            return found
    candidates = by_sku.get(line.get("seller_sku") or "", set())
    return next(iter(candidates)) if len(candidates) == 1 else None


def _order_code(session: Session, account: ChannelAccount, channel_order_id: str) -> str:
    code = channel_order_id[:64]
    if session.scalar(select(Order.id).where((Order.code == code) | (Order.remote_code == code))) is None:
        return code
    return f"{channel_order_id}-{account.id}"[-64:]


def import_order(session: Session, account: ChannelAccount, co: ChannelOrder) -> set[int]:
    """Create or update the local order for ``co`` in the caller's transaction; returns the product
    ids whose stock changed (for the other channels' pushes)."""
    record = session.scalar(select(ChannelOrderRecord).where(
        ChannelOrderRecord.account_id == account.id, ChannelOrderRecord.channel_order_id == co.channel_order_id))
    by_unit, by_sku = _links(session, account.id)
    lines = [{"line_no": i, "seller_sku": line.seller_sku, "item_id": line.item_id,
              "variation_id": line.variation_id or "", "quantity": line.quantity}
             for i, line in enumerate(co.lines, start=1)]
    now = utcnow()
    touched: set[int] = set()
    if record is None:
        order = _new_order(session, account, co, lines, by_unit, by_sku)
        record = ChannelOrderRecord(account_id=account.id, channel_order_id=co.channel_order_id, order_id=order.id,
                                    created_at=now)
        session.add(record)
        record.oversold = _oversold(session, account, order)
        record.unlinked = any(item.product_id is None for item in order.items)
        record.address_text = normalise_buyer(co.buyer_name, co.phone, co.address).original_address
        record.phone_raw = (co.phone or "")[:40]
        record.lines = json.dumps(lines, ensure_ascii=False)
        touched |= {item.product_id for item in order.items if item.product_id is not None}
    else:
        order = session.scalar(select(Order).options(selectinload(Order.items)).where(Order.id == record.order_id))
    record.status = co.status[:40]
    record.target_status = co.local_status
    record.remote_updated_at = co.updated_at
    record.total = co.total
    record.fees = json.dumps(co.fees or {}, ensure_ascii=False, sort_keys=True)
    record.payout = co.payout
    if co.shipping:
        record.shipping = json.dumps(dict(co.shipping), ensure_ascii=False, sort_keys=True)
    record.updated_at = now
    if co.tracking_number:
        order.tracking_code = co.tracking_number[:64]
    touched |= catch_up(session, account, order, record)
    outbox.stock_changed(session, product_ids=touched)
    return touched


def _new_order(session: Session, account: ChannelAccount, co: ChannelOrder, lines: list[dict],
               by_unit: dict, by_sku: dict) -> Order:
    buyer = normalise_buyer(co.buyer_name, co.phone, co.address)
    codes = warehouse_ids(session, account.warehouses)
    warehouse_id = codes[0] if codes else resolve_warehouse(session, None).id
    created = co.created_at or utcnow()
    order = Order(
        code=_order_code(session, account, co.channel_order_id), channel=account.name, status=OrderStatus.UNPAID.value,
        buyer_name=buyer.name or "?", phone=buyer.phone, address_line=buyer.address_line,
        province_code=buyer.province_code, ward_code=buyer.ward_code,
        shipping_fee=max(0, co.shipping_fee), cod_amount=max(0, co.cod_amount), note=(co.note or "")[:500],
        warehouse_id=warehouse_id, created_at=created, updated_at=created, status_changed_at=created,
    )
    order.items = [
        OrderItem(line_no=line["line_no"], product_id=_match(line, by_unit, by_sku), sku=(src.seller_sku or src.item_id)[:64],
                  name=(src.name or src.seller_sku or src.item_id)[:255], quantity=src.quantity,
                  unit_price=max(0, src.unit_price))
        for line, src in zip(lines, co.lines, strict=True) if src.quantity > 0
    ]
    order.search_text = search_text(order)
    session.add(order)
    session.flush()
    return order


def _oversold(session: Session, account: ChannelAccount, order: Order) -> int:
    """Units of this order beyond what was free when it arrived (sellable − every other unshipped order)."""
    need: dict[int, int] = {}
    for item in order.items:
        if item.product_id is not None:
            need[item.product_id] = need.get(item.product_id, 0) + item.quantity
    if not need:
        return 0
    # The new order is flushed (unpaid), so the holds already count it: free < 0 means oversold.
    free = free_stock(session, need, warehouse_ids(session, account.warehouses))
    return sum(max(0, quantity - max(0, free[pid] + quantity)) for pid, quantity in need.items())


def catch_up(session: Session, account: ChannelAccount, order: Order, record: ChannelOrderRecord) -> set[int]:
    """Move the local order toward the channel's status; stops (with a warning on the record) where
    the stock or an unlinked line does not allow the next step. Returns the products touched."""
    target = record.target_status
    if not target:
        return set()
    if target == OrderStatus.CANCELLED.value and order.status in {s.value for s in SHIPPED_OUT}:
        target = OrderStatus.RETURNED.value  # cancelled after it left: the parcel comes back
    touched: set[int] = set()
    warning = _oversold_warning(record)
    if order.status != target:
        steps = path_to(order.status, target, channel=order.channel, from_store=True)
        if steps is None:
            warning = msg("Sàn báo trạng thái '{t}' nhưng đơn đang ở '{c}'", "The platform says '{t}' but the order is '{c}'",
                          t=target, c=order.status).text()
            steps = []
        unlinked = any(item.product_id is None for item in order.items)
        for step in steps:
            effect = stock_effect(order.status, step)
            if unlinked and effect in (Effect.SHIP, Effect.RESTOCK):
                warning = msg("Có dòng hàng chưa liên kết SKU: chưa trừ kho cho đến khi liên kết",
                              "A line's SKU is not linked: stock is left untouched until it is linked").text()
                break
            try:
                with session.begin_nested():
                    changes = apply_status(session, order, step, user=account.name, notify_store=False,
                                           accept_short=True)
                touched |= set(changes.stock)
            except GianHangError as error:
                warning = error.message()
                break
    if record.unlinked and warning is None:
        warning = msg("Có dòng hàng chưa liên kết SKU", "A line's SKU is not linked").text()
    record.warning = warning
    return touched


def _oversold_warning(record: ChannelOrderRecord) -> str | None:
    if record.oversold:
        return msg("Bán vượt tồn {n} đơn vị: sàn đã bán nhiều hơn số có thể bán",
                   "Oversold by {n}: the platform sold more than was available", n=record.oversold).text()
    return None


def relink_orders(session: Session, account_id: int, product_ids: Iterable[int] | None = None) -> set[int]:
    """After links change: give unlinked lines of this account's orders their product and catch the
    orders up (their stock is touched from now on). Returns the products touched."""
    account = session.get(ChannelAccount, account_id)
    by_unit, by_sku = _links(session, account_id)
    touched: set[int] = set()
    records = session.scalars(select(ChannelOrderRecord).where(ChannelOrderRecord.account_id == account_id,
                                                               ChannelOrderRecord.unlinked.is_(True))).all()
    for record in records:
        order = session.scalar(select(Order).options(selectinload(Order.items)).where(Order.id == record.order_id))
        lines = {line["line_no"]: line for line in json.loads(record.lines or "[]")}
        for item in order.items:
            if item.product_id is None and item.line_no in lines:
                item.product_id = _match(lines[item.line_no], by_unit, by_sku)
                if item.product_id is not None and order.status not in {s.value for s in SHIPPED_OUT}:
                    touched.add(item.product_id)
        record.unlinked = any(item.product_id is None for item in order.items)
        session.flush()
        touched |= catch_up(session, account, order, record)
    if product_ids is not None:
        touched &= set(product_ids) | touched
    outbox.stock_changed(session, product_ids=touched)
    return touched
