"""Stock services: receive, adjust, transfer; on-hand reports, ledger history, dashboard lists."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock
from ..catalog.models import Product
from ..catalog.service import get_product_row
from ..catalog.validation import parse_date
from ..changes import Changed, Changes
from ..database import Database
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import msg
from ..staff import audit
from ..staff.access import os_user, recorded_user, require
from ..staff.roles import Permission
from ..sync import outbox
from ..text import clean, fold
from .ledger import lock_products, post_movement
from .models import Lot, StockBalance, StockMovement, StockTotal, Warehouse
from .sellable import is_expired, last_sale_day, lot_status, sellable_lots
from .views import ExpiringLot, LotBalance, LowStockRow, MovementView, StockReport, WarehouseBalance

MAX_QUANTITY = 10_000_000


class ExpiredReceipt(ValidationError):
    """Goods past their expiry date offered for receipt without `allow_expired` (field "expiry")."""

    def __init__(self, expiry: date, lot: str | None = None):
        self.expiry, self.lot = expiry, lot
        today = clock.today()
        if lot:
            text = msg("Lô {lot} đã hết hạn (HSD {date:%d/%m/%Y}, hôm nay {today:%d/%m/%Y}): hàng hết hạn chỉ được "
                       "ghi nhận để hủy, không nhập để bán",
                       "Lot {lot} has expired (expiry {date:%d/%m/%Y}, today {today:%d/%m/%Y}): expired goods are "
                       "recorded only to be written off, never received for sale", lot=lot, date=expiry, today=today)
        else:
            text = msg("Hạn sử dụng {date:%d/%m/%Y} đã qua (hôm nay {today:%d/%m/%Y}): hàng hết hạn chỉ được ghi "
                       "nhận để hủy, không nhập để bán",
                       "The expiry date {date:%d/%m/%Y} has passed (today {today:%d/%m/%Y}): expired goods are "
                       "recorded only to be written off, never received for sale", date=expiry, today=today)
        super().__init__("expiry", text)


def current_user() -> str:
    """The computer's login name: what a line records when nobody is signed in (core.staff)."""
    return os_user()


def receive_stock(
    db: Database, sku: str, quantity: int | str, *, warehouse: str | None = None, lot: str | None = None,
    expiry: str | date | None = None, harvest: str | date | None = None, reason: str = "", user: str | None = None,
    allow_expired: bool = False,
) -> Changed[MovementView]:
    """Goods in: add `quantity` to a warehouse (default "Kho chính"), optionally into a lot.

    Goods whose expiry date has passed (the date given, or the named lot's) are refused with
    `ExpiredReceipt` (a ValidationError on "expiry") unless `allow_expired`: recording old stock
    so that it can be written off. Such stock is never sold (core.stock.sellable).

    Raises:
        ValidationError: a bad quantity, date, lot or warehouse (named in `field`); `ExpiredReceipt`
            for goods already expired without `allow_expired`.
        NotFound: no product `sku`, or no warehouse at all.
    """
    qty = parse_quantity(quantity)
    if qty <= 0:
        raise ValidationError("quantity", msg("Số lượng nhập phải lớn hơn 0", "Quantity received must be above 0"))
    expiry_date = parse_date("expiry", expiry)
    harvest_date = parse_date("harvest", harvest)
    if expiry_date and harvest_date and expiry_date < harvest_date:
        raise ValidationError("expiry", msg("Hạn sử dụng trước ngày thu hoạch", "Expiry is before the harvest date"))
    if harvest_date and harvest_date > clock.today():
        raise ValidationError("harvest", msg("Ngày thu hoạch {date:%d/%m/%Y} chưa tới",
                                             "The harvest date {date:%d/%m/%Y} is in the future", date=harvest_date))
    if expiry_date and not allow_expired and is_expired(expiry_date):
        raise ExpiredReceipt(expiry_date)
    with db.session() as session:
        require(session, Permission.STOCK_RECEIVE)
        product = get_product_row(session, sku)
        lock_products(session, [product.id])
        wh = resolve_warehouse(session, warehouse)
        lot_row = lot_for(session, product, lot, expiry_date, harvest_date) if (lot or expiry_date) else None
        if lot_row is not None and not allow_expired and is_expired(lot_row.expiry_date):
            raise ExpiredReceipt(lot_row.expiry_date, lot_row.code)
        mv = post_movement(
            session, product_id=product.id, warehouse_id=wh.id, lot_id=lot_row.id if lot_row else None,
            kind="receipt", quantity=qty, reason=clean(reason), user_name=recorded_user(session, user),
            sku=product.sku,
        )
        outbox.enqueue(session, "stock", product.sku)
        view = movement_view(session, mv)
    return Changed(view, Changes(stock=frozenset({product.id})))


