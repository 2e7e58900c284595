"""One stock across every channel: what each channel may sell, computed at send time.

available = rule(sellable on hand in the channel's warehouses − reserved − buffer), where
*reserved* counts every order not yet shipped (unpaid, paid, confirmed, packed) on every channel
and locally, and *sellable* never counts expired lots. The rule: a percentage rounded down, a
fixed buffer, and "push 0 below N" (core/channels/models.py ChannelAccount).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..catalog.models import Product
from ..orders.models import Order, OrderItem
from ..orders.states import OrderStatus
from ..stock.models import Warehouse

# Orders whose goods have not left: every channel must stop selling them.
NOT_SHIPPED = (OrderStatus.UNPAID.value, OrderStatus.PAID.value, OrderStatus.CONFIRMED.value,
               OrderStatus.PACKED.value)
CHUNK = 500


@dataclass(frozen=True)
class StockRule:
    """A channel's rule; ``percent`` 0–100 rounded down, ``buffer`` units kept back, 0 pushed
    while the result is below ``zero_below``."""

    percent: int = 100
    buffer: int = 0
    zero_below: int = 0

    def apply(self, free: int) -> int:
        """``free`` = sellable − reserved (may be negative) → the quantity to push, never < 0."""
        base = max(0, free - max(0, self.buffer))
        quantity = base * max(0, min(100, self.percent)) // 100
        return 0 if quantity < self.zero_below else quantity


def warehouse_ids(session: Session, codes: str) -> list[int] | None:
    """The ids of a comma-separated list of warehouse codes; None (every warehouse) for ""."""
    wanted = [c.strip() for c in (codes or "").split(",") if c.strip()]
    if not wanted:
        return None
    return list(session.scalars(select(Warehouse.id).where(Warehouse.code.in_(wanted))))


def _sellable_quantities(session: Session, product_ids: list[int], warehouse_id: int | None = None) -> dict[int, int]:
    try:
        from ..stock.sellable import sellable_quantities  # the one sellable-stock rule (#13)
    except ImportError:  # until #13 lands: positive balances of lots not past their expiry
        from sqlalchemy import or_

        from .. import clock
        from ..stock.models import Lot, StockBalance

        totals = dict.fromkeys(product_ids, 0)
        for start in range(0, len(product_ids), CHUNK):
            stmt = (select(StockBalance.product_id, func.sum(StockBalance.on_hand))
                    .join(Lot, Lot.id == StockBalance.lot_id, isouter=True)
                    .where(StockBalance.product_id.in_(product_ids[start:start + CHUNK]), StockBalance.on_hand > 0,
                           or_(Lot.expiry_date.is_(None), Lot.expiry_date >= clock.today()))
                    .group_by(StockBalance.product_id))
            if warehouse_id is not None:
                stmt = stmt.where(StockBalance.warehouse_id == warehouse_id)
            totals.update({pid: int(q or 0) for pid, q in session.execute(stmt)})
        return totals
    return sellable_quantities(session, product_ids, warehouse_id)


def sellable(session: Session, product_ids: list[int], warehouses: list[int] | None) -> dict[int, int]:
    """Sellable units per product in the given warehouses (None: all); expired lots never count."""
    sellable_quantities = _sellable_quantities
    if warehouses is None:
        return sellable_quantities(session, product_ids)
    totals = dict.fromkeys(product_ids, 0)
    for warehouse_id in warehouses:
        for pid, quantity in sellable_quantities(session, product_ids, warehouse_id).items():
            totals[pid] += quantity
    return totals


def reserved(session: Session, product_ids: list[int], warehouses: list[int] | None = None) -> dict[int, int]:
    """Units of orders not yet shipped, per product, on every channel and locally (orders without a
    warehouse count for every channel: they will ship from the default one)."""
    out: dict[int, int] = {}
    for start in range(0, len(product_ids), CHUNK):
        stmt = (select(OrderItem.product_id, func.sum(OrderItem.quantity))
                .join(Order, Order.id == OrderItem.order_id)
                .where(Order.status.in_(NOT_SHIPPED), OrderItem.product_id.in_(product_ids[start:start + CHUNK]))
                .group_by(OrderItem.product_id))
        if warehouses is not None:
            stmt = stmt.where(Order.warehouse_id.in_(warehouses) | Order.warehouse_id.is_(None))
        out.update({pid: int(quantity or 0) for pid, quantity in session.execute(stmt)})
    return out


def free_stock(session: Session, product_ids: Iterable[int], warehouses: list[int] | None = None) -> dict[int, int]:
    """Sellable − reserved per product (negative when orders exceed stock: oversold)."""
    ids = list(dict.fromkeys(product_ids))
    have = sellable(session, ids, warehouses)
    held = reserved(session, ids, warehouses)
    return {pid: have.get(pid, 0) - held.get(pid, 0) for pid in ids}


def available(session: Session, product_ids: Iterable[int], rule: StockRule,
              warehouses: list[int] | None = None) -> dict[int, int]:
    """What the channel may sell per product (0 for archived products)."""
    ids = list(dict.fromkeys(product_ids))
    free = free_stock(session, ids, warehouses)
    inactive = set()
    for start in range(0, len(ids), CHUNK):
        inactive.update(session.scalars(select(Product.id).where(Product.id.in_(ids[start:start + CHUNK]),
                                                                 Product.status != "active")))
    return {pid: 0 if pid in inactive else rule.apply(free[pid]) for pid in ids}
