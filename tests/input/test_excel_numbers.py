"""Numbers Excel mangled: lost zeros restored when the check digit proves it, the rest refused with
how to fix the column (issue #14, item 3), and old or zero-less phone numbers (item 7)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.gtin import check_digit
from gianhang_desktop.core.errors import ValidationError
from gianhang_desktop.core.phone import (
    PhoneError,
    format_phone,
    new_number,
    normalize_phone,
    read_phone,
)
from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.spreadsheet.values import barcode_value, phone_value
from tests.spreadsheet.spreadsheet_files import products

EAN8_BODY = "0123456"  # an EAN-8 starting with 0: a number cell keeps 7 digits


def _xlsx(tmp_path, rows, header=("Mã SP", "Tên sản phẩm", "Giá bán", "Mã vạch")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    path = tmp_path / "hang.xlsx"
    wb.save(path)
    return path


def test_a_lost_leading_zero_is_restored_and_reported(db, tmp_path, run_cli):
    path = _xlsx(tmp_path, [("UPC-1", "Nước ngọt", 10_000, 712345678911),   # EAN-13 0712345678911
                            ("UPC-2", "Bánh", 20_000, 36000291452),          # UPC-A 036000291452
                            ("EAN8-1", "Kẹo", 5_000, int(EAN8_BODY + str(check_digit(EAN8_BODY)))),
                            ("OK-1", "Trà", 30_000, 8934567890120)])
    code, out, err = run_cli("import", str(path), "--json")
    assert code == 0, err
    import json

    report = json.loads(out)
    assert report["created"] == 4 and report["errors"] == []
    notes = {n["row"]: n for n in report["notes"]}
    assert set(notes) == {2, 3, 4}
    assert catalog.get_product(db, "EAN8-1").barcode == EAN8_BODY + str(check_digit(EAN8_BODY))
    assert "712345678911 → 0712345678911" in notes[2]["message"] and notes[2]["column"] == "Mã vạch"
    assert catalog.get_product(db, "UPC-1").barcode == "0712345678911"
    assert catalog.get_product(db, "UPC-2").barcode == "036000291452"
    # And a scan of the label finds it.
    assert catalog.find_by_code(db, "0712345678911").sku == "UPC-1"
    assert catalog.find_by_code(db, "036000291452").sku == "UPC-2"
    code, out, _ = run_cli("import", str(path), "--dry-run")
    assert "Lưu ý dòng 2, cột Mã vạch" in out


@pytest.mark.parametrize("cell, words", [
    ("8.93457E+12", "số mũ"),
    ("8,93457E+12", "số mũ"),
    ("8.93457e12", "số mũ"),
    (8934570000000.0, "không phải mã GTIN hợp lệ"),
    (8.93456789012e12 + 0.5, "thập phân"),
    (89345678901, "không phải mã GTIN hợp lệ"),   # 11 digits that no zero can fix: truncated
    ("89345678901", "không phải mã GTIN hợp lệ"),
    (8934567890, "không phải mã GTIN hợp lệ"),
])
def test_mangled_codes_are_refused_with_how_to_fix_the_column(cell, words):
    with pytest.raises(ValidationError) as caught:
        barcode_value("barcode", cell)
    text = caught.value.message("vi")
    assert words in text and "Excel" in text and "Văn bản (Text)" in text
    assert "Format Cells › Text" in caught.value.message("en")
    assert caught.value.field == "barcode"


def test_mangled_rows_are_refused_and_nothing_is_written(db, tmp_path, run_cli):
    path = _xlsx(tmp_path, [("SCI-1", "A", 1000, "8.93457E+12"), ("TRU-1", "B", 1000, 89345678901)])
    before = products(db)
    code, out, err = run_cli("import", str(path))
    assert code == 0, err
    assert "Dòng 2, cột Mã vạch" in out and "Dòng 3, cột Mã vạch" in out and "Text" in out
    assert products(db) == before


def test_csv_codes_saved_by_excel_lose_their_zero_too(db, tmp_path):
    path = tmp_path / "hang.csv"
    path.write_text("Mã SP,Tên sản phẩm,Giá bán,Mã vạch\nA-1,Nước,1000,36000291452\nA-2,Kẹo,1000,8.93457E+12\n",
                    encoding="utf-8")
    report = import_file(db, path)
    assert report.created == 1 and catalog.get_product(db, "A-1").barcode == "036000291452"
    assert [n.row for n in report.notes] == [2]
    assert [e.row for e in report.errors] == [3]


def test_text_codes_keep_their_form():
    assert barcode_value("barcode", "'0712345678911") == ("0712345678911", None)
    assert barcode_value("barcode", "036000291452") == ("036000291452", None)
    assert barcode_value("barcode", None) == (None, None)


# -- phone numbers ------------------------------------------------------------------------------

OLD_TO_NEW = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037", "0168": "038",
    "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078", "0123": "083",
    "0124": "084", "0125": "085", "0127": "081", "0129": "082", "0186": "056", "0188": "058", "0199": "059",
}


@pytest.mark.parametrize("old, new", sorted(OLD_TO_NEW.items()))
def test_old_eleven_digit_numbers_are_offered_the_new_one(old, new):
    number = old + "1234567"
    assert new_number(number) == new + "1234567"
    with pytest.raises(PhoneError) as caught:
        normalize_phone(f"{old} 123 4567")
    assert caught.value.suggestion == new + "1234567"
    assert format_phone(new + "1234567") in caught.value.message("vi")
    assert caught.value.field == "phone" and "2018" in caught.value.message("en")


@pytest.mark.parametrize("text", ["+84 168 123 4567", "84 1681234567", "0168.123.4567", "1681234567"])
def test_old_numbers_in_other_forms_are_recognised(text):
    assert new_number(text) == "0381234567"


def test_phones_read_as_numbers_get_their_zero_back():
    assert read_phone("912345678").number == "0912345678"
    assert "912345678 → 0912345678" in read_phone("912345678").note.text("vi")
    assert read_phone("2438261234").number == "02438261234"
    assert phone_value("phone", 912345678) == ("0912345678", read_phone("912345678").note)
    assert phone_value("phone", 912345678.0)[0] == "0912345678"
    assert read_phone("0912 345 678").note is None
    with pytest.raises(PhoneError) as caught:
        phone_value("phone", 1681234567)  # an old number that also lost its zero
    assert caught.value.suggestion == "0381234567"


def test_cli_order_refusal_names_the_new_number(run_cli, db):
    catalog.add_product(db, "VT-1", "Vải", 100_000)
    code, _out, err = run_cli("order", "add", "--buyer", "Nguyễn Văn A", "--phone", "0168 123 4567",
                              "--address", "Số 1", "--province", "1", "--ward", "70", "--item", "VT-1:1")
    assert code == 2, err
    assert "[phone]" in err and "0381 234 567" in err