def adjust_stock(
    db: Database, sku: str, delta: int | str, *, reason: str, warehouse: str | None = None, lot: str | None = None,
    allow_negative: bool = False, user: str | None = None,
) -> Changed[list[MovementView]]:
    """A counted correction (+ or −) with a required reason; a removal without a lot takes the
    sellable lots, earliest expiry first (expired and held-back lots are taken only when named:
    a write-off of expired goods is an adjustment on that lot). Going below zero needs
    `allow_negative`.

    Raises:
        ValidationError: a zero or bad quantity ("delta"), no reason, an unknown lot or warehouse.
        NotFound: no product `sku`.
        Conflict("quantity"): not that much in stock (unless `allow_negative`).
    """
    qty = parse_quantity(delta, allow_negative=True)
    if qty == 0:
        raise ValidationError("delta", msg("Số lượng điều chỉnh phải khác 0", "Adjustment must not be 0"))
    reason = clean(reason)
    if not reason:
        raise ValidationError("reason", msg("Cần ghi lý do điều chỉnh", "An adjustment needs a reason"))
    with db.session() as session:
        require(session, Permission.STOCK_ADJUST_UP if qty > 0 else Permission.STOCK_ADJUST_DOWN)
        user = recorded_user(session, user)
        product = get_product_row(session, sku)
        lock_products(session, [product.id])
        before = _on_hand(session, product.id)
        wh = resolve_warehouse(session, warehouse)
        lot_row = _existing_lot(session, product, lot) if lot else None
        if qty > 0 or lot_row is not None or allow_negative:
            parts = [(lot_row.id if lot_row else None, qty)]
        else:
            parts = [(lot_id, -take) for lot_id, take in _pick_fefo(session, product, wh, -qty)]
        movements = [
            post_movement(
                session, product_id=product.id, warehouse_id=wh.id, lot_id=lot_id, kind="adjustment",
                quantity=part, reason=reason, user_name=user, allow_negative=allow_negative, sku=product.sku,
            )
            for lot_id, part in parts
        ]
        audit.record(session, "stock.adjust", "product", product.sku,
                     {"on_hand": before}, {"on_hand": _on_hand(session, product.id), "reason": reason,
                                           "warehouse": wh.code, "quantity": qty})
        outbox.enqueue(session, "stock", product.sku)
        views = [movement_view(session, m) for m in movements]
    return Changed(views, Changes(stock=frozenset({product.id})))


