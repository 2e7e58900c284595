"""Spreadsheets from the tools clerks come from import without mapping (issue #14, item 6).

The per-row cost of skipping non-product rows (docs/input.md, "Cost"):

    python -c "import time; from gianhang_desktop.core.spreadsheet.rows import is_skipped_row as f;
    c=[None,'sku','name','price']; r=[[i, f'VT-{i:05d}', 'Vải thiều', '120.000'] for i in range(10000)];
    t=time.perf_counter(); [f(x, c) for x in r]; print(time.perf_counter()-t)"
"""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.spreadsheet.headers import auto_mapping, match_header, source_of
from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.spreadsheet.reader import UnreadableFile
from gianhang_desktop.core.stock.service import receive_stock
from tests.input import other_tools
from tests.spreadsheet.spreadsheet_files import movements, products


def test_a_kiotviet_export_imports_as_it_is(db, tmp_path, run_cli):
    path = other_tools.kiotviet_export(tmp_path / "DanhSachSanPham.xlsx")
    code, out, err = run_cli("import", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["rows"], report["created"], report["errors"]) == (4, 4, [])
    tea = catalog.get_product(db, "SP000001")
    assert (tea.name, tea.price, tea.cost, tea.barcode, tea.unit) == ("Chè Thái Nguyên 200g", 185000, 120000,
                                                                        "8934567890120", "hộp")
    assert (tea.category, tea.on_hand, tea.low_stock_threshold, tea.weight_g, tea.bin_location) == (
        "Trà", 40, 5, 250, "K1")
    assert catalog.get_product(db, "SP000003").barcode == "8934567890137"
    assert "Thương hiệu" in report["ignored_columns"]
    # The carton row of SP000001 is a product of its own, but its stock is SP000001's, counted in cartons.
    carton = catalog.get_product(db, "SP000001-T")
    assert (carton.unit, carton.price, carton.on_hand) == ("thùng", 4200000, 0)
    assert [n["row"] for n in report["notes"]] == [5] and "SP000001" in report["notes"][0]["message"]


def test_a_sapo_template_imports_as_it_is(db, tmp_path):
    report = import_file(db, other_tools.sapo_template(tmp_path / "sapo.xlsx"))
    assert (report.created, report.errors) == (2, []), report.to_json()
    half = catalog.get_product(db, "CF-R-500")
    assert (half.name, half.price, half.cost, half.on_hand, half.weight_g, half.low_stock_threshold,
            half.bin_location, half.unit) == ("Cà phê Robusta rang mộc", 150000, 90000, 30, 500, 5, "A2", "gói")
    assert catalog.get_product(db, "CF-R-1000").weight_g == 1000


@pytest.mark.parametrize("build, sku, expected", [
    (other_tools.nhanh_export, "NH-01", dict(name="Bánh tráng Trảng Bàng", price=35000, cost=20000, on_hand=80,
                                             weight_g=300, category="Đặc sản")),
    (other_tools.haravan_file, "NM-PQ-40", dict(name="Nước mắm Phú Quốc 40 độ đạm", price=95000, on_hand=24,
                                                weight_g=700, category="Gia vị")),
    (other_tools.lazada_upload, "LONG-NHAN-500", dict(name="Long nhãn sấy Hưng Yên", price=120000, on_hand=25,
                                                      weight_g=550, length_cm=20.0, height_cm=8.0)),
])
def test_nhanh_haravan_and_lazada_sheets_import(db, tmp_path, build, sku, expected):
    report = import_file(db, build(tmp_path / "f.xlsx"))
    assert report.created >= 1 and report.errors == [], report.to_json()
    view = catalog.get_product(db, sku)
    assert {k: getattr(view, k) for k in expected} == expected


def test_haravan_variant_rows_take_the_name_of_their_product(db, tmp_path):
    report = import_file(db, other_tools.haravan_file(tmp_path / "haravan.xlsx"))
    assert (report.created, report.errors) == (2, [])
    litre = catalog.get_product(db, "NM-PQ-40-1L")
    assert (litre.name, litre.category, litre.price, litre.on_hand) == ("Nước mắm Phú Quốc 40 độ đạm", "Gia vị",
                                                                        170000, 6)


