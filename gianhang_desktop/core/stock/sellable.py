"""Sellable stock: which lots may be sold or allocated today, first expiry first (FEFO).

The one rule behind every allocation and every "available" figure: orders (confirm, pack,
ship), pick lists, adjustments and transfers that name no lot, and the stock the store and the
marketplaces are told. Expired goods are never sold (food safety).

* A lot is **expired** when its expiry date (HSD) is before the shop's local today
  (``clock.today()``, Asia/Ho_Chi_Minh, never UTC): a lot with HSD 15/06 may still be sold on
  15/06 and not from 16/06 (Nghị định 43/2017/NĐ-CP: past the expiry date goods may not
  circulate).
* A lot is **held back** ("ngừng bán") when its product says to stop selling N days before
  expiry (``Product.stop_selling_days``) and fewer than N days are left: its last sale day is
  HSD − N. With N = 2, a lot of fresh lychee with HSD 10/06 is sold until 08/06.
* Stock without a lot, and lots without an expiry date, are always sellable.

Physical stock ("tồn kho", ``StockBalance``/``StockTotal``) still counts every unit: only what may
be *sold* leaves expired and held-back lots out. An adjustment or transfer that names the lot may
still move them (a write-off of expired goods is an adjustment on that lot).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .. import clock
from ..catalog.models import Product
from ..db import locks
from .models import ExpirySweep, Lot, StockBalance


class LotStatus(StrEnum):
    """Whether a lot may be sold today."""

    SELLABLE = "sellable"
    STOP_SELLING = "stop_selling"  # within the product's "stop selling N days before expiry"
    EXPIRED = "expired"  # the expiry date has passed


@dataclass(frozen=True)
class SellableLot:
    """Units of one product in one lot of one warehouse that may be sold today.

    ``lot_id`` is None for stock kept without a lot; ``quantity`` is in the product's unit (> 0).
    """

    product_id: int
    warehouse_id: int
    lot_id: int | None
    lot_code: str
    expiry_date: date | None
    quantity: int


def last_sale_day(expiry: date | None, stop_selling_days: int = 0) -> date | None:
    """The last shop day a lot with this expiry may be sold (None: no limit)."""
    if expiry is None:
        return None
    return expiry - timedelta(days=max(0, stop_selling_days or 0))


def lot_status(expiry: date | None, stop_selling_days: int = 0, today: date | None = None) -> LotStatus:
    """SELLABLE, STOP_SELLING or EXPIRED for a lot with this expiry, on `today` (default: the shop's today)."""
    if expiry is None:
        return LotStatus.SELLABLE
    today = today or clock.today()
    if expiry < today:
        return LotStatus.EXPIRED
    if last_sale_day(expiry, stop_selling_days) < today:
        return LotStatus.STOP_SELLING
    return LotStatus.SELLABLE


def is_expired(expiry: date | None, today: date | None = None) -> bool:
    """True when the expiry date is before the shop's today."""
    return expiry is not None and expiry < (today or clock.today())


def sellable_lots(session: Session, product_id: int, warehouse_id: int | None = None, *,
                  today: date | None = None) -> list[SellableLot]:
    """The product's sellable stock, lot by lot, in FEFO order: earliest expiry first, lots
    without expiry after them, stock without a lot last; ties by the older balance.

    `warehouse_id` None: every warehouse. `today` None: ``clock.today()``. Expired lots, lots in
    the product's stop-selling window and empty or negative balances are left out.
    """
    rows = _sellable_rows(session, [product_id], warehouse_id, today or clock.today())
    return [lot for lot in rows if lot.product_id == product_id]


def sellable_quantities(session: Session, product_ids: Iterable[int], warehouse_id: int | None = None, *,
                        today: date | None = None) -> dict[int, int]:
    """Units that may be sold today per product (sum of `sellable_lots`, less any balance below zero),
    before any order holds them.

    Every id asked for is in the answer (0 when nothing is sellable). What may still be promised
    to a buyer is this minus what confirmed and packed orders hold: see
    ``core.orders.availability.available_to_sell``.
    """
    ids = list(dict.fromkeys(product_ids))
    totals = dict.fromkeys(ids, 0)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for lot in _sellable_rows(session, chunk, warehouse_id, today or clock.today()):
            totals[lot.product_id] += lot.quantity
        # A balance below zero (goods sold before their receipt was entered) is stock that is not
        # there: it lowers what may be sold, although no lot can be allocated from it.
        short = (select(StockBalance.product_id, func.sum(StockBalance.on_hand))
                 .where(StockBalance.product_id.in_(chunk), StockBalance.on_hand < 0)
                 .group_by(StockBalance.product_id))
        if warehouse_id is not None:
            short = short.where(StockBalance.warehouse_id == warehouse_id)
        for product_id, missing in session.execute(short):
            totals[product_id] = max(0, totals[product_id] + int(missing))
    return totals


def _sellable_rows(session: Session, product_ids: list[int], warehouse_id: int | None, today: date) -> list[SellableLot]:
    if not product_ids:
        return []
    stmt = (
        select(StockBalance.id, StockBalance.product_id, StockBalance.warehouse_id, StockBalance.lot_id,
               StockBalance.on_hand, Lot.code, Lot.expiry_date, Product.stop_selling_days)
        .join(Product, Product.id == StockBalance.product_id)
        .join(Lot, Lot.id == StockBalance.lot_id, isouter=True)
        # Expired lots never qualify; the stop-selling window is per product, checked below.
        .where(StockBalance.product_id.in_(product_ids), StockBalance.on_hand > 0,
               or_(Lot.expiry_date.is_(None), Lot.expiry_date >= today))
        .order_by(StockBalance.product_id, Lot.expiry_date.is_(None), Lot.expiry_date,
                  StockBalance.lot_id.is_(None), StockBalance.id)
    )
    if warehouse_id is not None:
        stmt = stmt.where(StockBalance.warehouse_id == warehouse_id)
    return [
        SellableLot(product_id, wh_id, lot_id, code or "", expiry, on_hand)
        for _id, product_id, wh_id, lot_id, on_hand, code, expiry, stop_days in session.execute(stmt)
        if lot_status(expiry, stop_days, today) is LotStatus.SELLABLE
    ]


def announce_unsellable_lots(session: Session, today: date | None = None) -> list[str]:
    """Queue a stock push for every product whose lots stopped being sellable since the last call.

    A lot becomes unsellable by the calendar alone (it expires overnight), with no write that would
    tell the store or the marketplaces. The store sync and the channel sync call this before pushing
    (whichever runs first queues both), so they stop selling the next day even when nothing else
    changed. Returns the SKUs queued. Runs in the caller's transaction.
    """
    from ..sync import outbox  # (the sync package imports stock; import here to keep the cycle out)

    today = today or clock.today()
    locks.serialise(session, locks.EXPIRY_SWEEP)  # two PCs syncing at once: one sweeps, the other sees it
    sweep = session.get(ExpirySweep, 1, populate_existing=True)
    since = sweep.swept_on if sweep is not None else date.min
    if since >= today:
        return []
    horizon = today + timedelta(days=_max_stop_days(session))
    rows = session.execute(
        select(Product.sku, Lot.expiry_date, Product.stop_selling_days, Product.id)
        .join(StockBalance, StockBalance.lot_id == Lot.id)
        .join(Product, Product.id == Lot.product_id)
        .where(StockBalance.on_hand > 0, Lot.expiry_date.is_not(None), Lot.expiry_date <= horizon)
    ).all()
    ended = {(sku, product_id) for sku, expiry, stop_days, product_id in rows
             if since < last_sale_day(expiry, stop_days) + timedelta(days=1) <= today}
    skus = sorted(sku for sku, _id in ended)
    for sku in skus:
        outbox.enqueue(session, "stock", sku)
    from ..channels.outbox import stock_changed  # the marketplaces stop selling them too

    stock_changed(session, product_ids=[product_id for _sku, product_id in ended])
    if sweep is None:
        session.add(ExpirySweep(id=1, swept_on=today))
    else:
        sweep.swept_on = today
    return skus


def _max_stop_days(session: Session) -> int:
    return int(session.scalar(select(func.max(Product.stop_selling_days))) or 0)
