"""The order state machine, shared by the seller's API and the server's own processes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gianhang_server.auth import Caller
from gianhang_server.catalog import find_product, product_changed
from gianhang_server.changes import record_change, source_of
from gianhang_server.errors import ApiError
from gianhang_server.models import Order, iso, utcnow

# action -> (statuses it may start from, status it leads to)
SELLER_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({"unpaid", "paid"}), "confirmed"),
    "pack": (frozenset({"confirmed"}), "packed"),
    "ship": (frozenset({"packed"}), "shipped"),
    "cancel": (frozenset({"unpaid", "paid", "confirmed", "packed"}), "cancelled"),
}
# Steps the carrier and the buyer take; the server runs them (``gianhang-server advance-orders``).
SERVER_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "pay": (frozenset({"unpaid"}), "paid"),
    "deliver": (frozenset({"shipped"}), "delivered"),
    "complete": (frozenset({"delivered"}), "completed"),
    "return": (frozenset({"shipped", "delivered"}), "returned"),
}
# Stock goes back to the shelf when an order will not be fulfilled.
RESTOCKING = frozenset({"cancelled", "returned"})


def order_out(order: Order) -> dict[str, Any]:
    items = [{"sku": i.sku, "name": i.name, "quantity": i.quantity, "unit_price": i.unit_price} for i in order.items]
    return {
        "code": order.code,
        "status": order.status,
        "payment_method": order.payment_method,
        "buyer_name": order.buyer_name,
        "phone": order.phone,
        "address_line": order.address_line,
        "province_code": order.province_code,
        "ward_code": order.ward_code,
        "items": items,
        "items_total": sum(i["quantity"] * i["unit_price"] for i in items),
        "shipping_fee": order.shipping_fee,
        "cod_amount": order.cod_amount,
        "note": order.note,
        "tracking_number": order.tracking_number,
        "cancel_reason": order.cancel_reason,
        "history": list(order.history or []),
        "version": order.version,
        "created_at": iso(order.created_at),
        "updated_at": iso(order.updated_at),
    }


def publish_order(session: Session, order: Order, type_: str, source: Caller | None) -> None:
    data = order_out(order)
    data["source"] = source_of(source)
    record_change(session, order.shop_id, type_, order.code, data, source)


def apply(session: Session, order: Order, action: str, source: Caller | None, **fields: Any) -> Order:
    """Move the order by ``action`` or raise 409 with the current order in ``details``."""
    table = SELLER_ACTIONS if action in SELLER_ACTIONS else SERVER_ACTIONS
    sources, target = table[action]
    if order.status not in sources:
        raise ApiError(
            409, "illegal_transition", f"Cannot {action} an order that is {order.status}.",
            {"current": order_out(order), "allowed_from": sorted(sources)},
        )
    now = utcnow()
    order.status = target
    order.history = [*order.history, {"status": target, "at": iso(now)}]
    order.version += 1
    order.updated_at = now
    if action == "ship":
        order.tracking_number = fields.get("tracking_number") or f"GHVN{order.id:08d}"
    if action == "cancel":
        order.cancel_reason = fields.get("reason") or None
    if target in RESTOCKING:
        for item in order.items:
            product = find_product(session, order.shop_id, item.sku, lock=True)
            if product is not None:
                product.quantity += item.quantity
                product_changed(session, product, None)
    session.flush()
    publish_order(session, order, "order.updated", source)
    return order