def test_a_shopee_mass_upload_sheet_imports(db, tmp_path):
    report = import_file(db, other_tools.shopee_mass_upload(tmp_path / "shopee.xlsx"))
    assert report.header_row == 2
    assert (report.rows, report.created, report.errors) == (3, 3, []), report.to_json()
    one = catalog.get_product(db, "XOAI-1KG")
    assert (one.price, one.on_hand, one.weight_g, one.length_cm) == (85000, 30, 1100, 20.0)
    # No variation: its code is the product SKU column.
    assert catalog.get_product(db, "BUOI-DX").on_hand == 20


@pytest.mark.parametrize("header", ["SL tồn", "SL TỒN", "sl ton", "Số lượng tồn", "Tồn đầu kỳ", "Tồn kho ban đầu",
                                    "SL tồn kho", "Sl Tồn"])
def test_stock_headers_in_any_case_and_tone(header):
    assert match_header(header) == "quantity"


def test_sl_ton_gives_products_their_stock(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã SP", "Tên sản phẩm", "Giá bán", "SL tồn"])
    ws.append(["A-1", "Chè", 1000, 7])
    ws.append([None, "Tổng cộng", None, 7])
    ws.append([None, None, None, None])
    ws.append(["", "TỔNG", "", ""])
    ws.append(["Total", None, None, 7])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    report = import_file(db, path)
    assert (report.rows, report.created, report.errors) == (1, 1, [])
    assert catalog.get_product(db, "A-1").on_hand == 7


def test_opening_stock_for_a_product_with_a_ledger_is_reported(db, tmp_path, run_cli):
    catalog.add_product(db, "A-1", "Chè", 1000)
    receive_stock(db, "A-1", 3)
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã SP", "Tên sản phẩm", "Giá bán", "Tồn kho"])
    ws.append(["A-1", "Chè", 1000, 50])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    before = movements(db)
    code, out, _ = run_cli("import", str(path), "--json")
    report = json.loads(out)
    assert code == 0 and report["errors"] == [] and report["stock_receipts"] == 0
    assert [n["row"] for n in report["notes"]] == [2]
    assert "tồn đầu kỳ 50" in report["notes"][0]["message"] and "đang tồn 3" in report["notes"][0]["message"]
    assert movements(db) == before and catalog.get_product(db, "A-1").on_hand == 3
    code, out, _ = run_cli("import", str(path))
    assert "Lưu ý dòng 2, cột Tồn kho" in out


def test_each_tool_is_recognised():
    assert source_of(["Loại hàng", "Nhóm hàng(3 Cấp)", "Mã hàng", "Tên hàng", "Giá bán"]) == "kiotviet"
    assert source_of(["Tên sản phẩm*", "Mã SKU*", "LC_CN1_Tồn kho ban đầu*", "PL_Giá bán lẻ"]) == "sapo"
    assert source_of(["Tên sản phẩm", "Giá", "Kho hàng", "SKU phân loại", "SKU sản phẩm"]) == "shopee"
    # Outside a Shopee sheet "Kho hàng" stays our warehouse column.
    assert auto_mapping(["Mã SP", "Tên sản phẩm", "Kho hàng"]) == ["sku", "name", "warehouse"]
    assert auto_mapping(["Tên sản phẩm", "Giá", "Kho hàng", "SKU phân loại", "SKU sản phẩm"])[2] == "quantity"


def test_nothing_is_written_when_the_file_is_refused(db, tmp_path):
    before = products(db)
    wb = Workbook()
    ws = wb.active
    ws.append(["Ngày", "Ghi chú"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(UnreadableFile):  # the CLI turns it into exit 2
        import_file(db, path)
    assert products(db) == before


@pytest.mark.parametrize("typed, unit", [("Bộ", "bộ"), ("Bó", "bó"), ("Chiếc", "cái"), ("Gram", "g"), ("Kí", "kg"),
                                         ("Lốc", "lốc"), ("hop", "hộp"), ("DOI", "đôi")])
def test_units_other_tools_write(typed, unit):
    from gianhang_desktop.core.catalog.validation import validate_unit

    assert validate_unit(typed) == unit


def test_a_unit_typed_without_tones_that_could_be_two_units_is_refused():
    from gianhang_desktop.core.catalog.validation import validate_unit
    from gianhang_desktop.core.errors import ValidationError

    with pytest.raises(ValidationError):
        validate_unit("bo")  # bó (a bunch) or bộ (a set)?
