"""Customers: found or made by phone at every sale and order, listed with what they bought and owe,
and their debts (công nợ) paid off, oldest bill first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from .. import clock
from ..cashbook.service import check_fund, post_entry
from ..changes import Changed, Changes
from ..counter.models import COUNTER_CHANNEL, Sale, SaleReturn
from ..database import Database
from ..db.base import utcnow
from ..errors import NotFound, ValidationError
from ..i18n import msg
from ..money import format_vnd, parse_vnd
from ..orders.models import Order, OrderItem
from ..phone import normalize_phone
from ..stock.service import current_user
from ..text import clean, fold, words
from .from_orders import search_words
from .models import Customer, DebtEntry
from .views import CustomerDetail, CustomerRow, DebtLine, DebtPayment, HistoryItem

NOT_BOUGHT = ("cancelled",)  # order statuses that are not a purchase


def customer_phone(text: str, field: str = "customer") -> str:
    """The national form of a customer's phone (the customer's key).

    Raises:
        PhoneError: a ValidationError naming `field`; for an old 11-digit mobile number it offers
            the new one (`suggestion`).
    """
    return normalize_phone(text, field)


def find_or_create(session: Session, phone: str, name: str = "", address: str = "") -> Customer:
    """The customer with this (already normalised) phone; made on first sight. A name or address
    is filled in where the customer has none yet (a name typed at one sale is kept)."""
    customer = session.scalar(select(Customer).where(Customer.phone == phone))
    name, address = clean(name), clean(address)
    if customer is None:
        now = utcnow()
        customer = Customer(phone=phone, name=name, address=address, debt=0, created_at=now, updated_at=now,
                            search_text=search_words(name, phone))
        session.add(customer)
        session.flush()
        return customer
    changed = False
    if name and not customer.name:
        customer.name, changed = name, True
    if address and not customer.address:
        customer.address, changed = address, True
    if changed:
        customer.search_text = search_words(customer.name, phone)
        customer.updated_at = utcnow()
    return customer


def get_customer_row(session: Session, phone: str) -> Customer:
    """The customer by phone (any way it is written). Raises PhoneError, NotFound."""
    number = customer_phone(phone, "phone")
    customer = session.scalar(select(Customer).where(Customer.phone == number))
    if customer is None:
        raise NotFound(msg("Không có khách hàng số {phone}", "No customer with phone {phone}", phone=number))
    return customer


def save_customer(db: Database, phone: str, *, name: str | None = None, address: str | None = None,
                  email: str | None = None, note: str | None = None) -> Changed[CustomerRow]:
    """Add a customer or change their details (the fields given). Raises PhoneError ("phone")."""
    number = customer_phone(phone, "phone")
    with db.session() as session:
        customer = find_or_create(session, number)
        for key, value in (("name", name), ("address", address), ("email", email), ("note", note)):
            if value is not None:
                setattr(customer, key, clean(value))
        customer.search_text = search_words(customer.name, number)
        customer.updated_at = utcnow()
        session.flush()
        row = _rows(session, [customer.id])[0]
    return Changed(row, Changes(customers=frozenset({customer.id})))


def record_debt(session: Session, customer: Customer, kind: str, amount: int, *, sale_id: int | None = None,
                reference: str = "", note: str = "", user: str = "") -> DebtEntry:
    """Append one debt entry (+ they owe more, − less) and move the cached balance with it, in the
    caller's transaction (an atomic UPDATE: two PCs never lose one another's entry)."""
    entry = DebtEntry(customer_id=customer.id, kind=kind, amount=amount, sale_id=sale_id, reference=reference[:64],
                      note=note[:255], user_name=user, local_day=clock.today(), created_at=utcnow())
    session.add(entry)
    session.execute(Customer.__table__.update().where(Customer.id == customer.id)
                    .values(debt=Customer.debt + amount, updated_at=utcnow()))
    session.flush()
    session.refresh(customer, ["debt"])
    return entry


def pay_debt(db: Database, phone: str, amount: int | str, *, fund: str = "cash", note: str = "",
             user: str | None = None) -> Changed[DebtPayment]:
    """A customer pays (part of) what they owe: a debt entry, a cash book voucher (Thu nợ khách
    hàng) in `fund`, and the payment set against their oldest bills first.

    Raises:
        PhoneError, NotFound: the phone ("phone").
        ValidationError: "amount" not above 0, the customer owing nothing, or paying more than
            they owe (nothing is written); "fund".
    """
    value = parse_vnd(amount, "amount")
    if value <= 0:
        raise ValidationError("amount", msg("Số tiền trả nợ phải lớn hơn 0", "The payment must be above 0"))
    fund = check_fund(fund)
    user = current_user() if user is None else user
    with db.session() as session:
        customer = get_customer_row(session, phone)
        before = customer.debt
        if before <= 0:
            raise ValidationError("amount", msg("Khách {name} ({phone}) không còn nợ",
                                                "{name} ({phone}) owes nothing", name=customer.name or "-",
                                                phone=customer.phone))
        if value > before:
            raise ValidationError("amount", msg(
                "Khách chỉ còn nợ {debt}, không nhận trả {value}", "The customer owes only {debt}, not {value}",
                debt=format_vnd(before), value=format_vnd(value)))
        open_bills = outstanding_by_sale(_entries(session, customer.id))
        voucher = post_entry(session, direction="in", fund=fund, amount=value, category="debt_payment",
                             reason=clean(note) or f"Thu nợ {customer.name or customer.phone}".strip(),
                             reference=customer.phone, customer_id=customer.id, user=user)
        record_debt(session, customer, "payment", -value, reference=voucher.code, note=clean(note), user=user)
        settled = _settle(session, open_bills, value)
        result = DebtPayment(customer.phone, customer.name, value, voucher.code, fund, before, customer.debt, settled)
    return Changed(result, Changes(customers=frozenset({customer.id}), cashbook=True))


def _settle(session: Session, open_bills: dict[int | None, int], value: int) -> tuple[tuple[str, int], ...]:
    settled: list[tuple[int | None, int]] = []
    left = value
    for sale_id, owed in open_bills.items():
        if left <= 0:
            break
        take = min(owed, left)
        if take > 0:
            settled.append((sale_id, take))
            left -= take
    codes = dict(session.execute(select(Sale.id, Sale.code).where(
        Sale.id.in_([s for s, _ in settled if s is not None]))).all())
    return tuple((codes.get(sale_id, msg("Nợ đầu kỳ", "Opening debt").text()), take) for sale_id, take in settled)


def outstanding_by_sale(entries: Iterable[DebtEntry]) -> dict[int | None, int]:
    """What is still owed per credit sale (None: opening balance and adjustments), oldest first.

    Payments go against the oldest debts first; an entry that names its sale (a return, a transfer
    for that bill) takes its amount off that sale first.
    """
    buckets: dict[int | None, int] = {}
    for entry in entries:
        if entry.amount > 0:
            key = entry.sale_id if entry.kind == "sale" else None
            buckets[key] = buckets.get(key, 0) + entry.amount
            continue
        left = -entry.amount
        if entry.sale_id in buckets:
            take = min(left, buckets[entry.sale_id])
            buckets[entry.sale_id] -= take
            left -= take
        for key in list(buckets):
            if left <= 0:
                break
            take = min(left, buckets[key])
            buckets[key] -= take
            left -= take
    return {key: owed for key, owed in buckets.items() if owed > 0}


def sale_outstanding(session: Session, sale: Sale) -> int:
    """What is still owed on one counter sale sold on credit (0 when none)."""
    if not sale.debt or sale.customer_id is None:
        return 0
    return outstanding_by_sale(_entries(session, sale.customer_id)).get(sale.id, 0)


def _entries(session: Session, customer_id: int) -> list[DebtEntry]:
    return list(session.scalars(select(DebtEntry).where(DebtEntry.customer_id == customer_id).order_by(DebtEntry.id)))


def list_customers(db: Database, search: str = "", *, owing: bool = False, order: str = "name",
                   limit: int | None = None) -> list[CustomerRow]:
    """Customers matching `search` (name or phone, tone marks optional), each with their purchases,
    spending and debt. `owing` keeps those who owe something; `order` "name", "debt" (largest
    first), "spent" or "recent"."""
    with db.read_session() as session:
        stmt = select(Customer.id)
        for word in words(search):
            stmt = stmt.where(Customer.search_text.contains(word))
        if owing:
            stmt = stmt.where(Customer.debt > 0)
        ids = list(session.scalars(stmt))
        rows = _rows(session, ids)
    keys = {
        "debt": lambda r: (-r.debt, fold(r.name)),
        "spent": lambda r: (-r.spent, fold(r.name)),
        "recent": lambda r: (-(r.last_purchase.timestamp() if r.last_purchase else 0), fold(r.name)),
    }
    rows.sort(key=keys.get(order, lambda r: (fold(r.name) or "~", r.phone)))
    return rows[:limit] if limit else rows


def customer_detail(db: Database, phone: str) -> CustomerDetail:
    """A customer with their counter sales, returns and orders (newest first) and their debt
    ledger with the balance after each entry. Raises PhoneError, NotFound."""
    with db.read_session() as session:
        customer = get_customer_row(session, phone)
        row = _rows(session, [customer.id])[0]
        entries = _entries(session, customer.id)
        owed = outstanding_by_sale(entries)
        history = [
            HistoryItem("sale", code, at, COUNTER_CHANNEL, total, status, owed.get(sale_id, 0))
            for sale_id, code, at, total, status in session.execute(
                select(Sale.id, Sale.code, Sale.created_at, Sale.total, Sale.status).where(Sale.customer_id == customer.id))
        ]
        history += [
            HistoryItem("return", code, at, COUNTER_CHANNEL, -amount, "returned")
            for code, at, amount in session.execute(
                select(SaleReturn.code, SaleReturn.created_at, SaleReturn.amount)
                .join(Sale, Sale.id == SaleReturn.sale_id).where(Sale.customer_id == customer.id))
        ]
        totals = (select(OrderItem.order_id, func.sum(OrderItem.quantity * OrderItem.unit_price).label("goods"))
                  .group_by(OrderItem.order_id).subquery())
        history += [
            HistoryItem("order", code, at, channel, int(goods or 0) + fee, status)
            for code, at, channel, status, fee, goods in session.execute(
                select(Order.code, Order.created_at, Order.channel, Order.status, Order.shipping_fee, totals.c.goods)
                .join(totals, totals.c.order_id == Order.id, isouter=True).where(Order.phone == customer.phone))
        ]
        history.sort(key=lambda h: (h.at, h.code), reverse=True)  # codes count up within a day
        balance, debts = 0, []
        for entry in entries:
            balance += entry.amount
            debts.append(DebtLine(entry.local_day, entry.kind, entry.amount, balance, entry.reference, entry.note))
    return CustomerDetail(row, customer.email, customer.note, tuple(history), tuple(debts))


def _rows(session: Session, ids: list[int]) -> list[CustomerRow]:
    """List rows for `ids` with purchases counted over counter sales (less returns) and orders."""
    if not ids:
        return []
    found: dict[int, CustomerRow] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(chunk)))}
        phones = {c.phone: c.id for c in customers.values()}
        stats: dict[int, list] = {cid: [0, 0, None] for cid in customers}
        sales = (select(Sale.customer_id.label("cid"), func.count().label("n"), func.sum(Sale.total).label("spent"),
                        func.max(Sale.created_at).label("last"))
                 .where(Sale.customer_id.in_(chunk), Sale.status != "cancelled").group_by(Sale.customer_id))
        returns = (select(Sale.customer_id.label("cid"), literal(0).label("n"), (-func.sum(SaleReturn.amount)).label("spent"),
                          func.max(SaleReturn.created_at).label("last"))
                   .join(Sale, Sale.id == SaleReturn.sale_id).where(Sale.customer_id.in_(chunk)).group_by(Sale.customer_id))
        for cid, n, spent, last in session.execute(union_all(sales, returns)):
            _add_stats(stats[cid], n, spent, last)
        goods = (select(OrderItem.order_id, func.sum(OrderItem.quantity * OrderItem.unit_price).label("goods"))
                 .group_by(OrderItem.order_id).subquery())
        orders = (select(Order.phone, func.count(), func.sum(func.coalesce(goods.c.goods, 0) + Order.shipping_fee),
                         func.max(Order.created_at))
                  .join(goods, goods.c.order_id == Order.id, isouter=True)
                  .where(Order.phone.in_(list(phones)), Order.status.not_in(NOT_BOUGHT)).group_by(Order.phone))
        for phone, n, spent, last in session.execute(orders):
            _add_stats(stats[phones[phone]], n, spent, last)
        for cid, c in customers.items():
            n, spent, last = stats[cid]
            found[cid] = CustomerRow(cid, c.phone, c.name, c.address, c.debt, n, spent, last)
    return [found[i] for i in ids if i in found]


def _add_stats(stat: list, n, spent, last) -> None:
    stat[0] += int(n or 0)
    stat[1] += int(spent or 0)
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if last is not None and (stat[2] is None or last > stat[2]):
        stat[2] = last
