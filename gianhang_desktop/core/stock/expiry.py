"""Expired stock and its way out: the list of expired lots with their cost, and the write-off."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from .. import clock
from ..catalog.models import Product
from ..catalog.service import get_product_row
from ..changes import Changed, Changes
from ..database import Database
from ..errors import ValidationError
from ..i18n import msg
from ..staff import audit
from ..staff.access import recorded_user, require
from ..staff.roles import Permission
from ..sync import outbox
from ..text import clean
from .ledger import lock_products, post_movement
from .models import Lot, StockBalance, Warehouse
from .sellable import is_expired
from .service import movement_view, resolve_warehouse
from .views import ExpiredLot, MovementView

WRITE_OFF_REASON = "Hủy hàng hết hạn"


def expired_lots(db: Database, *, sku: str | None = None, today: date | None = None,
                 limit: int | None = None) -> list[ExpiredLot]:
    """Lots still in stock whose expiry date is before the shop's today, longest expired first.

    Each row carries its quantity and its value at cost in integer đồng (the product's cost, or its
    price when no cost is known, as the stock value does). `sku` limits the list to one product.

    Raises:
        NotFound: no product `sku`.
    """
    today = today or clock.today()
    with db.read_session() as session:
        stmt = (
            select(Product.id, Product.sku, Product.name, Product.unit, Warehouse.code, Warehouse.name, Lot.code,
                   Lot.expiry_date, StockBalance.on_hand, func.coalesce(Product.cost, Product.price))
            .join(Lot, Lot.id == StockBalance.lot_id)
            .join(Product, Product.id == StockBalance.product_id)
            .join(Warehouse, Warehouse.id == StockBalance.warehouse_id)
            .where(StockBalance.on_hand > 0, Lot.expiry_date.is_not(None), Lot.expiry_date < today)
            .order_by(Lot.expiry_date, Product.sku_key, Warehouse.code, Lot.code)
        )
        if sku is not None:
            stmt = stmt.where(Product.id == get_product_row(session, sku).id)
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = session.execute(stmt).all()
    return [
        ExpiredLot(pid, code, name, unit, wh, wh_name, lot, expiry, (today - expiry).days, quantity, int(cost or 0),
                   quantity * int(cost or 0))
        for pid, code, name, unit, wh, wh_name, lot, expiry, quantity, cost in rows
    ]


def write_off_expired(db: Database, sku: str, lot: str, *, warehouse: str | None = None,
                      user: str | None = None) -> Changed[list[MovementView]]:
    """Write off everything left of an expired lot, in one transaction: one adjustment per
    warehouse holding it (or in `warehouse` only), with the reason "Hủy hàng hết hạn".

    Raises:
        ValidationError: "lot" unknown, not expired, or with nothing left; an unknown "warehouse".
        NotFound: no product `sku`.
        PermissionDenied / NotSignedIn: `stock.adjust_down`.
    """
    today = clock.today()
    code = clean(lot)
    with db.session() as session:
        require(session, Permission.STOCK_ADJUST_DOWN)  # a write-off takes stock down: the manager's
        user = recorded_user(session, user)
        product = get_product_row(session, sku)
        lock_products(session, [product.id])  # another PC's writes of this product wait for this one
        row = session.scalar(select(Lot).where(Lot.product_id == product.id, Lot.code == code))
        if row is None:
            raise ValidationError("lot", msg("Sản phẩm {sku} không có lô '{lot}'", "Product {sku} has no lot '{lot}'",
                                             sku=product.sku, lot=lot))
        if not is_expired(row.expiry_date, today):
            raise ValidationError("lot", msg(
                "Lô {lot} chưa hết hạn: hủy hàng khác dùng Điều chỉnh với lý do cụ thể",
                "Lot {lot} has not expired: to write off other goods, use an adjustment with its reason", lot=code))
        stmt = (select(StockBalance).execution_options(populate_existing=True)
                .where(StockBalance.lot_id == row.id, StockBalance.on_hand > 0))
        if warehouse:
            stmt = stmt.where(StockBalance.warehouse_id == resolve_warehouse(session, warehouse).id)
        balances = list(session.scalars(stmt.order_by(StockBalance.warehouse_id)))
        if not balances:
            raise ValidationError("lot", msg("Lô {lot} không còn hàng để hủy", "Lot {lot} has nothing left to write off",
                                             lot=code))
        written_off = sum(b.on_hand for b in balances)
        movements = [
            post_movement(session, product_id=product.id, warehouse_id=balance.warehouse_id, lot_id=row.id,
                          kind="adjustment", quantity=-balance.on_hand, reason=WRITE_OFF_REASON, user_name=user,
                          sku=product.sku)
            for balance in balances
        ]
        audit.record(session, "stock.write_off", "product", product.sku,
                     {"lot": code, "on_hand": written_off},
                     {"lot": code, "on_hand": 0, "reason": WRITE_OFF_REASON})
        outbox.enqueue(session, "stock", product.sku)
        views = [movement_view(session, m) for m in movements]
    return Changed(views, Changes(stock=frozenset({product.id})))
