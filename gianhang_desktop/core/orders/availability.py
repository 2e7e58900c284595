"""What may still be promised to buyers: sellable stock minus what held orders take, and which
held orders the sellable stock no longer covers (a lot expired after they were confirmed).

Holds are per product and warehouse, never per lot: the lots are chosen when the order ships,
from the lots sellable that day (``core.stock.sellable``). So an order confirmed on a lot that
expires before packing is simply filled from the next sellable lot. When no sellable lot is left
for it, the order is flagged (``short_holds``, ``OrderView.stock_short``) and packing it is
refused until stock arrives or the order is cancelled; orders already packed keep their priority.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..stock.sellable import sellable_quantities
from .models import Order, OrderItem
from .states import RESERVING, OrderStatus
from .stock_effects import reserved_quantities


def available_to_sell(session: Session, product_ids: Iterable[int], *, warehouse_id: int | None = None,
                      today: date | None = None) -> dict[int, int]:
    """Units per product that may still be promised to a new buyer, never below 0.

    = sellable stock today (``sellable_quantities``: no expired or held-back lots) minus the units
    held by confirmed and packed orders. `warehouse_id` None: all warehouses together. Channels
    (the store, marketplaces) take their own safety buffer and unconfirmed orders off this.
    """
    ids = list(dict.fromkeys(product_ids))
    sellable = sellable_quantities(session, ids, warehouse_id, today=today)
    held = reserved_quantities(session, ids, warehouse_id)
    return {pid: max(0, sellable[pid] - held.get(pid, 0)) for pid in ids}


@dataclass(frozen=True)
class ShortHold:
    """A held order line the sellable stock no longer covers: `missing` of its `quantity` units."""

    order_id: int
    order_code: str
    status: str
    sku: str
    product_id: int
    quantity: int
    missing: int

    def to_json(self) -> dict:
        return {"order": self.order_code, "status": self.status, "sku": self.sku, "quantity": self.quantity,
                "missing": self.missing}


def short_holds(session: Session, product_ids: Iterable[int] | None = None, *,
                today: date | None = None) -> list[ShortHold]:
    """Held orders whose lines today's sellable stock cannot fill, per warehouse.

    Sellable stock goes to the held orders in priority order: packed ones first (their goods are
    in the box), then confirmed ones, each by when it reached its status. Whatever is left short
    is reported, oldest order first.
    """
    stmt = (
        select(Order.id, Order.code, Order.status, Order.warehouse_id, Order.status_changed_at,
               OrderItem.product_id, OrderItem.sku, func.sum(OrderItem.quantity))
        .join(OrderItem, OrderItem.order_id == Order.id)
        .where(Order.status.in_([s.value for s in RESERVING]), OrderItem.product_id.is_not(None))
        .group_by(Order.id, Order.code, Order.status, Order.warehouse_id, Order.status_changed_at,
                  OrderItem.product_id, OrderItem.sku)
    )
    if product_ids is not None:
        stmt = stmt.where(OrderItem.product_id.in_(list(product_ids)))
    lines = session.execute(stmt).all()
    by_place: dict[tuple[int | None, int], list] = defaultdict(list)
    for line in lines:
        by_place[(line[3], line[5])].append(line)
    shorts: list[ShortHold] = []
    sellable_by_wh: dict[int | None, dict[int, int]] = {}
    for warehouse_id in {wh for wh, _pid in by_place}:
        pids = [pid for wh, pid in by_place if wh == warehouse_id]
        sellable_by_wh[warehouse_id] = sellable_quantities(session, pids, warehouse_id, today=today)
    for (warehouse_id, product_id), held in by_place.items():
        left = sellable_by_wh[warehouse_id][product_id]
        held.sort(key=lambda r: (r[2] != OrderStatus.PACKED.value, r[4], r[0]))
        for order_id, code, status, _wh, _when, pid, sku, quantity in held:
            quantity = int(quantity)
            take = min(left, quantity)
            left -= take
            if take < quantity:
                shorts.append(ShortHold(order_id, code, status, sku, pid, quantity, quantity - take))
    shorts.sort(key=lambda s: (s.order_id, s.sku))
    return shorts


def packing_shortfall(session: Session, order: Order, warehouse_id: int, *,
                      today: date | None = None) -> dict[int, tuple[str, int, int]]:
    """Lines of `order` that cannot be packed from sellable stock: {product id: (sku, sellable, needed)}.

    Packed orders keep what they hold; confirmed ones do not stand in the way (the one packed
    first takes the goods, the others are flagged by `short_holds`).
    """
    needs: dict[int, tuple[str, int]] = {}
    for item in order.items:
        if item.product_id is not None:
            sku, quantity = needs.get(item.product_id, (item.sku, 0))
            needs[item.product_id] = (sku, quantity + item.quantity)
    if not needs:
        return {}
    sellable = sellable_quantities(session, needs, warehouse_id, today=today)
    packed = dict(session.execute(
        select(OrderItem.product_id, func.sum(OrderItem.quantity)).join(Order, Order.id == OrderItem.order_id)
        .where(Order.status == OrderStatus.PACKED.value, Order.warehouse_id == warehouse_id, Order.id != order.id,
               OrderItem.product_id.in_(list(needs)))
        .group_by(OrderItem.product_id)).all())
    short = {}
    for product_id, (sku, quantity) in needs.items():
        free = sellable[product_id] - int(packed.get(product_id) or 0)
        if free < quantity:
            short[product_id] = (sku, max(0, free), quantity)
    return short
