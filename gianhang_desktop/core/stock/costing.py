"""Stock at cost: every ledger line carries its value, so cost of goods sold and stock value follow.

The method (docs/reports.md, "Cost of goods sold"): **cost per lot, moving average within a lot**.

* Each lot of a product is its own cost pool (`CostPool`: units and their value in đồng); stock
  kept without a lot is one more pool of the product. Pools span warehouses: a transfer moves
  units, not cost.
* A receipt adds its units at their cost (a purchase receipt's unit cost; otherwise the
  product's catalogue cost, else the pool's average). Goods that come back (returns, counted
  surpluses) come in at the pool's average, or at the exact cost they left with when known.
* Units that leave (a sale, a shipment, a write-off) take the pool's average: value × units /
  units in the pool, rounded to the đồng, so the last unit out takes exactly what is left and
  rounding never drifts.
* Because sales take lots first-expiry-first (FEFO), a sale's cost is the cost of the very lots
  it emptied: with one lot per delivery this is specific identification, FIFO by expiry.

`value_movement` is called by `ledger.post_movement` for every line, inside the writer's
transaction, after the products were locked (`ledger.lock_products`), so pools change one
writer at a time on several PCs. A pool missing for stock written in bulk (the demo catalogue,
a spreadsheet's opening stock) starts from the product's catalogue cost the first time.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..catalog.models import Product
from ..db.base import Base
from .models import StockBalance

NO_LOT = 0  # the pool of stock kept without a lot
TRANSFERS = frozenset({"transfer_out", "transfer_in"})


class CostPool(Base):
    """Units of one product in one lot (lot_key 0: no lot) and their value at cost, in đồng."""

    __tablename__ = "stock_costs"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    lot_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # the lot's id, or 0 for no lot
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    unit_cost: Mapped[int] = mapped_column(BigInteger, default=0)  # the last average, for when the pool is empty


def value_movement(session: Session, *, product_id: int, lot_id: int | None, kind: str, quantity: int,
                   cost_value: int | None = None) -> int:
    """The value at cost of a ledger line about to be written (signed like `quantity`), with the
    lot's pool updated to match.

    `cost_value` (> 0, in đồng, for all of `quantity`) is the known cost of incoming units: a
    purchase, or goods returned with the cost they left with; None values them as above.
    """
    pool = _pool(session, product_id, lot_id or NO_LOT)
    units = abs(quantity)
    if kind in TRANSFERS:
        share = _outgoing_value(pool, units, session)
        return share if quantity > 0 else -share
    if quantity > 0:
        value = cost_value if cost_value is not None else units * _incoming_unit_cost(session, pool, kind)
        _add(pool, units, value)
        return value
    value = _outgoing_value(pool, units, session)
    pool.quantity -= units
    pool.value = 0 if pool.quantity == 0 else pool.value - value
    return -value


def unit_costs(session: Session, keys: list[tuple[int, int | None]]) -> dict[tuple[int, int | None], int]:
    """The average unit cost now of each (product id, lot id or None), for valuing balances;
    0 where nothing is known."""
    wanted = {(p, lot or NO_LOT) for p, lot in keys}
    if not wanted:
        return {}
    products = sorted({p for p, _ in wanted})
    found: dict[tuple[int, int], int] = {}
    for start in range(0, len(products), 500):
        chunk = products[start:start + 500]
        for p, lot_key, qty, value, unit in session.execute(
                select(CostPool.product_id, CostPool.lot_key, CostPool.quantity, CostPool.value, CostPool.unit_cost)
                .where(CostPool.product_id.in_(chunk))):
            found[(p, lot_key)] = share(value, qty) if qty > 0 else unit
    return {(p, lot): found.get((p, lot or NO_LOT), 0) for p, lot in keys}


def _pool(session: Session, product_id: int, lot_key: int) -> CostPool:
    stmt = select(CostPool).where(CostPool.product_id == product_id, CostPool.lot_key == lot_key)
    if session.get_bind().dialect.name != "sqlite":
        stmt = stmt.with_for_update()
    pool = session.scalar(stmt.execution_options(populate_existing=True))
    if pool is not None:
        return pool
    # First movement of this lot since costing began: what is already there, at catalogue cost.
    cost = _catalogue_cost(session, product_id)
    balance = StockBalance.lot_id.is_(None) if lot_key == NO_LOT else StockBalance.lot_id == lot_key
    on_hand = int(session.scalar(select(func.coalesce(func.sum(StockBalance.on_hand), 0))
                                 .where(StockBalance.product_id == product_id, balance)) or 0)
    pool = CostPool(product_id=product_id, lot_key=lot_key, quantity=on_hand, value=on_hand * cost, unit_cost=cost)
    session.add(pool)
    session.flush()
    return pool


def _catalogue_cost(session: Session, product_id: int) -> int:
    return int(session.scalar(select(Product.cost).where(Product.id == product_id)) or 0)


def _incoming_unit_cost(session: Session, pool: CostPool, kind: str) -> int:
    if kind == "receipt":
        cost = _catalogue_cost(session, pool.product_id)
        if cost:
            return cost
    if pool.quantity > 0:
        return share(pool.value, pool.quantity)
    return pool.unit_cost or _catalogue_cost(session, pool.product_id)


def _outgoing_value(pool: CostPool, units: int, session: Session) -> int:
    if pool.quantity <= 0:
        return units * (pool.unit_cost or _catalogue_cost(session, pool.product_id))
    if units >= pool.quantity:  # the rest of the pool, and any units beyond it at its average
        return pool.value + (units - pool.quantity) * share(pool.value, pool.quantity)
    return share(pool.value * units, pool.quantity)


def _add(pool: CostPool, units: int, value: int) -> None:
    before = pool.quantity
    pool.quantity += units
    if before < 0:
        # Goods sold before their receipt was entered: what remains is valued at the new cost.
        pool.value = share(value * pool.quantity, units) if pool.quantity > 0 else pool.quantity * share(value, units)
    else:
        pool.value += value
    if pool.quantity > 0:
        pool.unit_cost = share(pool.value, pool.quantity)
    elif units:
        pool.unit_cost = share(value, units)


def share(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up to a whole đồng, in integers (no float error on
    billions); `denominator` > 0."""
    whole, rest = divmod(numerator, denominator)
    return whole + (1 if 2 * rest >= denominator else 0)
