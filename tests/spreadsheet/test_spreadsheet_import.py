"""Importing messy catalogues: the per-row report, one transaction, idempotent re-import, mappings."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import load_workbook
from spreadsheet_files import movements, products, write_xlsx

from gianhang_desktop.core import clock
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.validation import UNITS
from gianhang_desktop.core.spreadsheet.importer import (
    import_file,
    preview_file,
    remember_mapping,
    remembered_mapping,
)
from gianhang_desktop.core.spreadsheet.reader import UnreadableFile
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.core.tasks import Cancelled, CancelToken

EXPECTED_ERRORS = [
    (5, "Mã SP", "Mã SKU 'VT-001' xuất hiện nhiều lần trong tệp (dòng 5, 12): mỗi sản phẩm chỉ một dòng"),
    (12, "Mã SP", "Mã SKU 'VT-001' xuất hiện nhiều lần trong tệp (dòng 5, 12): mỗi sản phẩm chỉ một dòng"),
    (13, "Đơn giá", "Không nhận số lẻ dưới một đồng: '12,5'"),
    (13, "đvt", f"Đơn vị tính không hợp lệ: 'thùng to' (dùng: {', '.join(UNITS)})"),
    (13, "Mã vạch", "Mã vạch '123' có 3 chữ số; mã GTIN/EAN phải có 8, 12, 13 hoặc 14 chữ số"),
    (13, "Số lượng", "Số lượng không được âm"),
    (13, "Hạn sử dụng", "Ngày không hợp lệ: '31/02/2027' (dạng dd/mm/yyyy)"),
    (14, "Mã SP", "Chưa có mã SKU"),
    (15, "TÊN HÀNG", "Sản phẩm mới cần tên sản phẩm"),
    (15, "Đơn giá", "Sản phẩm mới cần giá bán"),
]


def test_dry_run_reports_every_row_and_writes_nothing(db, messy_xlsx):
    report = import_file(db, messy_xlsx, dry_run=True)
    assert report.header_row == 4 and report.sheet == "Danh sách"
    assert [(e.row, e.column, e.message.text()) for e in report.errors] == EXPECTED_ERRORS
    assert [(r.row, r.status) for r in report.results] == [
        (5, "error"), (6, "new"), (7, "new"), (9, "new"), (10, "new"), (11, "new"), (12, "error"), (13, "error"),
        (14, "error"), (15, "error"),
    ]
    assert report.to_json()["rows"] == 10 and (report.created, report.updated, report.unchanged) == (5, 0, 0)
    assert report.ignored_columns == ["Ghi chú"]
    assert products(db) == 0 and movements(db) == 0


def test_json_report_has_the_contract_keys(db, messy_xlsx):
    data = import_file(db, messy_xlsx, dry_run=True).to_json()
    assert {"rows", "created", "updated", "unchanged", "errors"} <= set(data)
    assert data["errors"][2] == {"row": 13, "column": "Đơn giá", "message": "Không nhận số lẻ dưới một đồng: '12,5'"}


def test_english_messages(db, messy_xlsx, monkeypatch):
    monkeypatch.setenv("GIANHANG_LANG", "en")
    data = import_file(db, messy_xlsx, dry_run=True).to_json()
    assert data["errors"][7] == {"row": 14, "column": "Mã SP", "message": "SKU is missing"}


def test_import_writes_valid_rows_with_values_as_clerks_type_them(db, messy_xlsx):
    report = import_file(db, messy_xlsx)
    assert (report.created, report.updated, report.unchanged, len(report.errors)) == (5, 0, 0, 10)
    assert report.changes.catalog_reset
    honey = catalog.get_product(db, "MO-1")
    assert (honey.sku, honey.name, honey.price, honey.unit, honey.barcode) == (
        "mo-1", "Mật ong hoa nhãn", 180_000, "chai", "8934567890137")
    assert [catalog.get_product(db, s).price for s in ("XO-1", "CF-1", "TR-1", "GN-1")] == [
        85_000, 150_000, 350_000, 95_000]
    assert honey.on_hand == 12 and catalog.get_product(db, "CF-1").on_hand == 30
    lots = stock.stock_report(db, "MO-1").warehouses[0].lots
    assert [(lot.lot, lot.expiry_date) for lot in lots] == [("HSD-20270630", date(2027, 6, 30))]
    ledger = stock.movements(db, "CF-1")
    assert [(m.kind, m.quantity, m.warehouse) for m in ledger] == [("receipt", 30, "KHO-CHINH")]
    assert "Tồn đầu kỳ" in ledger[0].reason
    # Found by the search index like any product added by hand.
    from gianhang_desktop.core.catalog.search import search_products

    assert [h.sku for h in search_products(db, "mat ong")] == ["mo-1"]


def test_reimporting_the_same_file_changes_nothing(db, messy_xlsx):
    import_file(db, messy_xlsx)
    before = (products(db), movements(db), [(p.sku, p.version, p.on_hand) for p in catalog.list_products(db)])
    again = import_file(db, messy_xlsx)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert not again.changes
    assert (products(db), movements(db), [(p.sku, p.version, p.on_hand) for p in catalog.list_products(db)]) == before


def test_changed_cells_update_and_opening_stock_is_not_added_twice(db, tmp_path):
    header = ["Mã SP", "Tên sản phẩm", "Giá bán", "Tồn kho"]
    write_xlsx(tmp_path / "a.xlsx", [header, ["ST-25", "Gạo ST25", "180.000", 50]])
    import_file(db, tmp_path / "a.xlsx")
    write_xlsx(tmp_path / "b.xlsx", [header, ["st-25 ", "Gạo ST25", "185.000", 80]])
    report = import_file(db, tmp_path / "b.xlsx")
    assert [(r.status, r.changed, r.stock) for r in report.results] == [("update", ("price",), 0)]
    view = catalog.get_product(db, "ST-25")
    assert (view.price, view.version, view.on_hand) == (185_000, 2, 50)
    assert movements(db) == 1


def test_existing_product_without_ledger_gets_its_opening_stock_once(db, tmp_path):
    catalog.add_product(db, "MO-1", "Mật ong", 180_000)
    path = write_xlsx(tmp_path / "a.xlsx", [["Mã SP", "Tên sản phẩm", "Tồn kho", "Lô", "HSD", "Kho"],
                                             ["MO-1", "Mật ong", 12, "L1", "30/06/2027", "kho chinh"]])
    first = import_file(db, path)
    assert [(r.status, r.stock) for r in first.results] == [("update", 12)]
    assert first.changes.stock == {catalog.get_product(db, "MO-1").id}
    assert catalog.get_product(db, "MO-1").on_hand == 12
    second = import_file(db, path)
    assert [(r.status, r.stock) for r in second.results] == [("unchanged", 0)]
    assert catalog.get_product(db, "MO-1").on_hand == 12 and movements(db) == 1


def test_unknown_warehouse_and_barcode_clashes_are_row_errors(db, tmp_path):
    catalog.add_product(db, "OLD", "Cũ", 1000, barcode="8934567890120")
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["Mã SP", "Tên sản phẩm", "Giá bán", "Mã vạch", "Tồn kho", "Kho"],
        ["A-1", "Một", 1000, "8934567890120", None, None],
        ["A-2", "Hai", 1000, "8934567890137", 5, "Kho ma"],
        ["A-3", "Ba", 1000, "8934567890137", None, None],
    ])
    report = import_file(db, path)
    assert [(e.row, e.column, e.message.text()) for e in report.errors] == [
        (2, "Mã vạch", "Mã vạch 8934567890120 đã dùng cho sản phẩm khác"),
        (3, "Kho", "Không có kho 'Kho ma'"),
        (4, "Mã vạch", "Mã vạch 8934567890137 trùng với dòng 3"),
    ]
    assert products(db) == 1


def test_all_rows_go_in_one_transaction(db, messy_xlsx):
    token = CancelToken()

    def progress(fraction, _message):
        if fraction >= 0.8:  # the writing phase has started
            token.cancel()

    with pytest.raises(Cancelled):
        import_file(db, messy_xlsx, progress=progress, cancel=token)
    assert products(db) == 0 and movements(db) == 0


@pytest.mark.parametrize("encoding,delimiter", [("utf-8-sig", ";"), ("utf-8", ","), ("utf-8-sig", "\t")])
def test_csv_with_or_without_bom_comma_or_semicolon(db, tmp_path, encoding, delimiter):
    path = tmp_path / "ds.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["Danh sách hàng"])
        writer.writerow([])
        writer.writerow(["STT", "Mã sản phẩm", "Tên sản phẩm", "Giá bán", "Đơn vị tính", "Ngày thu hoạch", "HSD",
                         "Tồn kho"])
        writer.writerow(["1", "VT-1", "Vải thiều", "120,000", "kg", "01/06/2026", "10/06/2026", "1.000"])
        writer.writerow(["2", "NL-1", "Nhãn lồng", "70.000 ₫", "KG", "", "", ""])
        writer.writerow(["3", "XX", "Xấu", "abc", "kg", "", "", ""])
    with clock.frozen("2026-06-02T08:00:00+07:00"):  # the lychee is still in date
        report = import_file(db, path)
    assert [(e.row, e.column) for e in report.errors] == [(6, "Giá bán")]
    assert (report.created, report.header_row) == (2, 3)
    assert catalog.get_product(db, "VT-1").price == 120_000 and catalog.get_product(db, "VT-1").on_hand == 1000
    lot = stock.stock_report(db, "VT-1").warehouses[0].lots[0]
    assert (lot.harvest_date, lot.expiry_date) == (date(2026, 6, 1), date(2026, 6, 10))


def test_errors_file_round_trip(db, messy_xlsx, tmp_path):
    failed = tmp_path / "loi.xlsx"
    report = import_file(db, messy_xlsx, errors_out=failed)
    assert report.file_errors_path == failed
    wb = load_workbook(failed)
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == [h for h in ["STT", " Mã SP ", "TÊN HÀNG", "Đơn giá", "đvt", "Mã vạch", "Số lượng", "Lô",
                                  "Hạn sử dụng", "Ghi chú"]] + ["Lỗi", "Dòng gốc"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    rows = {r[11]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert sorted(rows) == [5, 12, 13, 14, 15]
    assert "Đơn giá: Không nhận số lẻ dưới một đồng" in rows[13][10]
    assert ws["D4"].fill.fgColor.rgb.endswith("F8CBAD")  # the bad price of row 13 is highlighted
    # The clerk fixes the rows in the error file and imports it again.
    fixes = {5: {}, 12: {"B": "VT-002"}, 13: {"D": "12.500", "E": "thùng", "F": None, "G": 3, "I": "28/02/2027"},
             14: {"B": "KM-1"}, 15: {"C": "Hàng mới", "D": "10k"}}
    for index, number in enumerate(sorted(rows), start=2):
        for col, value in fixes[number].items():
            ws[f"{col}{index}"] = value
    wb.save(failed)
    again = import_file(db, failed)
    assert again.errors == [] and again.created == 5
    assert catalog.get_product(db, "BAD-1").price == 12_500 and catalog.get_product(db, "BAD-1").on_hand == 3
    assert catalog.get_product(db, "VT-001").on_hand == 50


def test_mapping_override_and_remembered_mapping(db, tmp_path):
    rows = [["Mã nội bộ", "Tên sản phẩm", "Giá bán", "Giá sỉ"], ["N-1", "Nước mắm", "125.000", "100.000"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    with pytest.raises(UnreadableFile) as info:
        import_file(db, path, dry_run=True)
    assert "không có cột mã SKU" in str(info.value)
    preview = preview_file(path)
    assert preview.columns == (None, "name", "price", None)
    chosen = {"Mã nội bộ": "sku", "Giá bán": "", "Giá sỉ": "price"}
    report = import_file(db, path, mapping=chosen, dry_run=True)
    assert report.columns == ("sku", "name", "", "price")
    remember_mapping(db.data_dir, preview.headers, report.columns)
    assert remembered_mapping(db.data_dir, ["mã nội bộ", "TÊN SẢN PHẨM", "Giá bán", "Giá sỉ"]) is not None
    other = write_xlsx(tmp_path / "b.xlsx", rows[:1] + [["N-2", "Mắm tôm", "50.000", "40.000"]])
    assert preview_file(other, data_dir=db.data_dir).remembered
    imported = import_file(db, other)
    assert imported.created == 1 and catalog.get_product(db, "N-2").price == 40_000


def test_formula_without_cached_value_is_a_row_error(db, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [["Mã SP", "Tên sản phẩm", "Giá bán"], ["A-1", "Một", "=1000*2"],
                                            ["A-2", "Hai", 5000]])
    report = import_file(db, path)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Giá bán")]
    assert "công thức =1000*2" in report.errors[0].message.text()
    assert report.created == 1


def test_formula_with_cached_value_uses_the_value(db, tmp_path):
    from spreadsheet_files import patch_sheet_xml

    path = write_xlsx(tmp_path / "f.xlsx", [["Mã SP", "Tên sản phẩm", "Giá bán"], ["A-1", "Một", "=1000*2"]])
    patch_sheet_xml(path, lambda xml: xml.replace("<f>1000*2</f><v />", "<f>1000*2</f><v>2000</v>"))
    report = import_file(db, path)
    assert report.errors == [] and catalog.get_product(db, "A-1").price == 2000


def test_header_only_file_reads_zero_rows(db, tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", [["Mã SP", "Tên sản phẩm", "Giá bán"]])
    assert import_file(db, path).to_json()["rows"] == 0


def test_second_sheet_is_used_when_the_active_one_has_no_table(db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Hướng dẫn: điền sản phẩm ở trang sau"])
    ws = wb.create_sheet("Sản phẩm")
    ws.append(["Mã SP", "Tên sản phẩm", "Giá bán"])
    ws.append(["A-1", "Một", 1000])
    wb.save(tmp_path / "two.xlsx")
    report = import_file(db, tmp_path / "two.xlsx")
    assert (report.sheet, report.created) == ("Sản phẩm", 1)


def test_apply_import_writes_what_the_dry_run_read_and_rechecks_the_database(db, messy_xlsx):
    from gianhang_desktop.core.spreadsheet.importer import apply_import

    dry = import_file(db, messy_xlsx, dry_run=True)
    catalog.add_product(db, "XO-1", "Xoài cát Hòa Lộc", 80_000, unit="kg")  # added meanwhile by someone else
    done = apply_import(db, dry)
    assert not done.dry_run and (done.created, done.updated) == (4, 1)
    assert [(e.row, e.column) for e in done.errors] == [(e.row, e.column) for e in dry.errors]
    assert catalog.get_product(db, "XO-1").price == 85_000 and products(db) == 5
    again = apply_import(db, dry)
    assert (again.created, again.updated, again.unchanged, len(again.errors)) == (0, 0, 5, 10)


def test_notes_outside_imported_columns_and_footer_rows(db, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["STT", "Mã SP", "Tên sản phẩm", "Giá bán", "Ghi chú"],
        [1, "A-1", "Một", "1.000", None],
        [2, None, None, None, "hàng về tuần sau"],
        [None, None, "Tổng cộng", 1000, None],
    ])
    report = import_file(db, path, dry_run=True)
    # A total row is not a product (issue #14): skipped, not reported as an error.
    assert [(r.row, r.status) for r in report.results] == [(2, "new")]
    assert report.errors == []
