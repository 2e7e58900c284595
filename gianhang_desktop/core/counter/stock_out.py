"""The goods of a counter sale leaving the shelf, and coming back.

Lots are taken by FEFO from the one sellable-stock rule (`core.stock.sellable`): an expired lot,
or one inside its product's "stop selling N days before expiry", is never sold. Units held for
confirmed and packed orders stay for those orders. Each lot taken is one ledger line
("shipment", the sale's code as reference) whose value at cost becomes the line's cost of goods
sold; goods brought back go to the lots they left at the very cost they left with.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock
from ..catalog.models import Product
from ..errors import Conflict, ValidationError
from ..i18n import msg
from ..orders.stock_effects import reserved_quantities
from ..stock.costing import share
from ..stock.ledger import lock_products, post_movement
from ..stock.models import Lot, StockBalance, Warehouse
from ..stock.sellable import LotStatus, lot_status, sellable_lots
from .models import Sale, SaleLine, SaleLineLot


def take(session: Session, sale: Sale, warehouse: Warehouse, lots: list[str | None], user: str) -> None:
    """Take every line of `sale` (lines in order, `lots[i]` the lot line i names, if any) from
    `warehouse`, writing the ledger and each line's lots and cost. The products are locked."""
    today = clock.today()
    held = reserved_quantities(session, {line.product_id for line in sale.lines}, warehouse.id)
    taken: dict[int, int] = defaultdict(int)
    for line, lot_code in zip(sale.lines, lots, strict=True):
        product = session.get(Product, line.product_id)
        if lot_code:
            parts = _named_lot(session, product, warehouse, lot_code, line.quantity, today)
        else:
            parts = _fefo(session, product, warehouse, line.quantity, held.get(product.id, 0) + taken[product.id],
                          today)
        taken[product.id] += line.quantity
        for part_lot, quantity in parts:
            movement = post_movement(
                session, product_id=product.id, warehouse_id=warehouse.id, lot_id=part_lot, kind="shipment",
                quantity=-quantity, reason=f"Bán tại quầy {sale.code}", user_name=user, reference=sale.code,
                sku=product.sku)
            line.lots.append(SaleLineLot(warehouse_id=warehouse.id, lot_id=part_lot, quantity=quantity,
                                         cost_value=-(movement.cost_value or 0)))
        line.cogs = sum(part.cost_value for part in line.lots)
    session.flush()


def _fefo(session: Session, product: Product, warehouse: Warehouse, quantity: int, already: int,
          today) -> list[tuple[int | None, int]]:
    lots = sellable_lots(session, product.id, warehouse.id, today=today)
    skip = already  # units held for orders, or taken by earlier lines of this bill
    parts: list[tuple[int | None, int]] = []
    left = quantity
    for lot in lots:
        free = lot.quantity
        if skip:
            used = min(skip, free)
            skip -= used
            free -= used
        take_now = min(free, left)
        if take_now > 0:
            parts.append((lot.lot_id, take_now))
            left -= take_now
        if left == 0:
            return parts
    _refuse_short(session, product, warehouse, quantity, sum(lot.quantity for lot in lots) - already, today)
    return parts  # not reached


def _refuse_short(session: Session, product: Product, warehouse: Warehouse, quantity: int, sellable: int,
                  today) -> None:
    unsellable = int(session.scalar(
        select(func.coalesce(func.sum(StockBalance.on_hand), 0))
        .join(Lot, Lot.id == StockBalance.lot_id)
        .where(StockBalance.product_id == product.id, StockBalance.warehouse_id == warehouse.id,
               StockBalance.on_hand > 0, Lot.expiry_date.is_not(None), Lot.expiry_date < today)) or 0)
    have = max(0, sellable)
    if unsellable:
        raise Conflict(msg(
            "Không đủ hàng {sku} để bán: còn bán được {have}, cần {need} ({expired} {unit} trong lô đã hết hạn, "
            "không được bán)",
            "Not enough {sku} to sell: {have} sellable, {need} needed ({expired} {unit} in expired lots, which "
            "are never sold)", sku=product.sku, have=have, need=quantity, expired=unsellable, unit=product.unit),
            field="quantity")
    raise Conflict(msg("Không đủ hàng {sku} ở {wh}: còn bán được {have}, cần {need}",
                       "Not enough {sku} in {wh}: {have} sellable, {need} needed",
                       sku=product.sku, wh=warehouse.name, have=have, need=quantity), field="quantity")


