"""The cash book (sổ quỹ): vouchers written by hand or by sales, refunds, debt payments and purchases,
and the balance of each fund at the start and end of every shop day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock, doc_codes
from ..changes import Changed, Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import ValidationError
from ..i18n import msg
from ..money import parse_vnd
from ..periods import days, read_period
from ..stock.service import current_user
from ..text import clean, fold
from .models import FUNDS, CashEntry
from .views import CashBook, CashEntryView, DayBalance

# key -> (direction, Vietnamese label, English label)
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "sale": ("in", "Thu tiền bán hàng", "Sales"),
    "order": ("in", "Thu tiền đơn hàng", "Order payments"),
    "debt_payment": ("in", "Thu nợ khách hàng", "Customer debt payments"),
    "opening": ("in", "Tồn quỹ đầu kỳ", "Opening balance"),
    "other_in": ("in", "Thu khác", "Other income"),
    "refund": ("out", "Trả tiền khách trả hàng", "Refunds to customers"),
    "purchase": ("out", "Trả tiền nhập hàng", "Payments to suppliers"),
    "expense": ("out", "Chi phí hoạt động (điện, nước, vận chuyển…)", "Running costs (power, water, carriage…)"),
    "wages": ("out", "Lương nhân viên", "Wages"),
    "other_out": ("out", "Chi khác", "Other expenses"),
}
DEFAULT_CATEGORY = {"in": "other_in", "out": "other_out"}
FUND_LABELS = {"cash": ("Tiền mặt", "Cash"), "bank": ("Ngân hàng", "Bank")}


def category_label(key: str, lang: str | None = None) -> str:
    _direction, vi, en = CATEGORIES.get(key, ("", key, key))
    return msg(vi, en).text(lang)


def post_entry(session: Session, *, direction: str, fund: str, amount: int, category: str, reason: str = "",
               reference: str = "", customer_id: int | None = None, supplier_id: int | None = None,
               user: str = "") -> CashEntry:
    """Write one voucher in the caller's transaction (a sale, a refund, a debt payment…): the
    session-level entry point every area posts through. `amount` > 0 in đồng."""
    day = clock.today()
    kind = doc_codes.CASH_IN if direction == "in" else doc_codes.CASH_OUT
    entry = CashEntry(
        code=doc_codes.next_code(session, CashEntry.code, kind, day), local_day=day, created_at=utcnow(),
        direction=direction, fund=fund, amount=amount, category=category, reason=reason[:255],
        reference=reference[:64], customer_id=customer_id, supplier_id=supplier_id, user_name=user,
    )
    session.add(entry)
    session.flush()
    return entry


def add_entry(db: Database, direction: str, amount: int | str, *, reason: str, fund: str = "cash",
              category: str | None = None, user: str | None = None) -> Changed[CashEntryView]:
    """A voucher written by hand: money in ("in") or out ("out") of the drawer or the bank.

    `category` is a key of CATEGORIES or its label (tone marks optional); none: "Thu khác"/"Chi khác".

    Raises:
        ValidationError: "direction", "amount" (not a whole amount above 0), "fund", "category"
            (unknown, or one for the other direction), "reason" (empty).
    """
    if direction not in ("in", "out"):
        raise ValidationError("direction", msg("Chọn thu (in) hoặc chi (out): '{value}'",
                                               "Choose in or out: '{value}'", value=direction))
    value = parse_vnd(amount, "amount")
    if value <= 0:
        raise ValidationError("amount", msg("Số tiền phải lớn hơn 0", "The amount must be above 0"))
    fund = check_fund(fund)
    key = _category(direction, category)
    text = clean(reason)
    if not text:
        raise ValidationError("reason", msg("Cần ghi lý do thu/chi", "Give the reason for the entry"))
    with db.session() as session:
        entry = post_entry(session, direction=direction, fund=fund, amount=value, category=key, reason=text,
                           user=current_user() if user is None else user)
        view = entry_view(entry)
    return Changed(view, Changes(cashbook=True))


def check_fund(fund: str | None) -> str:
    """"cash" or "bank" (also "tiền mặt", "ngân hàng", "tm", "ck", "transfer")."""
    key = fold(clean(fund or "cash")).replace(" ", "")
    aliases = {"cash": "cash", "tienmat": "cash", "tm": "cash", "bank": "bank", "nganhang": "bank",
               "ck": "bank", "chuyenkhoan": "bank", "transfer": "bank"}
    if key not in aliases:
        raise ValidationError("fund", msg("Quỹ phải là tiền mặt (cash) hoặc ngân hàng (bank): '{value}'",
                                          "The fund is cash or bank: '{value}'", value=fund))
    return aliases[key]


def _category(direction: str, category: str | None) -> str:
    if not category or not category.strip():
        return DEFAULT_CATEGORY[direction]
    wanted = fold(clean(category))
    for key, (way, vi, en) in CATEGORIES.items():
        if wanted in (key, fold(vi), fold(en)) or fold(vi).startswith(wanted) and len(wanted) >= 4:
            if way != direction:
                raise ValidationError("category", msg(
                    "Loại '{value}' dành cho phiếu {other}", "Category '{value}' is for money {other_en}",
                    value=category, other="thu" if way == "in" else "chi", other_en=way))
            return key
    choices = ", ".join(key for key, (way, _vi, _en) in CATEGORIES.items() if way == direction)
    raise ValidationError("category", msg("Không có loại thu/chi '{value}' (chọn: {choices})",
                                          "No category '{value}' (choose: {choices})", value=category, choices=choices))


def cash_book(db: Database, date_from: date | str | None = None, date_to: date | str | None = None, *,
              fund: str | None = None, with_entries: bool = True) -> CashBook:
    """The cash book over the shop days [date_from, date_to] (default: today): the opening balance,
    every day's money in and out and its closing balance, and the vouchers, oldest first.

    `fund` "cash" or "bank" limits it to one fund; None adds both.

    Raises:
        ValidationError: dates that cannot be read, or the end before the start ("to").
    """
    start, end = read_period(date_from, date_to)
    fund = check_fund(fund) if fund else None
    funds = (fund,) if fund else FUNDS
    with db.read_session() as session:
        opening_by_fund = _balances_before(session, start)
        flows: defaultdict[date, dict[str, int]] = defaultdict(lambda: {"in": 0, "out": 0})
        stmt = (select(CashEntry.local_day, CashEntry.direction, func.sum(CashEntry.amount))
                .where(CashEntry.local_day >= start, CashEntry.local_day <= end, CashEntry.fund.in_(funds))
                .group_by(CashEntry.local_day, CashEntry.direction))
        for day, direction, total in session.execute(stmt):
            flows[day][direction] += int(total)
        closing_by_fund = {f: opening_by_fund[f] + _net_between(session, f, start, end) for f in FUNDS}
        entries: tuple[CashEntryView, ...] = ()
        if with_entries:
            rows = session.scalars(select(CashEntry).where(CashEntry.local_day >= start, CashEntry.local_day <= end,
                                                           CashEntry.fund.in_(funds))
                                   .order_by(CashEntry.local_day, CashEntry.id))
            entries = tuple(entry_view(e) for e in rows)
    opening = sum(opening_by_fund[f] for f in funds)
    balance, out = opening, []
    for day in days(start, end):
        flow = flows.get(day, {"in": 0, "out": 0})
        money_in, money_out = flow["in"], flow["out"]
        out.append(DayBalance(day, balance, money_in, money_out, balance + money_in - money_out))
        balance += money_in - money_out
    return CashBook(start, end, fund, opening, sum(d.money_in for d in out), sum(d.money_out for d in out), balance,
                    {f: opening_by_fund[f] for f in funds}, {f: closing_by_fund[f] for f in funds}, tuple(out), entries)


def balances(db: Database, day: date | None = None) -> dict[str, int]:
    """Each fund's balance at the end of the shop day `day` (default: now)."""
    day = day or clock.today()
    with db.read_session() as session:
        before = _balances_before(session, day)
        return {f: before[f] + _net_between(session, f, day, day) for f in FUNDS}


def _balances_before(session: Session, day: date) -> dict[str, int]:
    found = dict.fromkeys(FUNDS, 0)
    stmt = (select(CashEntry.fund, CashEntry.direction, func.sum(CashEntry.amount))
            .where(CashEntry.local_day < day).group_by(CashEntry.fund, CashEntry.direction))
    for fund, direction, total in session.execute(stmt):
        found[fund] += int(total) if direction == "in" else -int(total)
    return found


def _net_between(session: Session, fund: str, start: date, end: date) -> int:
    net = 0
    stmt = (select(CashEntry.direction, func.sum(CashEntry.amount))
            .where(CashEntry.fund == fund, CashEntry.local_day >= start, CashEntry.local_day <= end)
            .group_by(CashEntry.direction))
    for direction, total in session.execute(stmt):
        net += int(total) if direction == "in" else -int(total)
    return net


def entry_view(entry: CashEntry) -> CashEntryView:
    return CashEntryView(entry.id, entry.code, entry.local_day, entry.created_at, entry.direction, entry.fund,
                         entry.amount, entry.category, category_label(entry.category), entry.reason, entry.reference,
                         entry.user_name)
