"""The ledger primitive: post one movement and keep the cached balances equal to the ledger sum."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import Conflict, ValidationError
from ..i18n import msg
from .models import MOVEMENT_KINDS, StockBalance, StockMovement, StockTotal


def post_movement(
    session: Session,
    *,
    product_id: int,
    warehouse_id: int,
    lot_id: int | None,
    kind: str,
    quantity: int,
    reason: str = "",
    user_name: str = "",
    reference: str = "",
    allow_negative: bool = False,
    sku: str = "",
) -> StockMovement:
    """Append a movement and update the balance of its product / warehouse / lot in this transaction.

    Refuses (Conflict, field "quantity") to take a balance below zero unless `allow_negative`,
    which only an explicit adjustment that says so may pass.
    """
    if kind not in MOVEMENT_KINDS:
        raise ValueError(f"unknown movement kind {kind!r}")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity == 0:
        raise ValidationError("quantity", msg("Số lượng phải là số nguyên khác 0", "Quantity must be a non-zero whole number"))
    balance = session.scalar(
        select(StockBalance).where(
            StockBalance.product_id == product_id,
            StockBalance.warehouse_id == warehouse_id,
            StockBalance.lot_id.is_(None) if lot_id is None else StockBalance.lot_id == lot_id,
        )
    )
    if balance is None:
        balance = StockBalance(product_id=product_id, warehouse_id=warehouse_id, lot_id=lot_id, on_hand=0)
        session.add(balance)
    new_on_hand = balance.on_hand + quantity
    if new_on_hand < 0 and quantity < 0 and not allow_negative:
        raise Conflict(
            msg(
                "Không đủ hàng {sku}: còn {have}, cần {need}",
                "Not enough stock of {sku}: {have} on hand, {need} needed",
                sku=sku or product_id, have=balance.on_hand, need=-quantity,
            ),
            field="quantity",
        )
    balance.on_hand = new_on_hand
    total = session.get(StockTotal, product_id)
    if total is None:
        total = StockTotal(product_id=product_id, on_hand=0)
        session.add(total)
    total.on_hand += quantity
    movement = StockMovement(
        product_id=product_id, warehouse_id=warehouse_id, lot_id=lot_id, kind=kind, quantity=quantity,
        reason=reason, user_name=user_name, reference=reference,
    )
    session.add(movement)
    session.flush()
    return movement