def _named_lot(session: Session, product: Product, warehouse: Warehouse, code: str, quantity: int,
               today) -> list[tuple[int | None, int]]:
    lot = session.scalar(select(Lot).where(Lot.product_id == product.id, Lot.code == code))
    if lot is None:
        raise ValidationError("lot", msg("Sản phẩm {sku} không có lô '{lot}'", "Product {sku} has no lot '{lot}'",
                                         sku=product.sku, lot=code))
    status = lot_status(lot.expiry_date, product.stop_selling_days, today)
    if status is LotStatus.EXPIRED:
        raise ValidationError("lot", msg(
            "Lô {lot} của {sku} đã hết hạn ngày {date:%d/%m/%Y}: không được bán",
            "Lot {lot} of {sku} expired on {date:%d/%m/%Y}: it may not be sold",
            lot=code, sku=product.sku, date=lot.expiry_date))
    if status is LotStatus.STOP_SELLING:
        raise ValidationError("lot", msg(
            "Lô {lot} của {sku} (HSD {date:%d/%m/%Y}) đã vào thời gian ngừng bán trước hạn",
            "Lot {lot} of {sku} (expiry {date:%d/%m/%Y}) is within its stop-selling days before expiry",
            lot=code, sku=product.sku, date=lot.expiry_date))
    on_hand = int(session.scalar(select(StockBalance.on_hand).where(
        StockBalance.product_id == product.id, StockBalance.warehouse_id == warehouse.id,
        StockBalance.lot_id == lot.id).execution_options(populate_existing=True)) or 0)
    if on_hand < quantity:
        raise Conflict(msg("Lô {lot} của {sku} ở {wh} chỉ còn {have}, cần {need}",
                           "Lot {lot} of {sku} in {wh} has {have} left, {need} needed",
                           lot=code, sku=product.sku, wh=warehouse.name, have=max(0, on_hand), need=quantity),
                       field="quantity")
    return [(lot.id, quantity)]


def put_back(session: Session, sale: Sale, line: SaleLine, quantity: int, *, reference: str, reason: str,
             user: str) -> int:
    """Put `quantity` units of `line` back into the lots they left (the last lot taken first), each
    at the cost it left with; returns that cost in đồng. The products are locked."""
    left, cost = quantity, 0
    for part in reversed(line.lots):
        free = part.quantity - part.returned_quantity
        units = min(free, left)
        if units <= 0:
            continue
        value = (share(part.cost_value * (part.returned_quantity + units), part.quantity)
                 - share(part.cost_value * part.returned_quantity, part.quantity))
        post_movement(session, product_id=line.product_id, warehouse_id=part.warehouse_id, lot_id=part.lot_id,
                      kind="return", quantity=units, reason=reason, user_name=user, reference=reference,
                      sku=line.sku, cost_value=value)
        part.returned_quantity += units
        cost += value
        left -= units
        if left == 0:
            break
    line.returned_quantity += quantity
    return cost


def put_back_all(session: Session, sale: Sale, user: str) -> set[int]:
    """Every unit of `sale` not returned yet goes back (a sale cancelled); returns the product ids."""
    lock_products(session, [line.product_id for line in sale.lines])
    for line in sale.lines:
        rest = line.quantity - line.returned_quantity
        if rest > 0:
            put_back(session, sale, line, rest, reference=sale.code, reason=f"Hủy hóa đơn {sale.code}", user=user)
    return {line.product_id for line in sale.lines}