def transfer_stock(
    db: Database, sku: str, quantity: int | str, *, source: str, target: str, lot: str | None = None,
    reason: str = "", user: str | None = None,
) -> Changed[list[MovementView]]:
    """Move goods between warehouses, keeping their lots (the sellable lots, earliest expiry first,
    when no lot is named; a named lot moves even when expired, e.g. to a disposal store).

    Raises:
        ValidationError: a bad quantity, the same warehouse twice ("to"), an unknown lot or warehouse.
        NotFound: no product `sku`.
        Conflict("quantity"): not that much in the source warehouse.
    """
    qty = parse_quantity(quantity)
    if qty <= 0:
        raise ValidationError("quantity", msg("Số lượng chuyển phải lớn hơn 0", "Quantity to move must be above 0"))
    with db.session() as session:
        require(session, Permission.STOCK_TRANSFER)
        user = recorded_user(session, user)
        product = get_product_row(session, sku)
        lock_products(session, [product.id])
        src = resolve_warehouse(session, source, field="from")
        dst = resolve_warehouse(session, target, field="to")
        if src.id == dst.id:
            raise ValidationError("to", msg("Kho nhận phải khác kho chuyển", "Target must differ from the source warehouse"))
        if lot:
            lot_row = _existing_lot(session, product, lot)
            parts = [(lot_row.id, qty)]
        else:
            parts = _pick_fefo(session, product, src, qty)
        ref = f"TR-{uuid.uuid4().hex[:10]}"
        movements = []
        for lot_id, part in parts:
            common = dict(product_id=product.id, lot_id=lot_id, reason=clean(reason), user_name=user,
                          reference=ref, sku=product.sku)
            movements.append(post_movement(session, warehouse_id=src.id, kind="transfer_out", quantity=-part, **common))
            movements.append(post_movement(session, warehouse_id=dst.id, kind="transfer_in", quantity=part, **common))
        views = [movement_view(session, m) for m in movements]
    return Changed(views, Changes(stock=frozenset({product.id})))


def _on_hand(session: Session, product_id: int) -> int:
    session.flush()
    return session.scalar(select(StockTotal.on_hand).where(StockTotal.product_id == product_id)) or 0


def stock_report(db: Database, sku: str) -> StockReport:
    """On hand in total, per warehouse and per lot (lots with nothing left are left out); each lot
    says whether it may be sold today (sellable, stop_selling, expired) and its last sale day.

    Raises:
        NotFound: no product `sku`.
    """
    today = clock.today()
    with db.read_session() as session:
        product = get_product_row(session, sku)
        rows = session.execute(
            select(Warehouse.code, Warehouse.name, Lot.code, Lot.expiry_date, Lot.harvest_date, StockBalance.on_hand)
            .join(Warehouse, Warehouse.id == StockBalance.warehouse_id)
            .join(Lot, Lot.id == StockBalance.lot_id, isouter=True)
            .where(StockBalance.product_id == product.id, StockBalance.on_hand != 0)
            .order_by(Warehouse.code, Lot.expiry_date.is_(None), Lot.expiry_date, Lot.code)
        ).all()
        total = session.scalar(select(StockTotal.on_hand).where(StockTotal.product_id == product.id)) or 0
        stop_days = product.stop_selling_days
    by_wh: dict[str, tuple[str, list[LotBalance]]] = {}
    for wh_code, wh_name, lot_code, expiry, harvest, on_hand in rows:
        by_wh.setdefault(wh_code, (wh_name, []))[1].append(LotBalance(
            lot_code, expiry, harvest, on_hand, lot_status(expiry, stop_days, today).value,
            last_sale_day(expiry, stop_days)))
    warehouses = tuple(
        WarehouseBalance(code, name, sum(lb.on_hand for lb in lots), tuple(lots)) for code, (name, lots) in by_wh.items()
    )
    return StockReport(product.sku, product.name, product.unit, total, warehouses)


def movements(db: Database, sku: str, limit: int = 500) -> list[MovementView]:
    """The ledger of one product, newest first.

    Raises:
        NotFound: no product `sku`.
    """
    with db.read_session() as session:
        product = get_product_row(session, sku)
        rows = session.scalars(
            select(StockMovement).where(StockMovement.product_id == product.id).order_by(StockMovement.id.desc()).limit(limit)
        )
        return [movement_view(session, m) for m in rows]


def low_stock(db: Database, limit: int = 50) -> list[LowStockRow]:
    """Active products at or under their low-stock threshold, emptiest first."""
    with db.read_session() as session:
        rows = session.execute(
            select(Product.id, Product.sku, Product.name, StockTotal.on_hand, Product.low_stock_threshold)
            .join(StockTotal, StockTotal.product_id == Product.id)
            .where(Product.status == "active", Product.low_stock_threshold > 0,
                   StockTotal.on_hand <= Product.low_stock_threshold)
            .order_by(StockTotal.on_hand, Product.name)
            .limit(limit)
        ).all()
    return [LowStockRow(*r) for r in rows]


