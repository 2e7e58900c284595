"""Orders: list, read, and the seller's steps (confirm, pack, ship, cancel)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query
from sqlalchemy import select

from gianhang_server.api.deps import CallerDep, IdempotencyKeyRequired, SessionDep
from gianhang_server.changes import decode_cursor, encode_cursor
from gianhang_server.errors import ApiError
from gianhang_server.models import Order
from gianhang_server.order_flow import apply, order_out
from gianhang_server.schemas import CancelIn, OrderOut, OrderPage, OrderStatus, ShipIn

router = APIRouter(tags=["orders"])
OrderCode = Annotated[str, Path(pattern=r"^[A-Z0-9]{4,32}$", description="The order code, e.g. GH261126ABCDEF.")]


def _get(session, shop_id: int, code: str, *, lock: bool = False) -> Order:
    query = select(Order).where(Order.shop_id == shop_id, Order.code == code)
    if lock:
        query = query.with_for_update(of=Order)
    order = session.scalars(query).one_or_none()
    if order is None:
        raise ApiError(404, "order_not_found", f"No order {code}.", {"code": code})
    return order


@router.get("/orders", response_model=OrderPage)
def list_orders(
    caller: CallerDep, session: SessionDep,
    status: OrderStatus | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    """Orders oldest first, optionally of one status; follow ``next_cursor`` until it is null."""
    after = decode_cursor("o", caller.shop_id, cursor)
    query = select(Order).where(Order.shop_id == caller.shop_id, Order.id > after)
    if status:
        query = query.where(Order.status == status)
    rows = list(session.scalars(query.order_by(Order.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [order_out(o) for o in rows], "next_cursor": encode_cursor("o", caller.shop_id, rows[-1].id) if more else None}


@router.get("/orders/{code}", response_model=OrderOut)
def read_order(code: OrderCode, caller: CallerDep, session: SessionDep):
    return order_out(_get(session, caller.shop_id, code))


@router.post("/orders/{code}/confirm", response_model=OrderOut)
def confirm_order(code: OrderCode, caller: CallerDep, session: SessionDep, idempotency_key: IdempotencyKeyRequired):
    """unpaid or paid → confirmed."""
    return order_out(apply(session, _get(session, caller.shop_id, code, lock=True), "confirm", caller))


@router.post("/orders/{code}/pack", response_model=OrderOut)
def pack_order(code: OrderCode, caller: CallerDep, session: SessionDep, idempotency_key: IdempotencyKeyRequired):
    """confirmed → packed."""
    return order_out(apply(session, _get(session, caller.shop_id, code, lock=True), "pack", caller))


@router.post("/orders/{code}/ship", response_model=OrderOut)
def ship_order(
    code: OrderCode, caller: CallerDep, session: SessionDep, idempotency_key: IdempotencyKeyRequired,
    body: Annotated[ShipIn | None, Body()] = None,
):
    """packed → shipped; the carrier's tracking number is assigned unless given."""
    tracking = body.tracking_number if body else None
    return order_out(apply(session, _get(session, caller.shop_id, code, lock=True), "ship", caller, tracking_number=tracking))


@router.post("/orders/{code}/cancel", response_model=OrderOut)
def cancel_order(
    code: OrderCode, caller: CallerDep, session: SessionDep, idempotency_key: IdempotencyKeyRequired,
    body: Annotated[CancelIn | None, Body()] = None,
):
    """unpaid, paid, confirmed or packed → cancelled; the items go back to stock."""
    reason = body.reason if body else ""
    return order_out(apply(session, _get(session, caller.shop_id, code, lock=True), "cancel", caller, reason=reason))
