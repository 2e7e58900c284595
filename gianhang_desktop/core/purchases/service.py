"""Purchase receipts (nhập hàng): goods received from a supplier at a cost, into a lot, paid or owed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock, doc_codes
from ..cashbook.service import check_fund, post_entry
from ..catalog.models import Product
from ..catalog.scan import match_in_session
from ..catalog.validation import parse_date
from ..changes import Changed, Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import ValidationError
from ..i18n import msg
from ..money import format_vnd, parse_vnd
from ..periods import read_period
from ..phone import normalize_phone
from ..stock.costing import CostPool, share
from ..stock.ledger import lock_products, post_movement
from ..stock.service import current_user, lot_for, parse_quantity, resolve_warehouse
from ..sync import outbox
from ..text import clean, clean_multiline, fold
from .models import Purchase, PurchaseLine, Supplier

MAX_LINES = 500


@dataclass(frozen=True)
class PurchaseItem:
    """A line as entered: SKU or barcode, quantity, unit cost in đồng; lot and dates override the
    receipt's own (`add_purchase(lot=…, expiry=…)`)."""

    code: str
    quantity: int | str
    unit_cost: int | str
    lot: str | None = None
    expiry: str | date | None = None
    harvest: str | date | None = None


@dataclass(frozen=True)
class PurchaseLineView:
    sku: str
    name: str
    quantity: int
    unit_cost: int
    amount: int
    lot: str
    expiry: date | None

    def to_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "name": self.name, "quantity": self.quantity, "unit_cost": self.unit_cost,
                "amount": self.amount, "lot": self.lot, "expiry": self.expiry.isoformat() if self.expiry else None}


@dataclass(frozen=True)
class PurchaseView:
    code: str
    supplier: str
    created_at: datetime
    warehouse: str
    lines: tuple[PurchaseLineView, ...]
    total: int
    paid: int
    supplier_debt: int  # what the shop owes the supplier after this receipt
    user_name: str

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "supplier": self.supplier, "created_at": clock.to_local(self.created_at).isoformat(),
                "warehouse": self.warehouse, "items": [line.to_json() for line in self.lines], "total": self.total,
                "paid": self.paid, "owed": self.total - self.paid, "supplier_debt": self.supplier_debt,
                "user": self.user_name}


@dataclass(frozen=True)
class SupplierRow:
    id: int
    name: str
    phone: str
    debt: int
    purchases: int
    bought: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "phone": self.phone, "debt": self.debt, "purchases": self.purchases,
                "bought": self.bought}


def add_purchase(db: Database, supplier: str, items: Sequence[PurchaseItem], *, warehouse: str | None = None,
                 lot: str | None = None, expiry: str | date | None = None, harvest: str | date | None = None,
                 paid: int | str | None = None, fund: str = "cash", supplier_phone: str = "", note: str = "",
                 user: str | None = None) -> Changed[PurchaseView]:
    """Receive goods from `supplier` (made on first use): one ledger receipt per line at its cost,
    into its lot (`lot`/`expiry` for every line unless the line names its own), the lot's moving
    average cost updated (core/stock/costing.py) and the catalogue's cost set to the product's
    average. `paid` (default: all) goes out of `fund` as a voucher; the rest is owed to the
    supplier.

    Raises:
        ValidationError: "supplier" (empty), "items" (none, or an unknown product), "quantity",
            "cost", "expiry" (unreadable, before harvest, or already past: expired goods are not
            bought), "lot" (a lot that already has another expiry), "paid" (above the total),
            "fund", "warehouse", "phone".
    """
    name = clean(supplier)
    if not name:
        raise ValidationError("supplier", msg("Chưa nhập nhà cung cấp", "No supplier given"))
    if not items:
        raise ValidationError("items", msg("Phiếu nhập chưa có hàng", "The receipt has no goods"))
    if len(items) > MAX_LINES:
        raise ValidationError("items", msg("Tối đa {n} dòng một phiếu", "At most {n} lines a receipt", n=MAX_LINES))
    phone = normalize_phone(supplier_phone, "phone") if clean(supplier_phone) else ""
    fund = check_fund(fund)
    user = current_user() if user is None else user
    today = clock.today()
    with db.session() as session:
        lines = [_line(session, item, lot, expiry, harvest, today) for item in items]
        total = sum(quantity * cost for _product, quantity, cost, _lot, _exp, _harv in lines)
        paid_amount = total if paid in (None, "") else parse_vnd(paid, "paid")
        if paid_amount > total:
            raise ValidationError("paid", msg("Số tiền trả {paid} lớn hơn tổng phiếu nhập {total}",
                                              "The payment {paid} is more than the receipt's total {total}",
                                              paid=format_vnd(paid_amount), total=format_vnd(total)))
        row = _supplier(session, name, phone)
        lock_products(session, [product.id for product, *_ in lines])
        wh = resolve_warehouse(session, warehouse)
        purchase = Purchase(code=doc_codes.next_code(session, Purchase.code, doc_codes.PURCHASE, today),
                            supplier_id=row.id, warehouse_id=wh.id, local_day=today, created_at=utcnow(), total=total,
                            paid=paid_amount, user_name=user, note=clean_multiline(note)[:500])
        session.add(purchase)
        session.flush()
        views = []
        for number, (product, quantity, cost, lot_code, expiry_date, harvest_date) in enumerate(lines, start=1):
            lot_row = lot_for(session, product, lot_code, expiry_date, harvest_date) if (lot_code or expiry_date) else None
            post_movement(session, product_id=product.id, warehouse_id=wh.id, lot_id=lot_row.id if lot_row else None,
                          kind="receipt", quantity=quantity, reason=f"Nhập hàng {purchase.code} từ {row.name}",
                          user_name=user, reference=purchase.code, sku=product.sku, cost_value=quantity * cost)
            purchase.lines.append(PurchaseLine(line_no=number, product_id=product.id, sku=product.sku,
                                               name=product.name, quantity=quantity, unit_cost=cost,
                                               amount=quantity * cost, lot_id=lot_row.id if lot_row else None))
            views.append(PurchaseLineView(product.sku, product.name, quantity, cost, quantity * cost,
                                          lot_row.code if lot_row else "", lot_row.expiry_date if lot_row else None))
            outbox.enqueue(session, "stock", product.sku)
        for product_id in {product.id for product, *_ in lines}:
            _average_into_catalogue(session, product_id)
        if total > paid_amount:
            session.execute(Supplier.__table__.update().where(Supplier.id == row.id)
                            .values(debt=Supplier.debt + (total - paid_amount)))
        if paid_amount:
            post_entry(session, direction="out", fund=fund, amount=paid_amount, category="purchase",
                       reason=f"Trả tiền nhập hàng {purchase.code} ({row.name})", reference=purchase.code,
                       supplier_id=row.id, user=user)
        session.flush()
        debt = int(session.scalar(select(Supplier.debt).where(Supplier.id == row.id)) or 0)
        view = PurchaseView(purchase.code, row.name, purchase.created_at, wh.code, tuple(views), total, paid_amount,
                            debt, user)
    product_ids = frozenset(product.id for product, *_ in lines)
    return Changed(view, Changes(stock=product_ids, products=product_ids, purchases=True,
                                 cashbook=bool(paid_amount)))


