"""Cell values and header names as Vietnamese spreadsheets hold them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gianhang_desktop.core.errors import ValidationError
from gianhang_desktop.core.spreadsheet.headers import IGNORE, find_header, header_key, match_header
from gianhang_desktop.core.spreadsheet.values import code_value, date_value, int_value, money_value


@pytest.mark.parametrize("header,field", [
    ("Mã SP", "sku"), ("MÃ SP", "sku"), ("ma sp", "sku"), ("Mã sản phẩm", "sku"), ("SKU", "sku"),
    ("Tên sản phẩm", "name"), ("Tên hàng", "name"), ("TEN HANG", "name"), ("Giá bán", "price"),
    ("Đơn giá", "price"), ("Giá bán (VNĐ)", "price"), (" giá  bán: ", "price"), ("ĐVT", "unit"),
    ("Đơn vị tính", "unit"), ("Tồn kho", "quantity"), ("Số lượng", "quantity"), ("Mã vạch", "barcode"),
    ("Barcode", "barcode"), ("HSD", "expiry"), ("Hạn sử dụng", "expiry"), ("Trọng lượng (g)", "weight_g"),
    ("Ngày thu hoạch", "harvest"), ("Kho", "warehouse"), ("Lô", "lot"), ("Giá vốn", "cost"),
    ("STT", IGNORE), ("stt", IGNORE), ("Ghi chú", None), ("", None), (None, None),
])
def test_headers_match_with_or_without_tone_marks_in_any_case(header, field):
    assert match_header(header) == field


def test_header_row_found_below_title_rows():
    rows = [(1, ("HTX NÔNG SẢN", None, None)), (2, (None, None, None)), (3, ("Ngày 1/1/2026", "Tên", None)),
            (4, ("STT", "Mã SP", "Tên sản phẩm")), (5, (1, "A", "B"))]
    assert find_header(rows) == (4, ("STT", "Mã SP", "Tên sản phẩm"))
    assert find_header([(1, ("Giá bán", "ĐVT"))]) is None  # needs the SKU or the name


def test_header_key_ignores_case_tone_marks_and_trailing_blanks():
    assert header_key(["Mã SP", "Tên hàng", None]) == header_key(["MA SP", "tên hàng"])
    assert header_key(["Mã SP"]) != header_key(["Tên hàng"])


@pytest.mark.parametrize("value", ["120000", "120.000", "120,000", "120.000 ₫", "120.000đ", "120k", " 120.000\u00a0₫ ",
                                   120000, 120000.0, "120 000", "120.000 VNĐ"])
def test_money_in_every_form(value):
    assert money_value("price", value) == 120_000


@pytest.mark.parametrize("value", ["12,5", 12.5, "abc", "-5", True])
def test_bad_money_names_the_field(value):
    with pytest.raises(ValidationError) as info:
        money_value("price", value)
    assert info.value.field == "price"


@given(st.integers(min_value=0, max_value=10**11))
def test_grouped_money_round_trips(amount):
    grouped = f"{amount:,}"
    assert money_value("price", grouped.replace(",", ".") + " ₫") == amount
    assert money_value("price", grouped) == amount
    assert money_value("price", float(amount)) == amount


@pytest.mark.parametrize("value,expected", [
    (datetime(2027, 6, 30, 0, 0), date(2027, 6, 30)), (date(2027, 6, 30), date(2027, 6, 30)),
    ("30/06/2027", date(2027, 6, 30)), ("30-06-2027", date(2027, 6, 30)), ("30.06.2027", date(2027, 6, 30)),
    ("2027-06-30", date(2027, 6, 30)), ("2027-06-30 00:00:00", date(2027, 6, 30)), ("30/06/27", date(2027, 6, 30)),
    (46568, date(2027, 6, 30)), ("", None), (None, None), (" 1/7/2027 ", date(2027, 7, 1)),
])
def test_dates_real_serial_or_text(value, expected):
    assert date_value("expiry", value) == expected


@pytest.mark.parametrize("value", ["31/02/2027", "mai", 1.5, "2027/30/06"])
def test_bad_dates(value):
    with pytest.raises(ValidationError):
        date_value("expiry", value)


def test_codes_and_whole_numbers_stored_as_numbers_or_text():
    assert code_value("barcode", 8934567890120.0) == "8934567890120"
    assert code_value("sku", " 'VT-001 ") == "VT-001"
    assert code_value("sku", 123) == "123"
    assert int_value("quantity", " 1.000 ") == 1000
    assert int_value("quantity", 30.0) == 30
    with pytest.raises(ValidationError):
        int_value("quantity", "1,5")
