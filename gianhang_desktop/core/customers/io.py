"""Customers to and from spreadsheets (.xlsx or .csv): ours, and the customer lists of KiotViet and Sapo.

Import rules, as for products (core/spreadsheet/importer.py): the phone is the key; a known
customer gets the cells that are filled in (a blank cell never clears anything); the same phone
twice in one file is an error on each of those rows; a debt column (Nợ hiện tại, Nợ cần thu, Công
nợ) becomes the opening debt only of a customer without debts here yet, so importing the same
file again changes nothing. Valid rows go in together in one transaction; refused rows are
listed with their row and column. Phones are read by `spreadsheet.values.phone_value` (a zero
Excel dropped is put back, with a note); an old 11-digit mobile number (before the 2018
renumbering) is taken in its new form with a note giving both, or, with `new_numbers=False`,
refused with its new number in the message.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..changes import Changes
from ..database import Database
from ..errors import ValidationError
from ..i18n import Msg, msg
from ..phone import PhoneError, format_phone
from ..spreadsheet import values
from ..spreadsheet.headers import normalise
from ..spreadsheet.reader import UnreadableFile, open_spreadsheet
from ..spreadsheet.rows import RowIssue
from ..spreadsheet.table_file import save_table
from ..spreadsheet.xlsx import Column
from ..stock.service import current_user
from ..text import clean
from .from_orders import search_words
from .models import Customer, DebtEntry
from .service import find_or_create, list_customers, record_debt

FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "phone": ("Số điện thoại", ("so dien thoai", "dien thoai", "sdt", "so dt", "dt", "di dong", "so di dong",
                                "phone", "phone number", "mobile", "tel")),
    "name": ("Tên khách hàng", ("ten khach hang", "ten khach", "khach hang", "ho ten", "ho va ten", "ten",
                                "name", "customer", "customer name", "full name")),
    "address": ("Địa chỉ", ("dia chi", "address", "dia chi giao hang")),
    "email": ("Email", ("email", "e mail", "thu dien tu")),
    "note": ("Ghi chú", ("ghi chu", "note", "notes")),
    "debt": ("Nợ hiện tại", ("no hien tai", "no can thu", "no can thu hien tai", "cong no", "cong no hien tai",
                             "du no", "tong no", "debt", "balance", "amount owed")),
}
IGNORED = ("stt", "tt", "ma khach hang", "ma kh", "customer code")
_SYNONYMS = {syn: key for key, (_label, syns) in FIELDS.items() for syn in syns}
EXPORT_COLUMNS = [
    Column("Số điện thoại"), Column("Tên khách hàng"), Column("Địa chỉ"), Column("Email"), Column("Ghi chú"),
    Column("Nợ hiện tại", "money"), Column("Số lần mua", "int"), Column("Tổng tiền mua", "money"),
    Column("Lần mua cuối", "datetime"),
]


@dataclass
class CustomerImport:
    """The per-row report of a customer import (or a dry run); `to_json` is the CLI's contract."""

    path: Path
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    notes: list[RowIssue] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    def to_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "dry_run": self.dry_run, "errors": [e.to_json() for e in self.errors],
                "notes": [n.to_json() for n in self.notes]}


@dataclass
class _Row:
    number: int
    phone: str = ""
    cells: dict[str, Any] = field(default_factory=dict)
    issues: list[RowIssue] = field(default_factory=list)
    notes: list[RowIssue] = field(default_factory=list)


def export_customers(db: Database, path: str | Path) -> int:
    """Every customer with what they bought and owe, to .xlsx (or .csv by the name); returns the
    number of rows. The headers are the importer's, so the file imports back."""
    rows = ((c.phone, c.name, c.address, "", "", c.debt, c.purchases, c.spent, c.last_purchase)
            for c in list_customers(db))
    with db.read_session() as session:
        extra = {phone: (email, note) for phone, email, note in session.execute(
            select(Customer.phone, Customer.email, Customer.note))}
    rows = ((r[0], r[1], r[2], *extra.get(r[0], ("", "")), *r[5:]) for r in rows)
    return save_table(path, "Khách hàng", EXPORT_COLUMNS, rows)


def import_customers(db: Database, path: str | Path, *, dry_run: bool = False, new_numbers: bool = True,
                     user: str | None = None) -> CustomerImport:
    """Read customers from `path` and, unless `dry_run`, write the valid rows in one transaction.
    The report lists every refused row and every phone it changed (a zero put back, an old
    11-digit number converted: `new_numbers`), with row and column.

    Raises:
        UnreadableFile: not a spreadsheet, no data, or no header row with a phone column.
    """
    path = Path(path)
    report = CustomerImport(path, dry_run)
    with open_spreadsheet(path) as book:
        header, names, rows = _table(book)
        parsed = [_parse(number, cells, header, names, new_numbers) for number, cells in rows]
    parsed = [row for row in parsed if row is not None]
    counts = Counter(row.phone for row in parsed if row.phone)
    for row in parsed:
        if row.phone and counts[row.phone] > 1:
            row.issues.append(RowIssue(row.number, names["phone"], msg(
                "Số {phone} có ở {n} dòng của tệp", "Phone {phone} is on {n} rows of the file",
                phone=format_phone(row.phone), n=counts[row.phone])))
    report.rows = len(parsed)
    good = [row for row in parsed if not row.issues]
    for row in parsed:
        report.errors += row.issues
        report.notes += row.notes
    ids: set[int] = set()
    user = current_user() if user is None else user
    session_of = db.read_session if dry_run else db.session
    with session_of() as session:
        for row in good:
            existing = session.scalar(select(Customer).where(Customer.phone == row.phone))
            status = _status(existing, row)
            setattr(report, status, getattr(report, status) + 1)
            if not dry_run:
                ids.add(_write(session, existing, row, names, user, report))
    report.changes = Changes(customers=frozenset(ids))
    return report


