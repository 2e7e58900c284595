"""Files that cannot be read: a clear one-line reason, exit 2 and nothing written."""

from __future__ import annotations

import json
import time
import zipfile

import pytest
from openpyxl import Workbook
from spreadsheet_files import (
    add_blank_formatted_rows,
    products,
    styled_workbook_builder,
    write_xlsx,
)

from gianhang_desktop.core.spreadsheet.importer import import_file
from gianhang_desktop.core.spreadsheet.reader import UnreadableFile

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _cfb(streams: list[str]) -> bytes:
    """A minimal OLE compound file: header sector, then a directory sector naming `streams`."""
    header = CFB + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * (512 - 32)
    entries = b""
    for name in ["Root Entry", *streams]:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + len(raw).to_bytes(2, "little") + b"\x02" + b"\x00" * 61
    return header + entries.ljust(512, b"\x00")


def _bad_files(tmp_path):
    png = tmp_path / "anh.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    encrypted = tmp_path / "mat khau.xlsx"
    encrypted.write_bytes(_cfb(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    legacy = tmp_path / "cu.xls"
    legacy.write_bytes(_cfb(["Workbook", "\x05SummaryInformation"]))
    not_xlsx = tmp_path / "tai lieu.xlsx"
    with zipfile.ZipFile(not_xlsx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    corrupt = tmp_path / "hong.xlsx"
    write_xlsx(tmp_path / "ok.xlsx", [["Mã SP", "Tên sản phẩm"], ["A", "B"]])
    data = (tmp_path / "ok.xlsx").read_bytes()
    corrupt.write_bytes(data[: len(data) // 2])
    binary_csv = tmp_path / "du lieu.csv"
    binary_csv.write_bytes(b"Ma SP,Ten\x00\x01\x02" * 20)
    empty_file = tmp_path / "rong.csv"
    empty_file.write_bytes(b"")
    empty_sheet = tmp_path / "trang trong.xlsx"
    Workbook().save(empty_sheet)
    blank_csv = tmp_path / "trang.csv"
    blank_csv.write_text("\n;;\n\n", encoding="utf-8")
    no_header = write_xlsx(tmp_path / "so.xlsx", [[1, 2, 3], ["a", "b", "c"], [4, 5, 6]])
    return {
        "png": (png, "không phải bảng tính"),
        "encrypted": (encrypted, "được đặt mật khẩu"),
        "legacy": (legacy, "định dạng Excel cũ (.xls)"),
        "zip": (not_xlsx, "không phải bảng tính"),
        "corrupt": (corrupt, "bị hỏng"),
        "binary_csv": (binary_csv, "không phải bảng tính"),
        "empty_file": (empty_file, "trống"),
        "empty_sheet": (empty_sheet, "trang tính trống"),
        "blank_csv": (blank_csv, "trang tính trống"),
        "no_header": (no_header, "Không tìm thấy dòng tiêu đề"),
        "missing": (tmp_path / "khong co.xlsx", "Không tìm thấy tệp"),
    }


CASES = ["png", "encrypted", "legacy", "zip", "corrupt", "binary_csv", "empty_file", "empty_sheet", "blank_csv",
         "no_header", "missing"]


@pytest.mark.parametrize("case", CASES)
def test_unreadable_files_are_refused_with_a_reason(db, tmp_path, case):
    path, reason = _bad_files(tmp_path)[case]
    with pytest.raises(UnreadableFile) as info:
        import_file(db, path)
    assert reason in str(info.value)
    assert products(db) == 0


@pytest.mark.parametrize("case", CASES)
def test_cli_exits_2_with_one_line_and_writes_nothing(run_cli, db, tmp_path, case):
    path, reason = _bad_files(tmp_path)[case]
    failed = tmp_path / "failed.xlsx"
    code, out, err = run_cli("import", str(path), "--errors-out", str(failed))
    assert code == 2 and out == ""
    assert err.startswith("Lỗi: ") and reason in err and err.count("\n") == 1
    code, out, err = run_cli("import", str(path), "--json", "--errors-out", str(failed))
    assert code == 2 and out == "" and err.count("\n") == 1  # with --json, the error is JSON too
    assert json.loads(err)["error"]["type"] == "UnreadableFile" and reason in json.loads(err)["error"]["message"]
    assert products(db) == 0 and not failed.exists()


def test_100000_blank_formatted_rows_are_fast_and_not_data(db, tmp_path):
    path = styled_workbook_builder()(tmp_path / "format.xlsx", [
        ["Mã SP", "Tên sản phẩm", "Giá bán"], ["A-1", "Một", 1000], ["A-2", "Hai", 2000], ["A-3", "Ba", 3000]])
    add_blank_formatted_rows(path, 6, 100_000)
    started = time.perf_counter()
    report = import_file(db, path)
    elapsed = time.perf_counter() - started
    assert (report.rows, report.created, report.errors) == (3, 3, [])
    assert elapsed < 20, elapsed  # generous on slow CI machines; about 2 s here


def test_data_below_many_formatted_blank_rows_is_still_read(db, tmp_path):
    from spreadsheet_files import patch_sheet_xml

    path = styled_workbook_builder()(tmp_path / "xa.xlsx", [["Mã SP", "Tên sản phẩm", "Giá bán"], ["A-1", "Một", 1000]])
    add_blank_formatted_rows(path, 4, 5_000)
    far = ('<row r="5004"><c r="A5004" t="inlineStr"><is><t>Z-9</t></is></c>'
           '<c r="B5004" t="inlineStr"><is><t>Xa</t></is></c><c r="C5004"><v>2000</v></c></row>')
    patch_sheet_xml(path, lambda xml: xml.replace("</sheetData>", far + "</sheetData>"))
    report = import_file(db, path)
    assert [(r.row, r.sku, r.status) for r in report.results] == [(2, "A-1", "new"), (5004, "Z-9", "new")]


def test_damaged_sheet_xml_is_refused_and_nothing_written(db, tmp_path, run_cli):
    from spreadsheet_files import patch_sheet_xml

    path = write_xlsx(tmp_path / "hong.xlsx", [["Mã SP", "Tên sản phẩm", "Giá bán"]] +
                      [[f"A-{i}", "Một", 1000] for i in range(50)])
    patch_sheet_xml(path, lambda xml: xml.replace('<row r="30"', '<row r="30"><broken', 1))
    code, out, err = run_cli("import", str(path))
    assert code == 2 and "bị hỏng" in err and products(db) == 0