def expiring_soon(db: Database, days: int = 30, limit: int = 50, today: date | None = None) -> list[ExpiringLot]:
    """Lots still in stock whose expiry falls within `days` from the shop's today, soonest first.

    Expired lots are not "expiring soon": they are listed by ``expiry.expired_lots``.
    """
    today = today or clock.today()
    horizon = today + timedelta(days=days)
    with db.read_session() as session:
        rows = session.execute(
            select(Product.id, Product.sku, Product.name, Lot.code, Lot.expiry_date, Warehouse.name, StockBalance.on_hand)
            .join(Lot, Lot.id == StockBalance.lot_id)
            .join(Product, Product.id == StockBalance.product_id)
            .join(Warehouse, Warehouse.id == StockBalance.warehouse_id)
            .where(StockBalance.on_hand > 0, Lot.expiry_date.is_not(None), Lot.expiry_date >= today,
                   Lot.expiry_date <= horizon)
            .order_by(Lot.expiry_date, Product.name)
            .limit(limit)
        ).all()
    return [ExpiringLot(*r) for r in rows]


def stock_value(db: Database) -> int:
    """Value of stock on hand at cost (price when no cost is known), in đồng."""
    with db.read_session() as session:
        value = session.scalar(
            select(func.coalesce(func.sum(StockTotal.on_hand * func.coalesce(Product.cost, Product.price)), 0))
            .join(Product, Product.id == StockTotal.product_id)
            .where(StockTotal.on_hand > 0, Product.status == "active")
        )
    return int(value or 0)


def warehouses(db: Database) -> list[tuple[str, str]]:
    """(code, name) of every warehouse, the default first."""
    with db.read_session() as session:
        rows = session.execute(select(Warehouse.code, Warehouse.name).order_by(Warehouse.is_default.desc(), Warehouse.name))
        return [tuple(r) for r in rows]


def add_warehouse(db: Database, code: str, name: str, address: str = "") -> Changes:
    """A new warehouse.

    Raises:
        ValidationError("code" or "name"): one is empty.
        Conflict("code"): a warehouse has this code already.
    """
    code = clean(code).upper()
    if not code:
        raise ValidationError("code", msg("Chưa nhập mã kho", "Warehouse code is required"))
    if not clean(name):
        raise ValidationError("name", msg("Chưa nhập tên kho", "Warehouse name is required"))
    with db.session() as session:
        if session.scalar(select(Warehouse.id).where(Warehouse.code == code)):
            raise Conflict(msg("Mã kho '{code}' đã tồn tại", "Warehouse '{code}' already exists", code=code), field="code")
        session.add(Warehouse(code=code, name=clean(name), address=clean(address)))
    return Changes(stock=frozenset())


def parse_quantity(value: int | str, allow_negative: bool = False, field: str = "quantity") -> int:
    """A whole quantity in the product's unit; "1.000" reads as a thousand, fractions are refused.

    Raises:
        ValidationError(`field`): not a whole number, negative (unless allowed) or too large.
    """
    if isinstance(value, bool):
        raise ValidationError(field, msg("Số lượng không hợp lệ", "Invalid quantity"))
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace(" ", "")
        sign = -1 if text.startswith("-") else 1
        body = text.lstrip("+-")
        if body.isdigit():
            number = sign * int(body)
        elif body and all(g.isdigit() and len(g) == 3 for g in body.split(".")[1:]) and body.split(".")[0].isdigit():
            number = sign * int(body.replace(".", ""))
        else:
            raise ValidationError(
                field, msg("Số lượng phải là số nguyên: '{value}'", "Quantity must be a whole number: '{value}'", value=value)
            )
    if number < 0 and not allow_negative:
        raise ValidationError(field, msg("Số lượng không được âm", "Quantity must not be negative"))
    if abs(number) > MAX_QUANTITY:
        raise ValidationError(field, msg("Số lượng quá lớn", "Quantity too large"))
    return number


