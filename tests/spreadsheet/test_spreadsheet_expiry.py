"""Spreadsheets carry "stop selling N days before expiry" both ways, and never bring in expired stock."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from gianhang_desktop.core import clock
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.spreadsheet import exporter
from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.stock import service as stock

TODAY = "2026-06-16T00:30:00+07:00"


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_import_and_export_stop_selling_days(db, tmp_path):
    source = write_csv(tmp_path / "vai.csv", [
        ["Mã SP", "Tên sản phẩm", "Giá bán", "Ngừng bán trước HSD (ngày)"],
        ["VAI-1", "Vải thiều", "60000", "2"],
        ["VAI-2", "Vải u hồng", "50000", ""],
        ["VAI-3", "Vải lỗi", "50000", "hai"],
    ])
    report = import_file(db, source)
    assert [(e.row, e.column) for e in report.errors] == [(4, "Ngừng bán trước HSD (ngày)")]
    assert catalog.get_product(db, "VAI-1").stop_selling_days == 2
    assert catalog.get_product(db, "VAI-2").stop_selling_days == 0
    out = tmp_path / "san-pham.xlsx"
    exporter.export(db, "products", out)
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    column = header.index("Ngừng bán trước HSD (ngày)")
    assert {r[0].value: r[column].value for r in sheet.iter_rows(min_row=2)} == {"VAI-1": 2, "VAI-2": 0}
    catalog.update_product(db, "VAI-1", stop_selling_days=5)
    assert import_file(db, out).updated == 1  # the exported file imports back and restores the setting
    assert catalog.get_product(db, "VAI-1").stop_selling_days == 2


def test_opening_stock_past_expiry_is_refused(db, tmp_path):
    source = write_csv(tmp_path / "ton.csv", [
        ["Mã SP", "Tên sản phẩm", "Giá bán", "Tồn kho", "Lô", "HSD"],
        ["MO-1", "Mật ong", "180000", "4", "M-15", "15/06/2026"],
        ["MO-2", "Mật ong rừng", "250000", "5", "M-16", "16/06/2026"],
    ])
    with clock.frozen(TODAY):
        report = import_file(db, source)
    assert [(e.row, e.column) for e in report.errors] == [(2, "HSD")]
    assert "15/06/2026" in report.errors[0].message.text()
    assert report.created == 1 and stock.stock_report(db, "MO-2").on_hand == 5
