"""Selling at the counter: a checked cart becomes a bill, its stock leaves by FEFO, its money is booked.

One transaction per bill: the sale and its lines, the ledger lines (one per lot taken), the
customer and what they owe, the cash book vouchers, and the store's stock push. Any refusal
leaves all of it unwritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .. import clock, doc_codes
from ..cashbook.service import post_entry
from ..catalog.models import Product
from ..catalog.scan import match_in_session
from ..changes import Changed, Changes
from ..customers.service import customer_phone, find_or_create, record_debt, sale_outstanding
from ..database import Database
from ..db.base import utcnow
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import msg
from ..money import parse_vnd
from ..stock.ledger import lock_products
from ..stock.models import Lot, Warehouse
from ..stock.service import current_user, parse_quantity, resolve_warehouse
from ..sync import outbox
from ..text import clean, clean_multiline
from . import stock_out
from .cart import LineDraft, SaleDraft, discount_amount, settle, split
from .models import Sale, SaleLine, SaleReturn
from .views import LotTaken, SaleLineView, SaleRow, SaleView

MAX_LINES = 500
MAX_LINE_QUANTITY = 1_000_000


@dataclass
class _Line:
    product: Product
    quantity: int
    unit_price: int
    discount: int
    lot: str | None

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price - self.discount


def sell(db: Database, draft: SaleDraft, *, user: str | None = None) -> Changed[SaleView]:
    """Record a counter sale: check the cart and the payment, take the stock by FEFO from sellable
    lots only, book the money, and remember the customer.

    Returns the sale as its receipt shows it (code HD-YYMMDD-NNNN, total, change due, debt).

    Raises:
        ValidationError: "items" (empty cart, unknown or archived product), "quantity",
            "unit_price", "discount" (above the line or the bill), "pay" (a payment below the
            total without a customer to owe it, a transfer above the total), "customer" (a
            phone that is not one: an old 11-digit number names its new form), "lot" (a lot
            named that is expired, held back before expiry, or unknown), "warehouse".
        Conflict: not enough sellable stock (expired lots never count; units held for confirmed
            orders are not sold), field "quantity".
    """
    if not draft.items:
        raise ValidationError("items", msg("Giỏ hàng trống", "The cart is empty"))
    if len(draft.items) > MAX_LINES:
        raise ValidationError("items", msg("Tối đa {n} dòng một hóa đơn", "At most {n} lines a bill", n=MAX_LINES))
    phone = customer_phone(draft.customer_phone, "customer") if clean(draft.customer_phone) else ""
    cash = parse_vnd(draft.cash or 0, "cash")
    transfer = parse_vnd(draft.transfer or 0, "transfer")
    user = current_user() if user is None else user
    with db.session() as session:
        lines = [_line(session, item) for item in draft.items]
        subtotal = sum(line.amount for line in lines)
        bill_discount = discount_amount(draft.discount, subtotal)
        total = subtotal - bill_discount
        paid = settle(total, cash, transfer, on_credit_allowed=bool(phone))
        customer = find_or_create(session, phone, draft.customer_name) if phone else None
        lock_products(session, [line.product.id for line in lines])
        warehouse = resolve_warehouse(session, draft.warehouse)
        day = clock.today()
        sale = Sale(
            code=doc_codes.next_code(session, Sale.code, doc_codes.SALE, day), local_day=day, created_at=utcnow(),
            status="awaiting_payment" if draft.await_transfer and paid.paid_transfer else "completed",
            warehouse_id=warehouse.id, customer_id=customer.id if customer else None,
            customer_name=customer.name if customer else "", customer_phone=phone, user_name=user,
            subtotal=subtotal, discount=bill_discount, total=total, cash_tendered=paid.cash_tendered,
            change_due=paid.change_due, paid_cash=paid.paid_cash, paid_transfer=paid.paid_transfer, debt=paid.debt,
            note=clean_multiline(draft.note)[:500],
        )
        shares = split(bill_discount, [line.amount for line in lines])
        sale.lines = [
            SaleLine(line_no=i, product_id=line.product.id, sku=line.product.sku, name=line.product.name,
                     unit=line.product.unit, quantity=line.quantity, unit_price=line.unit_price, discount=line.discount,
                     amount=line.amount, bill_discount=share, net_amount=line.amount - share, cogs=0)
            for i, (line, share) in enumerate(zip(lines, shares, strict=True), start=1)
        ]
        session.add(sale)
        session.flush()
        stock_out.take(session, sale, warehouse, [line.lot for line in lines], user)
        sale.cogs = sum(line.cogs for line in sale.lines)
        _book_money(session, sale, customer, user)
        for sku in sorted({line.sku for line in sale.lines}):
            outbox.enqueue(session, "stock", sku)
        view = sale_view(session, sale)
    changes = Changes(stock=frozenset(line.product.id for line in lines), sales=frozenset({sale.id}),
                      customers=frozenset({customer.id}) if customer else frozenset(), cashbook=True)
    return Changed(view, changes)


def _line(session: Session, item: LineDraft) -> _Line:
    code = clean(item.code)
    found = match_in_session(session, code) if code else None
    if found is None:
        raise ValidationError("items", msg("Không tìm thấy sản phẩm có mã '{code}'", "No product with code '{code}'",
                                           code=code))
    product = found[0]
    if product.status != "active":
        raise ValidationError("items", msg("Sản phẩm {sku} đã ngừng bán", "Product {sku} is no longer sold",
                                           sku=product.sku))
    quantity = parse_quantity(item.quantity)
    if not 0 < quantity <= MAX_LINE_QUANTITY:
        raise ValidationError("quantity", msg("Số lượng {sku} phải lớn hơn 0", "The quantity of {sku} must be above 0",
                                              sku=product.sku))
    price = product.price if item.unit_price in (None, "") else parse_vnd(item.unit_price, "unit_price")
    discount = discount_amount(item.discount, quantity * price)
    return _Line(product, quantity, price, discount, clean(item.lot) or None)


def _book_money(session: Session, sale: Sale, customer, user: str) -> None:
    reason = f"Bán hàng {sale.code}"
    if sale.paid_cash:
        post_entry(session, direction="in", fund="cash", amount=sale.paid_cash, category="sale", reason=reason,
                   reference=sale.code, customer_id=sale.customer_id, user=user)
    if sale.paid_transfer and sale.status == "completed":
        post_entry(session, direction="in", fund="bank", amount=sale.paid_transfer, category="sale", reason=reason,
                   reference=sale.code, customer_id=sale.customer_id, user=user)
    if sale.debt:
        record_debt(session, customer, "sale", sale.debt, sale_id=sale.id, reference=sale.code,
                    note=f"Mua nợ {sale.code}", user=user)


def get_sale_row(session: Session, code: str, *, for_update: bool = False) -> Sale:
    """The sale by its code (case and spaces ignored). Raises NotFound."""
    wanted = clean(code).upper()
    stmt = select(Sale).where(Sale.code == wanted).options(selectinload(Sale.lines))
    if for_update:
        stmt = stmt.with_for_update(of=Sale).execution_options(populate_existing=True)
    sale = session.scalar(stmt)
    if sale is None:
        raise NotFound(msg("Không có hóa đơn '{code}'", "No sale '{code}'", code=wanted))
    return sale


def get_sale(db: Database, code: str) -> SaleView:
    """One sale with its lines, the lots they took and what has been returned. Raises NotFound."""
    with db.read_session() as session:
        return sale_view(session, get_sale_row(session, code))


def sale_view(session: Session, sale: Sale) -> SaleView:
    lot_rows = {lot.id: lot for lot in session.scalars(select(Lot).where(Lot.id.in_(
        [part.lot_id for line in sale.lines for part in line.lots if part.lot_id])))}
    lines = tuple(
        SaleLineView(
            line.sku, line.name, line.unit, line.quantity, line.unit_price, line.discount, line.amount,
            line.bill_discount, line.net_amount, line.cogs, line.returned_quantity,
            tuple(LotTaken(lot_rows[p.lot_id].code if p.lot_id else "",
                           lot_rows[p.lot_id].expiry_date if p.lot_id else None, p.quantity) for p in line.lots))
        for line in sale.lines)
    returned = int(session.scalar(select(func.coalesce(func.sum(SaleReturn.amount), 0))
                                  .where(SaleReturn.sale_id == sale.id)) or 0)
    warehouse = session.scalar(select(Warehouse.code).where(Warehouse.id == sale.warehouse_id)) or ""
    return SaleView(
        sale.id, sale.code, sale.status, sale.created_at, warehouse, sale.customer_phone, sale.customer_name,
        sale.user_name, lines, sale.subtotal, sale.discount, sale.total, sale.cash_tendered, sale.change_due,
        sale.paid_cash, sale.paid_transfer, sale.debt, sale.cogs, sale.note, returned, sale_outstanding(session, sale))


def sales_of_day(db: Database, day=None, *, limit: int = 500) -> list[SaleRow]:
    """The counter sales of a shop day (default today), newest first."""
    day = day or clock.today()
    with db.read_session() as session:
        rows = session.execute(
            select(Sale.id, Sale.code, Sale.created_at, Sale.status, Sale.customer_name, Sale.customer_phone,
                   Sale.total, Sale.debt, Sale.user_name)
            .where(Sale.local_day == day).order_by(Sale.id.desc()).limit(limit))
        return [SaleRow(i, code, at, status, name or phone, total, debt, who)
                for i, code, at, status, name, phone, total, debt, who in rows]


def awaiting_payment(db: Database) -> list[SaleRow]:
    """Sales whose bank transfer has not been confirmed yet, oldest first."""
    with db.read_session() as session:
        rows = session.execute(
            select(Sale.id, Sale.code, Sale.created_at, Sale.status, Sale.customer_name, Sale.customer_phone,
                   Sale.paid_transfer, Sale.debt, Sale.user_name)
            .where(Sale.status == "awaiting_payment").order_by(Sale.id))
        return [SaleRow(i, code, at, status, name or phone, amount, debt, who)
                for i, code, at, status, name, phone, amount, debt, who in rows]


def confirm_transfer(session: Session, sale: Sale, user: str) -> Changes:
    """The awaited transfer of `sale` arrived: the sale is completed and the money booked (bank)."""
    if sale.status != "awaiting_payment":
        raise Conflict(msg("Hóa đơn {code} không chờ chuyển khoản", "Sale {code} is not awaiting a transfer",
                           code=sale.code), field="status")
    sale.status = "completed"
    if sale.paid_transfer:
        post_entry(session, direction="in", fund="bank", amount=sale.paid_transfer, category="sale",
                   reason=f"Chuyển khoản hóa đơn {sale.code}", reference=sale.code, customer_id=sale.customer_id,
                   user=user)
    return Changes(sales=frozenset({sale.id}), cashbook=True)


def cancel_awaiting(db: Database, code: str, *, user: str | None = None) -> Changed[SaleView]:
    """Cancel a sale whose transfer never came: its goods go back to the lots they left, the cash
    it took is paid back out, any debt it made is taken off.

    Raises:
        NotFound: no sale `code`.
        Conflict: the sale is not awaiting its transfer.
    """
    user = current_user() if user is None else user
    with db.session() as session:
        sale = get_sale_row(session, code, for_update=True)
        if sale.status != "awaiting_payment":
            raise Conflict(msg("Chỉ hủy được hóa đơn đang chờ chuyển khoản; hóa đơn đã thu tiền thì làm trả hàng",
                               "Only a sale awaiting its transfer can be cancelled; a paid sale is returned instead"),
                           field="status")
        products = stock_out.put_back_all(session, sale, user)
        if sale.paid_cash:
            post_entry(session, direction="out", fund="cash", amount=sale.paid_cash, category="refund",
                       reason=f"Hủy hóa đơn {sale.code}", reference=sale.code, customer_id=sale.customer_id, user=user)
        if sale.debt and sale.customer_id is not None:
            from ..customers.models import Customer

            record_debt(session, session.get(Customer, sale.customer_id), "return", -sale.debt, sale_id=sale.id,
                        reference=sale.code, note=f"Hủy hóa đơn {sale.code}", user=user)
        sale.status = "cancelled"
        for sku in sorted({line.sku for line in sale.lines}):
            outbox.enqueue(session, "stock", sku)
        view = sale_view(session, sale)
    return Changed(view, Changes(stock=frozenset(products), sales=frozenset({sale.id}), cashbook=True,
                                 customers=frozenset({sale.customer_id}) if sale.customer_id else frozenset()))