def _table(book) -> tuple[list[str | None], dict[str, str], list[tuple[int, tuple]]]:
    for sheet in book.sheets:
        rows = sheet.rows()
        seen = 0
        for _number, cells in rows:
            if not any(not values.is_blank(c) for c in cells):
                continue
            seen += 1
            header = [_field(c) for c in cells]
            if "phone" in header and len({h for h in header if h}) >= 2:
                names = {f: values.text_value(c) for c, f in zip(cells, header, strict=False) if f}
                for key, (label, _syns) in FIELDS.items():
                    names.setdefault(key, label)
                return header, names, list(rows)
            if seen >= 30:
                break
    raise UnreadableFile(msg(
        "Không tìm thấy dòng tiêu đề trong {path}: cần cột Số điện thoại và một cột khác (ví dụ Tên khách hàng)",
        "No header row found in {path}: it needs a phone column and one more (e.g. customer name)",
        path=book.path.name))


def _field(cell: Any) -> str | None:
    text = normalise(cell) if isinstance(cell, str) else ""
    if not text or text in IGNORED:
        return None
    return _SYNONYMS.get(text)


def _parse(number: int, cells: tuple, header: list[str | None], names: dict[str, str], new_numbers: bool) -> _Row | None:
    given = {f: c for c, f in zip(cells, header, strict=False) if f and not values.is_blank(c)}
    if not given:
        return None
    row = _Row(number)
    column = names.get("phone", "")
    if "phone" not in given:
        row.issues.append(RowIssue(number, column, msg("Chưa có số điện thoại", "No phone number")))
    else:
        try:
            row.phone, note = values.phone_value("phone", given["phone"])
            if note is not None:
                row.notes.append(RowIssue(number, column, note))
        except PhoneError as error:
            if error.suggestion and new_numbers:
                row.phone = error.suggestion
                row.notes.append(RowIssue(number, column, msg(
                    "Số 11 số cũ {old} đã đổi sang số mới {new}", "The old 11-digit number {old} was changed to {new}",
                    old=values.text_value(given["phone"]), new=format_phone(error.suggestion))))
            else:
                row.issues.append(RowIssue(number, column, _phone_message(error)))
        except ValidationError as error:
            row.issues.append(RowIssue(number, column, error.msg))
    for key in ("name", "address", "email", "note"):
        if key in given:
            row.cells[key] = values.text_value(given[key])
    if "debt" in given:
        try:
            row.cells["debt"] = values.money_value("debt", given["debt"])
        except ValidationError as error:
            row.issues.append(RowIssue(number, names["debt"], error.msg))
    return row


def _phone_message(error: PhoneError) -> Msg:
    if error.suggestion:
        return msg("{why} — sửa thành {new}, hoặc nhập lại với lựa chọn đổi số cũ sang số mới",
                   "{why_en} — change it to {new}, or import again choosing to convert old numbers",
                   why=error.msg.text("vi"), why_en=error.msg.text("en"), new=format_phone(error.suggestion))
    return error.msg


def _status(existing: Customer | None, row: _Row) -> str:
    if existing is None:
        return "created"
    for key in ("name", "address", "email", "note"):
        value = clean(row.cells.get(key, ""))
        if value and getattr(existing, key) != value:
            return "updated"
    if row.cells.get("debt") and existing.debt == 0:
        return "updated"
    return "unchanged"


def _write(session, existing: Customer | None, row: _Row, names: dict[str, str], user: str,
           report: CustomerImport) -> int:
    customer = existing or find_or_create(session, row.phone)
    for key in ("name", "address", "email", "note"):
        value = clean(row.cells.get(key, ""))
        if value and getattr(customer, key) != value:
            setattr(customer, key, value[:500] if key == "note" else value[:255])
    customer.search_text = search_words(customer.name, customer.phone)
    debt = row.cells.get("debt", 0)
    if debt:
        has_ledger = session.scalar(select(DebtEntry.id).where(DebtEntry.customer_id == customer.id).limit(1))
        if has_ledger is None:
            record_debt(session, customer, "opening", debt, note="Nợ đầu kỳ (nhập từ tệp)", user=user)
        elif customer.debt != debt:
            report.notes.append(RowIssue(row.number, names["debt"], msg(
                "Không nhận nợ đầu kỳ: khách đã có công nợ ở đây", "Opening debt not taken: the customer has debts here")))
    session.flush()
    return customer.id
