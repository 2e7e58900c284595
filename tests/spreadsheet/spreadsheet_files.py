"""Builders of messy spreadsheets as cooperatives keep them (openpyxl and csv), for the tests."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import func, select

from gianhang_desktop.core.catalog.models import Product
from gianhang_desktop.core.stock.models import StockMovement

MESSY_HEADER = ["STT", " Mã SP ", "TÊN HÀNG", "Đơn giá", "đvt", "Mã vạch", "Số lượng", "Lô", "Hạn sử dụng",
                "Ghi chú"]
# (row as Excel shows it, cells); rows 1–3 are the title, a merged subtitle and a blank row.
MESSY_ROWS = [
    (5, [1, "VT-001", "  Vải thiều   Thanh Hà ", "120.000", "Kg", 8934567890120, "50", "L2606",
         datetime(2027, 6, 30), "ngọt"]),
    (6, [2, "mo-1", "Mật ong hoa nhãn", "180,000", "chai", "8934567890137", 12, "", "30/06/2027", None]),
    (7, [3, "XO-1", "Xoài cát Hòa Lộc", "85.000 ₫", "kg", None, None, None, None, None]),
    (8, [None] * 10),
    (9, [4, "CF-1", "Cà phê Robusta", "150.000đ", "gói", None, " 30 ", None, "31/12/2027", None]),
    (10, [5, "TR-1", "Trà Shan tuyết", "350k", "hộp", None, None, None, None, None]),
    (11, [6, "GN-1", "Gạo nếp", 95000, "túi", None, None, None, None, None]),
    (12, [7, "VT-001", "Vải thiều (trùng)", "1", "kg", None, None, None, None, None]),
    (13, [8, "BAD-1", "Hàng lỗi", "12,5", "thùng to", "123", "-3", None, "31/02/2027", None]),
    (14, [9, "", "Không có mã", "1000", "kg", None, None, None, None, None]),
    (15, [10, "NEW-2", "", "", None, None, None, None, None, None]),
    (16, [11, None, None, None, None, None, None, None, None, None]),
]


def count(db, model) -> int:
    with db.read_session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def products(db) -> int:
    return count(db, Product)


def movements(db) -> int:
    return count(db, StockMovement)


def build_messy_xlsx(tmp_path: Path) -> Path:
    """Title rows with merged cells above the header, STT column, text numbers, every money
    form, Excel and text dates, blank rows, stray spaces, a duplicate SKU and bad rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws["A1"] = "HỢP TÁC XÃ NÔNG SẢN THANH HÀ"
    ws.merge_cells("A1:J1")
    ws["A2"] = "Danh sách sản phẩm năm 2026"
    ws.merge_cells("A2:J2")
    ws.append([])  # row 3 blank
    ws.append(MESSY_HEADER)  # row 4
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for number, cells in MESSY_ROWS:
        for col, value in enumerate(cells, start=1):
            ws.cell(row=number, column=col, value=value)
    ws["I5"].number_format = "dd/mm/yyyy"
    path = tmp_path / "danh sach san pham.xlsx"
    wb.save(path)
    return path


def write_xlsx(path: Path, rows: list[list], title: str = "Sheet1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def patch_sheet_xml(path: Path, change) -> None:
    """Rewrite xl/worksheets/sheet1.xml of an .xlsx with `change(xml) -> xml`."""
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            dst.writestr(info, data)


def add_blank_formatted_rows(path: Path, start: int, count: int) -> None:
    """Append `count` formatted but empty rows (what a clerk's "format whole column" leaves)."""

    def change(xml: str) -> str:
        rows = "".join(f'<row r="{n}"><c r="A{n}" s="1"/><c r="B{n}" s="1"/><c r="C{n}" s="1"/></row>'
                       for n in range(start, start + count))
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:C{start + count - 1}"/>', xml)
        return xml.replace("</sheetData>", rows + "</sheetData>")

    patch_sheet_xml(path, change)


def styled_workbook_builder():
    """A workbook whose first cell style (s="1") is a fill, for formatted-blank rows."""

    def build(path: Path, rows: list[list]) -> Path:
        wb = Workbook()
        ws = wb.active
        for row in rows:
            ws.append(row)
        ws.cell(row=len(rows) + 1, column=1).fill = PatternFill("solid", fgColor="FFFF00")
        wb.save(path)
        return path

    return build