def _line(session: Session, item: PurchaseItem, lot: str | None, expiry, harvest, today: date):
    code = clean(item.code)
    found = match_in_session(session, code) if code else None
    if found is None:
        raise ValidationError("items", msg("Không tìm thấy sản phẩm có mã '{code}'", "No product with code '{code}'",
                                           code=code))
    product: Product = found[0]
    quantity = parse_quantity(item.quantity)
    if quantity <= 0:
        raise ValidationError("quantity", msg("Số lượng nhập {sku} phải lớn hơn 0",
                                              "The quantity of {sku} received must be above 0", sku=product.sku))
    cost = parse_vnd(item.unit_cost, "cost")
    expiry_date = parse_date("expiry", item.expiry if item.expiry not in (None, "") else expiry)
    harvest_date = parse_date("harvest", item.harvest if item.harvest not in (None, "") else harvest)
    if expiry_date and harvest_date and expiry_date < harvest_date:
        raise ValidationError("expiry", msg("Hạn sử dụng trước ngày thu hoạch", "Expiry is before the harvest date"))
    if expiry_date and expiry_date < today:
        raise ValidationError("expiry", msg(
            "Hàng {sku} đã hết hạn ngày {date:%d/%m/%Y}: không nhập hàng hết hạn",
            "{sku} expired on {date:%d/%m/%Y}: expired goods are not received", sku=product.sku, date=expiry_date))
    return product, quantity, cost, clean(item.lot) or clean(lot) or None, expiry_date, harvest_date


def _supplier(session: Session, name: str, phone: str) -> Supplier:
    key = fold(name)
    row = session.scalar(select(Supplier).where(Supplier.name_key == key))
    if row is None:
        row = Supplier(name=name, name_key=key, phone=phone, debt=0, created_at=utcnow())
        session.add(row)
        session.flush()
    elif phone and not row.phone:
        row.phone = phone
    return row


def _average_into_catalogue(session: Session, product_id: int) -> None:
    """The catalogue's cost (giá vốn) becomes the average cost of the product's stock on hand."""
    quantity, value = session.execute(
        select(func.coalesce(func.sum(CostPool.quantity), 0), func.coalesce(func.sum(CostPool.value), 0))
        .where(CostPool.product_id == product_id, CostPool.quantity > 0)).one()
    if quantity:
        session.execute(Product.__table__.update().where(Product.id == product_id)
                        .values(cost=share(int(value), int(quantity))))


def suppliers(db: Database) -> list[SupplierRow]:
    """Every supplier with their receipts, what was bought from them and what the shop owes them."""
    with db.read_session() as session:
        stats = dict((sid, (n, total)) for sid, n, total in session.execute(
            select(Purchase.supplier_id, func.count(), func.sum(Purchase.total)).group_by(Purchase.supplier_id)))
        rows = session.scalars(select(Supplier).order_by(Supplier.name_key))
        return [SupplierRow(s.id, s.name, s.phone, s.debt, *(int(x or 0) for x in stats.get(s.id, (0, 0))))
                for s in rows]


def purchases_between(db: Database, date_from=None, date_to=None) -> list[PurchaseView]:
    """Purchase receipts of the shop days [date_from, date_to] (default today), oldest first."""
    start, end = read_period(date_from, date_to)
    with db.read_session() as session:
        out = []
        for purchase in session.scalars(select(Purchase).where(Purchase.local_day >= start, Purchase.local_day <= end)
                                        .order_by(Purchase.id)):
            supplier = session.get(Supplier, purchase.supplier_id)
            lines = tuple(PurchaseLineView(line.sku, line.name, line.quantity, line.unit_cost, line.amount, "", None)
                          for line in purchase.lines)
            out.append(PurchaseView(purchase.code, supplier.name, purchase.created_at, "", lines, purchase.total,
                                    purchase.paid, supplier.debt, purchase.user_name))
        return out
