"""Order services: manual entry, lookups, the order list, and status changes with their effects."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .. import clock
from ..catalog.models import Product
from ..changes import Changed, Changes
from ..database import Database
from ..db import locks
from ..db.base import utcnow
from ..errors import Conflict, GianHangError, NotFound, ValidationError
from ..i18n import msg
from ..regions import full_address
from ..staff import audit
from ..staff.access import recorded_user, require
from ..staff.roles import Permission
from ..stock.ledger import lock_products
from ..stock.models import Lot
from ..stock.service import resolve_warehouse
from ..sync import outbox
from ..text import fold
from . import availability, stock_effects
from .models import Order, OrderAllocation, OrderItem
from .states import (
    LABELS_EN,
    LABELS_VI,
    LOCAL_ONLY,
    RESERVING,
    TRANSITIONS,
    OrderStatus,
    StockEffect,
    can_transition,
)
from .validation import validate_draft
from .views import OrderDraft, OrderFilter, OrderItemView, OrderRow, OrderView

CODE_PREFIX = "GH"


def next_order_code(session: Session, when: dt.datetime | None = None) -> str:
    """``GH-YYMM-NNNN``: year and month of entry (the shop's local time), then a running number."""
    when = when or clock.local_now()
    prefix = f"{CODE_PREFIX}-{when:%y%m}-"
    codes = session.scalars(select(Order.code).where(Order.code.like(f"{prefix}%")))
    highest = max((int(code[len(prefix):]) for code in codes if code[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"


def search_text(order: Order) -> str:
    return " ".join(fold(part) for part in (order.code, order.buyer_name, order.phone,
                                            order.remote_code or "") if part)


def add_order(db: Database, draft: OrderDraft) -> Changed[OrderView]:
    """Enter a phone, Zalo or walk-in order. Status: unpaid, or paid when nothing is collected.

    Raises:
        ValidationError: a bad field of the draft (named in `field`, e.g. "phone", "items[2].quantity").
        NotFound: no warehouse at all.
    """
    with db.session() as session:
        require(session, Permission.ORDERS_CREATE)
        valid = validate_draft(session, draft)
        locks.serialise(session, locks.ORDER_CODES)  # two PCs must not take the same next number
        now = utcnow()
        status = OrderStatus.PAID if valid.cod_amount == 0 else OrderStatus.UNPAID
        order = Order(
            code=next_order_code(session), channel=valid.channel, status=status.value,
            buyer_name=valid.buyer_name, phone=valid.phone, address_line=valid.address_line,
            province_code=valid.province_code, ward_code=valid.ward_code,
            shipping_fee=valid.shipping_fee, cod_amount=valid.cod_amount, note=valid.note,
            warehouse_id=resolve_warehouse(session, None).id,
            created_at=now, updated_at=now, status_changed_at=now,
        )
        order.items = [OrderItem(line_no=i, product_id=line.product.id, sku=line.product.sku,
                                 name=line.product.name, quantity=line.quantity,
                                 unit_price=line.unit_price)
                       for i, line in enumerate(valid.lines, start=1)]
        order.search_text = search_text(order)
        session.add(order)
        session.flush()
        from ..channels.outbox import stock_changed  # the marketplaces stop selling what it holds

        stock_changed(session, product_ids=[item.product_id for item in order.items])
        audit.record(session, "order.add", "order", order.code, {}, {
            "status": order.status, "buyer": order.buyer_name, "cod_amount": order.cod_amount,
            "items": [f"{i.sku} x{i.quantity}" for i in order.items]})
        view = order_view(session, order)
    return Changed(view, Changes(orders=frozenset({order.id})))


def get_order_row(session: Session, code: str, *, for_update: bool = False) -> Order:
    """The order by its code (or the store's code), for session-level callers such as sync.

    `for_update` locks the order's row until the transaction ends (PostgreSQL), so that two PCs
    changing one order's status do it one after the other, each seeing the other's result.

    Raises:
        NotFound: no order with this code.
    """
    wanted = (code or "").strip()
    stmt = select(Order).where((Order.code == wanted) | (Order.remote_code == wanted))
    if for_update:
        stmt = stmt.with_for_update(of=Order).execution_options(populate_existing=True)
    order = session.scalar(stmt.options(selectinload(Order.items)))
    if order is None:
        raise NotFound(msg("Không tìm thấy đơn hàng '{code}'", "No order '{code}'", code=wanted))
    return order


def get_order(db: Database, code: str) -> OrderView:
    """The order by its code (or the store's code).

    Raises:
        NotFound: no order with this code.
    """
    with db.read_session() as session:
        return order_view(session, get_order_row(session, code))


def order_view(session: Session, order: Order) -> OrderView:
    products = {item.product_id for item in order.items if item.product_id is not None}
    weight_of = dict(session.execute(select(Product.id, Product.weight_g)
                                     .where(Product.id.in_(products))).all())
    weight = sum((weight_of.get(item.product_id) or 0) * item.quantity for item in order.items)
    lots = session.execute(
        select(OrderItem.sku, Lot.code, OrderAllocation.quantity)
        .join(OrderAllocation, OrderAllocation.order_item_id == OrderItem.id)
        .join(Lot, Lot.id == OrderAllocation.lot_id, isouter=True)
        .where(OrderItem.order_id == order.id).order_by(OrderAllocation.id))
    return OrderView(
        id=order.id, code=order.code, channel=order.channel, status=order.status,
        buyer_name=order.buyer_name, phone=order.phone, address_line=order.address_line,
        province_code=order.province_code, ward_code=order.ward_code,
        full_address=full_address(order.address_line, order.province_code, order.ward_code),
        shipping_fee=order.shipping_fee, cod_amount=order.cod_amount, note=order.note,
        weight_g=weight,
        items=tuple(OrderItemView(i.sku, i.name, i.quantity, i.unit_price, i.product_id)
                    for i in order.items),
        created_at=order.created_at, updated_at=order.updated_at,
        status_changed_at=order.status_changed_at, tracking_code=order.tracking_code,
        tracking_url=order.tracking_url, cancel_reason=order.cancel_reason,
        remote_code=order.remote_code,
        remote_version=order.remote_version,
        shipped_lots=tuple((sku, lot or "", qty) for sku, lot, qty in lots),
        stock_short=_stock_short(session, order),
        **_channel_side(session, order),
    )


def _stock_short(session: Session, order: Order) -> tuple[tuple[str, int], ...]:
    """(sku, units missing) for a held order that today's sellable stock no longer covers."""
    if OrderStatus(order.status) not in RESERVING:
        return ()
    products = {item.product_id for item in order.items if item.product_id is not None}
    return tuple((s.sku, s.missing) for s in availability.short_holds(session, products) if s.order_id == order.id)


def _channel_side(session: Session, order: Order) -> dict:
    from ..channels.models import ChannelOrderRecord

    record = session.scalar(select(ChannelOrderRecord).where(ChannelOrderRecord.order_id == order.id))
    if record is None:
        return {"channel_order_id": order.remote_code}
    return {"channel_order_id": record.channel_order_id, "channel_warning": record.warning}


def _filtered(stmt, flt: OrderFilter):
    if flt.statuses:
        stmt = stmt.where(Order.status.in_(list(flt.statuses)))
    if flt.channel:
        stmt = stmt.where(Order.channel == flt.channel)
    if flt.channels:
        stmt = stmt.where(Order.channel.in_(list(flt.channels)))
    tz = clock.shop_tz()
    if flt.date_from:
        stmt = stmt.where(Order.created_at >= dt.datetime.combine(flt.date_from, dt.time(), tz))
    if flt.date_to:
        end = dt.datetime.combine(flt.date_to + dt.timedelta(days=1), dt.time(), tz)
        stmt = stmt.where(Order.created_at < end)
    for word in fold(flt.search).split():
        stmt = stmt.where(Order.search_text.contains(word))
    return stmt


def find_order_ids(db: Database, flt: OrderFilter | None = None) -> list[int]:
    """Ids of the orders matching ``flt``, newest first (the list model pages rows by id)."""
    flt = flt or OrderFilter()
    with db.read_session() as session:
        stmt = _filtered(select(Order.id), flt).order_by(Order.created_at.desc(), Order.id.desc())
        return list(session.scalars(stmt))


def order_rows(db: Database, ids: list[int]) -> list[OrderRow]:
    """List rows for ``ids``, in the order given (missing ids are skipped)."""
    if not ids:
        return []
    with db.read_session() as session:
        totals = (select(OrderItem.order_id, func.count(OrderItem.id).label("lines"),
                         func.sum(OrderItem.quantity * OrderItem.unit_price).label("subtotal"))
                  .where(OrderItem.order_id.in_(ids)).group_by(OrderItem.order_id).subquery())
        from ..channels.models import ChannelOrderRecord

        stmt = (select(Order, totals.c.lines, totals.c.subtotal, ChannelOrderRecord.channel_order_id)
                .join(totals, totals.c.order_id == Order.id, isouter=True)
                .join(ChannelOrderRecord, ChannelOrderRecord.order_id == Order.id, isouter=True)
                .where(Order.id.in_(ids)))
        found = {o.id: OrderRow(o.id, o.code, o.created_at, o.channel, o.status, o.buyer_name,
                                o.phone, o.province_code, int(lines or 0),
                                int(subtotal or 0) + o.shipping_fee, o.cod_amount, channel_id or o.remote_code)
                 for o, lines, subtotal, channel_id in session.execute(stmt)}
    return [found[i] for i in ids if i in found]


def list_orders(db: Database, flt: OrderFilter | None = None, limit: int | None = None) -> list[OrderRow]:
    ids = find_order_ids(db, flt)
    return order_rows(db, ids[:limit] if limit else ids)


def status_label(status: str, lang: str = "vi") -> str:
    labels = LABELS_EN if lang == "en" else LABELS_VI
    return labels.get(OrderStatus(status), status)


def apply_status(session: Session, order: Order, target: OrderStatus | str, *,
                 user: str = "", reason: str = "", notify_store: bool = True,
                 accept_short: bool = False) -> Changes:
    """Move ``order`` to ``target`` inside the caller's transaction, with its stock effect.

    The one place status changes happen: the window, the CLI and sync all come here.
    ``notify_store`` is False when the change came from the store itself (sync).
    ``accept_short`` holds the order's linked lines without checking the stock: a marketplace
    already sold them (core/channels flags the order as oversold instead).

    Raises:
        Conflict("status"): the state machine refuses this step (or it is the store's to take).
        Conflict("quantity"): not enough stock to hold or ship (unless ``accept_short``).
    """
    target = OrderStatus(target)
    current = OrderStatus(order.status)
    effect = TRANSITIONS.get((current, target))
    from_store = not notify_store
    if effect is not None and not can_transition(current, target, order.channel, from_store):
        if (current, target) in LOCAL_ONLY:
            raise Conflict(msg("Đơn {code} của sàn đã giao cho vận chuyển: không hủy được nữa, "
                               "hãy chờ đơn hoàn trả",
                               "Store order {code} is with the carrier: it cannot be cancelled, "
                               "wait for it to be returned", code=order.code), field="status")
        raise Conflict(msg("Trạng thái '{target}' của đơn sàn {code} do sàn cập nhật khi đồng bộ",
                           "For store order {code}, '{target_en}' is set by the store through sync",
                           code=order.code, target=LABELS_VI[target], target_en=LABELS_EN[target]),
                       field="status")
    if effect is None:
        raise Conflict(msg("Đơn {code} đang ở trạng thái '{current}', không thể chuyển sang '{target}'",
                           "Order {code} is '{current_en}' and cannot become '{target_en}'",
                           code=order.code, current=LABELS_VI[current], target=LABELS_VI[target],
                           current_en=LABELS_EN[current], target_en=LABELS_EN[target]),
                       field="status")
    products: set[int] = set()
    if target is OrderStatus.PACKED and not accept_short:  # a marketplace order follows its platform
        _check_packable(session, order)
    if effect is StockEffect.RESERVE and accept_short:
        products = {item.product_id for item in order.items if item.product_id is not None}
    elif effect is StockEffect.RESERVE:
        products = stock_effects.reserve(session, order)
    elif effect is StockEffect.RELEASE:
        products = stock_effects.release(session, order)
    elif effect is StockEffect.SHIP:
        products = stock_effects.ship(session, order, user)
    elif effect is StockEffect.RESTOCK:
        products = stock_effects.restock(session, order, user, reason)
    now = utcnow()
    if reason and target in (OrderStatus.CANCELLED, OrderStatus.RETURNED):
        order.cancel_reason = reason[:255]
    order.status = target.value
    order.status_changed_at = order.updated_at = now
    audit.record(session, "order.status", "order", order.code, {"status": current.value},
                 {"status": target.value, **({"reason": reason} if reason else {}),
                  **({} if notify_store else {"source": "store"})}, user=user or None)
    if notify_store:
        outbox.enqueue(session, "order_status", order.code, {
            "code": order.code, "remote_code": order.remote_code, "status": target.value,
            "previous": current.value, "changed_at": now.isoformat(),
            "reason": order.cancel_reason if target is OrderStatus.CANCELLED else None})
    for sku in sorted({item.sku for item in order.items if item.product_id in products}):
        outbox.enqueue(session, "stock", sku)  # sellable stock on the store changed
    if notify_store and target in (OrderStatus.PACKED, OrderStatus.SHIPPED):  # a marketplace order: there too
        from ..channels.shipping import queue_arrangement_of

        queue_arrangement_of(session, order.id)
    if _holds(current) != _holds(target):  # every unshipped order holds stock on the marketplaces
        from ..channels.outbox import stock_changed

        stock_changed(session, product_ids=[i.product_id for i in order.items if i.product_id is not None])
    session.flush()
    return Changes(orders=frozenset({order.id}), stock=frozenset(products))


def _check_packable(session: Session, order: Order) -> None:
    """Packing takes goods off the shelf: refuse when sellable stock no longer covers the order
    (a lot expired or stopped being sold after the order was confirmed)."""
    warehouse = stock_effects.order_warehouse(session, order)
    lock_products(session, [item.product_id for item in order.items])  # two PCs packing: one after the other
    short = availability.packing_shortfall(session, order, warehouse.id)
    for sku, have, need in short.values():
        raise Conflict(msg("Đơn {code}: không đủ hàng còn hạn {sku} để đóng gói (còn bán được {have}, cần {need}); "
                           "lô đã hết hạn hoặc ngừng bán không được giao: nhập thêm hàng hoặc hủy đơn",
                           "Order {code}: not enough in-date {sku} to pack ({have} sellable, {need} needed); "
                           "expired or held-back lots are never shipped: receive more or cancel the order",
                           code=order.code, sku=sku, have=have, need=need), field="items")


def _holds(status: OrderStatus) -> bool:
    return status in (OrderStatus.UNPAID, OrderStatus.PAID, OrderStatus.CONFIRMED, OrderStatus.PACKED)


def change_status(db: Database, code: str, target: OrderStatus | str,
                  user: str | None = None, reason: str = "") -> Changed[OrderView]:
    """Move one order to ``target`` (Conflict if the state machine or the stock says no).

    Raises:
        ValidationError("status"): not a status.
        NotFound: no order `code`.
        Conflict: as `apply_status`.
    """
    try:
        target = OrderStatus(target)
    except ValueError:
        raise ValidationError("status", msg("Trạng thái không hợp lệ: '{value}'",
                                            "Unknown status '{value}'", value=target)) from None
    with db.session() as session:
        require(session, Permission.ORDERS_CANCEL if target in (OrderStatus.CANCELLED, OrderStatus.RETURNED)
                else Permission.ORDERS_PROCESS)
        order = get_order_row(session, code, for_update=True)
        changes = apply_status(session, order, target, user=recorded_user(session, user), reason=reason)
        view = order_view(session, order)
    return Changed(view, changes)


class BulkStatusChange(NamedTuple):
    """What `change_status_many` did: the codes moved, the ones refused (with why), the changes."""

    moved: list[str]
    refused: list[tuple[str, GianHangError]]
    changes: Changes


def change_status_many(db: Database, codes: list[str], target: OrderStatus | str,
                       user: str | None = None) -> BulkStatusChange:
    """Move many orders (e.g. a hundred packed parcels handed to the courier), each in its own
    transaction: one refused order does not hold back the others.

    Raises:
        ValidationError("status"): not a status (the refusals of single orders are in the result).
    """
    moved: list[str] = []
    refused: list[tuple[str, GianHangError]] = []
    changes = Changes()
    for code in codes:
        try:
            _view, made = change_status(db, code, target, user=user)
        except GianHangError as error:
            refused.append((code, error))
        else:
            moved.append(code)
            changes = changes | made
    return BulkStatusChange(moved, refused, changes)


def confirm_order(db: Database, code: str) -> Changed[OrderView]:
    """Confirm an order (its stock is held).

    Raises:
        NotFound, Conflict: as `change_status`.
    """
    return change_status(db, code, OrderStatus.CONFIRMED)


def pack_order(db: Database, code: str) -> Changed[OrderView]:
    """Mark an order packed.

    Raises:
        NotFound, Conflict: as `change_status`.
    """
    return change_status(db, code, OrderStatus.PACKED)


def ship_order(db: Database, code: str) -> Changed[OrderView]:
    """Hand an order to the courier (its stock leaves, lots FEFO).

    Raises:
        NotFound, Conflict: as `change_status`.
    """
    return change_status(db, code, OrderStatus.SHIPPED)


def cancel_order(db: Database, code: str, reason: str = "") -> Changed[OrderView]:
    """Cancel an order (held stock is released).

    Raises:
        NotFound, Conflict: as `change_status`.
    """
    return change_status(db, code, OrderStatus.CANCELLED, reason=reason)


def reserved_stock(db: Database, product_ids=None) -> dict[int, int]:
    """Units held by confirmed and packed orders, per product (for "sellable" columns)."""
    with db.read_session() as session:
        return stock_effects.reserved_quantities(session, product_ids)