def resolve_warehouse(session: Session, code_or_name: str | None, field: str = "warehouse") -> Warehouse:
    """The warehouse by code or name (tone marks optional); the default one when none is given.

    Raises:
        ValidationError(`field`): no warehouse by that code or name.
        NotFound: no warehouse at all (none given).
    """
    if not code_or_name or not code_or_name.strip():
        wh = session.scalar(select(Warehouse).where(Warehouse.is_default.is_(True)))
        if wh is None:
            wh = session.scalar(select(Warehouse).order_by(Warehouse.id))
        if wh is None:
            raise NotFound(msg("Chưa có kho nào", "No warehouse exists"))
        return wh
    wanted = fold(code_or_name.strip())
    for wh in session.scalars(select(Warehouse)):
        if fold(wh.code) == wanted or fold(wh.name) == wanted:
            return wh
    raise ValidationError(field, msg("Không có kho '{name}'", "No warehouse '{name}'", name=code_or_name))


def lot_for(session: Session, product: Product, code: str | None, expiry: date | None, harvest: date | None) -> Lot:
    """The product's lot `code`, created on first receipt; a lot keeps one expiry date.

    Raises:
        ValidationError("expiry"): the lot exists with another expiry date.
    """
    code = clean(code) or (f"HSD-{expiry:%Y%m%d}" if expiry else "")
    lot = session.scalar(select(Lot).where(Lot.product_id == product.id, Lot.code == code))
    if lot is None:
        lot = Lot(product_id=product.id, code=code, expiry_date=expiry, harvest_date=harvest)
        session.add(lot)
        session.flush()
        return lot
    if expiry is not None and lot.expiry_date is not None and lot.expiry_date != expiry:
        raise ValidationError(
            "expiry",
            msg("Lô {lot} đã có hạn sử dụng {date:%d/%m/%Y}", "Lot {lot} already has expiry {date:%d/%m/%Y}",
                lot=code, date=lot.expiry_date),
        )
    if expiry is not None and lot.expiry_date is None:
        lot.expiry_date = expiry
    if harvest is not None and lot.harvest_date is None:
        lot.harvest_date = harvest
    return lot


def _existing_lot(session: Session, product: Product, code: str) -> Lot:
    lot = session.scalar(select(Lot).where(Lot.product_id == product.id, Lot.code == clean(code)))
    if lot is None:
        raise ValidationError("lot", msg("Sản phẩm {sku} không có lô '{lot}'", "Product {sku} has no lot '{lot}'",
                                         sku=product.sku, lot=code))
    return lot


def _pick_fefo(session: Session, product: Product, wh: Warehouse, quantity: int) -> list[tuple[int | None, int]]:
    parts: list[tuple[int | None, int]] = []
    left = quantity
    for lot in sellable_lots(session, product.id, wh.id):
        take = min(left, lot.quantity)
        parts.append((lot.lot_id, take))
        left -= take
        if left == 0:
            return parts
    available = quantity - left
    raise Conflict(
        msg("Không đủ hàng còn bán được {sku} ở {wh}: còn {have}, cần {need} (lô hết hạn hoặc ngừng bán "
            "chỉ được lấy khi ghi rõ lô)",
            "Not enough sellable {sku} in {wh}: {have} left, {need} needed (expired or held-back lots "
            "are taken only when the lot is named)",
            sku=product.sku, wh=wh.name, have=available, need=quantity),
        field="quantity",
    )


def movement_view(session: Session, m: StockMovement) -> MovementView:
    """The plain view of one ledger line."""
    # session.get: the product, warehouse and lot a write just used are in the session already
    # (no round trip to a server for them).
    product = session.get(Product, m.product_id)
    wh = session.get(Warehouse, m.warehouse_id)
    lot = session.get(Lot, m.lot_id) if m.lot_id else None
    return MovementView(m.id, product.sku if product else "", wh.code if wh else "", lot.code if lot else None,
                        m.kind, m.quantity, m.reason, m.user_name, m.reference, m.created_at)
