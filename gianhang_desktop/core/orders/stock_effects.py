"""What order status changes do to stock: hold (reserve), ship FEFO by lot, put back.

Reservations are derived, never stored: the units of orders in a holding status
(confirmed, packed). So available = sellable − reserved can never drift. Only sellable lots
(core.stock.sellable: not expired, not in the product's stop-selling window) are ever held or
shipped; see availability.py for what happens when a lot expires under a held order.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.base import utcnow
from ..errors import Conflict
from ..i18n import msg
from ..stock.ledger import lock_products, post_movement
from ..stock.models import Warehouse
from ..stock.sellable import sellable_lots, sellable_quantities
from ..stock.service import resolve_warehouse
from .models import Order, OrderAllocation, OrderItem
from .states import RESERVING


def order_warehouse(session: Session, order: Order) -> Warehouse:
    """The warehouse the order ships from (the default one unless the order says otherwise)."""
    if order.warehouse_id is None:
        order.warehouse_id = resolve_warehouse(session, None).id
    return session.get(Warehouse, order.warehouse_id)


def reserved_quantities(session: Session, product_ids=None, warehouse_id: int | None = None,
                        exclude_order_id: int | None = None) -> dict[int, int]:
    """Units held per product by orders in a holding status."""
    stmt = (select(OrderItem.product_id, func.sum(OrderItem.quantity))
            .join(Order, Order.id == OrderItem.order_id)
            .where(Order.status.in_([s.value for s in RESERVING]), OrderItem.product_id.is_not(None))
            .group_by(OrderItem.product_id))
    if product_ids is not None:
        stmt = stmt.where(OrderItem.product_id.in_(list(product_ids)))
    if warehouse_id is not None:
        stmt = stmt.where(Order.warehouse_id == warehouse_id)
    if exclude_order_id is not None:
        stmt = stmt.where(Order.id != exclude_order_id)
    return {product_id: int(total) for product_id, total in session.execute(stmt)}


def _needs(order: Order) -> dict[int, tuple[str, int]]:
    needs: dict[int, tuple[str, int]] = {}
    for item in order.items:
        if item.product_id is None:
            raise Conflict(msg("Đơn {code}: sản phẩm {sku} không có trong danh mục",
                               "Order {code}: product {sku} is not in the catalogue",
                               code=order.code, sku=item.sku), field="items")
        sku, quantity = needs.get(item.product_id, (item.sku, 0))
        needs[item.product_id] = (sku, quantity + item.quantity)
    return needs


def reserve(session: Session, order: Order) -> set[int]:
    """Check every line against what may be sold (sellable lots − held by other orders)."""
    warehouse = order_warehouse(session, order)
    needs = _needs(order)
    lock_products(session, needs)  # no other PC holds or takes these products until we commit
    held = reserved_quantities(session, needs, warehouse.id, exclude_order_id=order.id)
    in_date = sellable_quantities(session, needs, warehouse.id)
    for product_id, (sku, quantity) in needs.items():
        sellable = in_date[product_id] - held.get(product_id, 0)
        if sellable < quantity:
            raise Conflict(msg("Không đủ hàng {sku} để xác nhận đơn {code}: có thể bán {have}, cần {need}",
                               "Not enough {sku} to confirm order {code}: {have} available, {need} needed",
                               sku=sku, code=order.code, have=max(0, sellable), need=quantity),
                           field="items")
    return set(needs)


def release(session: Session, order: Order) -> set[int]:
    """Drop the hold (nothing to write: holds are derived from the status)."""
    return {item.product_id for item in order.items if item.product_id is not None}


def ship(session: Session, order: Order, user: str = "") -> set[int]:
    """Write shipment movements from sellable lots only, first expiry first, and remember the lots used."""
    warehouse = order_warehouse(session, order)
    lock_products(session, _needs(order))  # every line must be a catalogue product
    now = utcnow()
    for item in order.items:
        left = item.quantity
        for balance in sellable_lots(session, item.product_id, warehouse.id):
            take = min(left, balance.quantity)
            post_movement(session, product_id=item.product_id, warehouse_id=warehouse.id,
                          lot_id=balance.lot_id, kind="shipment", quantity=-take,
                          reason=f"Giao đơn {order.code}", user_name=user, reference=order.code,
                          sku=item.sku)
            item.allocations.append(OrderAllocation(warehouse_id=warehouse.id, lot_id=balance.lot_id,
                                                    quantity=take, shipped_at=now))
            left -= take
            if left == 0:
                break
        if left:
            raise Conflict(msg("Không đủ hàng còn hạn {sku} trong {wh} để giao đơn {code}: thiếu {missing} "
                               "(lô hết hạn hoặc đã ngừng bán không được giao)",
                               "Not enough in-date {sku} in {wh} to ship order {code}: {missing} missing "
                               "(expired or held-back lots are never shipped)",
                               sku=item.sku, wh=warehouse.name, code=order.code, missing=left),
                           field="items")
    return {item.product_id for item in order.items}


def restock(session: Session, order: Order, user: str = "", reason: str = "") -> set[int]:
    """Put shipped units back into the very lots they left, with return movements."""
    lock_products(session, [item.product_id for item in order.items])
    now = utcnow()
    touched: set[int] = set()
    returned: dict[tuple, int] = defaultdict(int)
    for item in order.items:
        for allocation in item.allocations:
            if allocation.returned_at is not None:
                continue
            returned[(item.product_id, item.sku, allocation.warehouse_id, allocation.lot_id)] += allocation.quantity
            allocation.returned_at = now
            touched.add(item.product_id)
    for (product_id, sku, warehouse_id, lot_id), quantity in returned.items():
        post_movement(session, product_id=product_id, warehouse_id=warehouse_id, lot_id=lot_id,
                      kind="return", quantity=quantity, reason=reason or f"Hoàn đơn {order.code}",
                      user_name=user, reference=order.code, sku=sku)
    return touched
