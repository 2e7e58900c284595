"""Customers from and to spreadsheets: KiotViet's headers, phones read as the spreadsheet reader
reads them (a lost zero put back, old 11-digit numbers converted, each change reported), opening
debts, refused rows named, and nothing written by a file with only bad rows."""

from __future__ import annotations

import json

import openpyxl
import pytest

from gianhang_desktop.core import clock
from gianhang_desktop.core.customers import io, service


@pytest.fixture(autouse=True)
def shop_clock():
    with clock.frozen("2026-11-30T10:00:00+07:00"):
        yield


def kiotviet_file(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã khách hàng", "Tên khách hàng", "Điện thoại", "Địa chỉ", "Nợ cần thu hiện tại"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_reads_phones_like_the_spreadsheet_reader_and_reports_each_change(db, tmp_path):
    path = kiotviet_file(tmp_path / "DanhSachKhachHang.xlsx", [
        ["KH001", "Chị Lan", "0912 345 678", "Thanh Hà, Hải Dương", 150000],
        ["KH002", "Anh Minh", 983456789, "", None],  # Excel dropped the leading zero
        ["KH003", "Bác Hòa", "0168 123 4567", "", None],  # before the 2018 renumbering: now 038…
        ["KH004", "Cô Mai", "12345", "", None],
        ["KH005", "Trùng", "0912345678", "", None],
    ])
    report = io.import_customers(db, path)
    assert (report.rows, report.created, len(report.errors)) == (5, 2, 3)
    by_row = {e.row: e.message.text() for e in report.errors}
    assert set(by_row) == {2, 5, 6}  # the bad number and both rows of the phone given twice
    assert "0912 345 678" in by_row[2] and "2" in by_row[2]
    notes = {n.row: n.message.text() for n in report.notes}
    assert "0983456789" in notes[3]
    assert "0168 123 4567" in notes[4] and "0381 234 567" in notes[4]
    assert all(n.column == "Điện thoại" for n in report.notes)
    phones = {c.phone: c for c in service.list_customers(db)}
    assert set(phones) == {"0983456789", "0381234567"}
    assert phones["0381234567"].name == "Bác Hòa"


def test_old_numbers_can_be_refused_instead(db, tmp_path):
    path = kiotviet_file(tmp_path / "k.xlsx", [["KH003", "Bác Hòa", "01681234567", "", None]])
    report = io.import_customers(db, path, new_numbers=False)
    assert report.created == 0 and "0381 234 567" in report.errors[0].message.text()
    assert service.list_customers(db) == []


def test_opening_debt_once_and_a_second_import_changes_nothing(db, tmp_path):
    path = kiotviet_file(tmp_path / "k.xlsx", [["KH001", "Chị Lan", "0912345678", "Hải Dương", 150000]])
    first = io.import_customers(db, path)
    assert first.created == 1
    assert service.customer_detail(db, "0912345678").row.debt == 150_000
    again = io.import_customers(db, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert service.customer_detail(db, "0912345678").row.debt == 150_000


def test_dry_run_writes_nothing(db, tmp_path):
    path = kiotviet_file(tmp_path / "k.xlsx", [["KH001", "Chị Lan", "0912345678", "", 5000]])
    report = io.import_customers(db, path, dry_run=True)
    assert report.created == 1 and service.list_customers(db) == []


def test_export_imports_back(db, tmp_path):
    service.save_customer(db, "0912345678", name="Chị Lan", address="Thanh Hà", email="lan@example.vn", note="VIP")
    out = tmp_path / "khach.xlsx"
    assert io.export_customers(db, out) == 1
    header = [c.value for c in openpyxl.load_workbook(out).active[1]]
    assert header[:3] == ["Số điện thoại", "Tên khách hàng", "Địa chỉ"]
    again = io.import_customers(db, out)
    assert (again.rows, again.unchanged, again.errors) == (1, 1, [])


def test_cli_import_reports_rows_and_changed_numbers(run_cli, tmp_path):
    path = kiotviet_file(tmp_path / "k.xlsx", [["KH003", "Bác Hòa", "0168 123 4567", "", None]])
    code, out, err = run_cli("customer", "import", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["created"] == 1 and "0381 234 567" in data["notes"][0]["message"]
    code, out, _ = run_cli("customer", "list", "--json")
    assert [c["phone"] for c in json.loads(out)] == ["0381234567"]
