"""The ledger primitive: post one movement and keep the cached balances equal to the ledger sum.

Several PCs may write the same product at once (PostgreSQL). Two rules keep the cache exact:

- `post_movement` never reads a balance and writes it back: the balance and the total change in
  one atomic statement each (`INSERT … ON CONFLICT DO UPDATE SET on_hand = on_hand + q`,
  `UPDATE … SET on_hand = on_hand + q`), so no update is lost and no key is inserted twice;
- a write that decides from what it reads (which lots to take, whether an order can be held)
  first calls `lock_products`: the products' `stock_totals` rows are locked until the
  transaction ends, so every stock write of a product runs one after the other. Products are
  locked in id order, and an order's row before its products, so two writers never deadlock.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..errors import Conflict, ValidationError
from ..i18n import msg
from .costing import value_movement
from .models import MOVEMENT_KINDS, StockBalance, StockMovement, StockTotal


def lock_products(session: Session, product_ids: Iterable[int | None]) -> None:
    """Hold the stock of these products for this transaction (PostgreSQL: their `stock_totals`
    rows, FOR UPDATE, in id order; created when missing). On SQLite the write transaction
    already holds the database's one write lock: nothing to do."""
    ids = sorted({i for i in product_ids if i is not None})
    if not ids or session.get_bind().dialect.name == "sqlite":
        return
    locked = _lock_totals(session, ids)
    if len(locked) < len(ids):
        session.execute(postgresql.insert(StockTotal).values([{"product_id": i, "on_hand": 0} for i in ids])
                        .on_conflict_do_nothing(index_elements=["product_id"]))
        _lock_totals(session, ids)


def _lock_totals(session: Session, ids: list[int]) -> list[int]:
    stmt = (select(StockTotal.product_id).where(StockTotal.product_id.in_(ids))
            .order_by(StockTotal.product_id).with_for_update())
    return list(session.scalars(stmt))


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
    cost_value: int | None = None,
) -> StockMovement:
    """Append a movement and update the balance of its product / warehouse / lot in this transaction.

    The line is valued at cost (`costing.value_movement`): `cost_value` is the known cost in đồng
    of incoming units (a purchase receipt, goods returned with the cost they left with); None
    values them at the lot's average or the catalogue cost.

    Refuses (Conflict, field "quantity") to take a balance below zero unless `allow_negative`,
    which only an explicit adjustment that says so may pass; the caller's transaction then rolls
    back, taking the balance change with it.
    """
    if kind not in MOVEMENT_KINDS:
        raise ValueError(f"unknown movement kind {kind!r}")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity == 0:
        raise ValidationError("quantity", msg("Số lượng phải là số nguyên khác 0", "Quantity must be a non-zero whole number"))
    value = value_movement(session, product_id=product_id, lot_id=lot_id, kind=kind, quantity=quantity,
                           cost_value=cost_value)
    new_on_hand = _add_to_balance(session, product_id, warehouse_id, lot_id, quantity)
    if new_on_hand < 0 and quantity < 0 and not allow_negative:
        raise Conflict(
            msg(
                "Không đủ hàng {sku}: còn {have}, cần {need}",
                "Not enough stock of {sku}: {have} on hand, {need} needed",
                sku=sku or product_id, have=new_on_hand - quantity, need=-quantity,
            ),
            field="quantity",
        )
    session.execute(_insert(session)(StockTotal).values(product_id=product_id, on_hand=quantity)
                    .on_conflict_do_update(index_elements=["product_id"],
                                           set_={"on_hand": StockTotal.on_hand + quantity}))
    movement = StockMovement(
        product_id=product_id, warehouse_id=warehouse_id, lot_id=lot_id, kind=kind, quantity=quantity,
        reason=reason, user_name=user_name, reference=reference, cost_value=value,
    )
    session.add(movement)
    session.flush()
    from ..channels.outbox import stock_changed  # every ledger change reaches every channel

    stock_changed(session, product_ids=[product_id])
    return movement


def _insert(session: Session):
    return sqlite.insert if session.get_bind().dialect.name == "sqlite" else postgresql.insert


def _add_to_balance(session: Session, product_id: int, warehouse_id: int, lot_id: int | None, quantity: int) -> int:
    """Add `quantity` to the balance row of the key (created at `quantity`); its new on-hand."""
    stmt = _insert(session)(StockBalance).values(
        product_id=product_id, warehouse_id=warehouse_id, lot_id=lot_id, on_hand=quantity)
    if lot_id is None:
        stmt = stmt.on_conflict_do_update(index_elements=["product_id", "warehouse_id"],
                                          index_where=StockBalance.lot_id.is_(None),
                                          set_={"on_hand": StockBalance.on_hand + quantity})
    else:
        stmt = stmt.on_conflict_do_update(index_elements=["product_id", "warehouse_id", "lot_id"],
                                          set_={"on_hand": StockBalance.on_hand + quantity})
    return session.execute(stmt.returning(StockBalance.on_hand)).scalar_one()
