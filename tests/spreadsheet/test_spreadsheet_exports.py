"""Exports open in Excel as a clerk expects: bold frozen header, đồng format, fitting widths, real dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.spreadsheet import exporter
from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.spreadsheet.xlsx import VND_FORMAT
from gianhang_desktop.core.stock import service as stock


@pytest.fixture
def stocked(db):
    catalog.add_product(db, "MO-1", "Mật ong hoa nhãn", "180.000", unit="chai", barcode="8934567890120", cost=120_000,
                        weight_g=500, category="Mật ong", ocop_stars=4)
    catalog.add_product(db, "VT-001", "Vải thiều Thanh Hà loại đặc biệt hộp quà", 1_250_000, unit="hộp")
    stock.receive_stock(db, "MO-1", 12, lot="L1", expiry="30/06/2027", harvest="01/03/2026")
    stock.receive_stock(db, "MO-1", 5)
    stock.add_warehouse(db, "KHO-2", "Kho Lục Ngạn")
    stock.transfer_stock(db, "MO-1", 4, source="KHO-CHINH", target="KHO-2", lot="L1")
    return db


def _sheet(path):
    return load_workbook(path).worksheets[0]


def _assert_clerk_friendly(ws):
    assert ws.freeze_panes == "A2"
    assert all(cell.font.b for cell in ws[1])
    for cell in ws[1]:
        assert ws.column_dimensions[cell.column_letter].width >= len(cell.value)


def test_products_export(stocked, tmp_path):
    path = tmp_path / "san pham.xlsx"
    assert exporter.export(stocked, "products", path) == 2
    ws = _sheet(path)
    _assert_clerk_friendly(ws)
    header = [c.value for c in ws[1]]
    rows = {r[0].value: {h: c for h, c in zip(header, r, strict=True)} for r in ws.iter_rows(min_row=2)}
    honey = rows["MO-1"]
    assert honey["Giá bán"].value == 180_000 and honey["Giá bán"].number_format == VND_FORMAT
    assert honey["Giá vốn"].number_format == VND_FORMAT and honey["Tồn kho"].value == 17
    assert honey["Mã vạch"].value == "8934567890120" and honey["Hạng OCOP"].value == 4
    assert isinstance(honey["Cập nhật lúc"].value, datetime) and honey["Cập nhật lúc"].is_date
    # The name column fits its longest name.
    assert ws.column_dimensions["B"].width >= len("Vải thiều Thanh Hà loại đặc biệt hộp quà")


def test_stock_export_per_warehouse_and_lot(stocked, tmp_path):
    path = tmp_path / "ton kho.xlsx"
    exporter.export(stocked, "stock", path)
    ws = _sheet(path)
    _assert_clerk_friendly(ws)
    rows = [tuple(c.value for c in r) for r in ws.iter_rows(min_row=2)]
    assert rows == [
        ("MO-1", "Mật ong hoa nhãn", "chai", "KHO-2", "Kho Lục Ngạn", "L1", datetime(2026, 3, 1), datetime(2027, 6, 30), 4),
        ("MO-1", "Mật ong hoa nhãn", "chai", "KHO-CHINH", "Kho chính", "L1", datetime(2026, 3, 1),
         datetime(2027, 6, 30), 8),
        ("MO-1", "Mật ong hoa nhãn", "chai", "KHO-CHINH", "Kho chính", None, None, None, 5),
    ]
    assert ws["H2"].is_date and ws["H2"].number_format == "dd/mm/yyyy"


def test_movements_export(stocked, tmp_path):
    path = tmp_path / "the kho.xlsx"
    assert exporter.export(stocked, "movements", path) == 4
    ws = _sheet(path)
    _assert_clerk_friendly(ws)
    kinds = [(r[5].value, r[6].value) for r in ws.iter_rows(min_row=2)]
    assert kinds == [("Nhập kho", 12), ("Nhập kho", 5), ("Chuyển đi", -4), ("Chuyển đến", 4)]
    assert ws["A2"].is_date


def test_template_has_the_expected_headers_and_one_example_that_imports(db, tmp_path):
    path = tmp_path / "mau.xlsx"
    exporter.export(None, "template", path)
    ws = _sheet(path)
    _assert_clerk_friendly(ws)
    assert [c.value for c in ws[1]][:5] == ["STT", "Mã SP", "Tên sản phẩm", "ĐVT", "Giá bán"]
    assert ws.max_row == 2 and ws["E2"].number_format == VND_FORMAT and ws["O2"].is_date
    report = import_file(db, path)
    assert (report.created, report.errors) == (1, [])
    assert catalog.get_product(db, "VT-001").on_hand == 50


def test_product_export_imports_back_unchanged_and_into_a_new_database(stocked, tmp_path, template_dir):
    path = tmp_path / "san pham.xlsx"
    exporter.export(stocked, "products", path)
    again = import_file(stocked, path)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 2, [])
    import shutil

    shutil.copytree(template_dir, tmp_path / "other")
    other = Database.open(tmp_path / "other")
    try:
        moved = import_file(other, path)
        assert (moved.created, moved.errors) == (2, [])
        copy = catalog.get_product(other, "MO-1")
        assert (copy.price, copy.cost, copy.barcode, copy.on_hand) == (180_000, 120_000, "8934567890120", 17)
    finally:
        other.dispose()


def test_export_to_an_unwritable_place_is_a_clear_error(stocked, tmp_path):
    from gianhang_desktop.core.errors import GianHangError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GianHangError) as info:
        exporter.export(stocked, "products", blocker / "sub" / "out.xlsx")
    assert "Không ghi được tệp" in str(info.value)


def test_dates_are_today_based(tmp_path):
    exporter.export_template(tmp_path / "t.xlsx")
    assert _sheet(tmp_path / "t.xlsx")["N2"].value.date() == date.today()
