"""Every report to .xlsx (one sheet per table, through the shared safe spreadsheet writer: no live
formula) or to PDF (reportlab, the bundled Noto Sans, A4, landscape when the table is wide)."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .. import clock
from ..disk import write_atomically
from ..errors import ValidationError
from ..i18n import msg
from ..labels.fonts import register_fonts
from ..money import format_vnd, group_thousands
from ..spreadsheet.xlsx import new_workbook, save_atomically, write_sheet
from .tables import ReportDocument, ReportTable

SUFFIXES = (".xlsx", ".pdf")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def export_report(document: ReportDocument, path: str | Path) -> Path:
    """Write `document` to `path`: .xlsx or .pdf by its extension, whole or not at all.

    Raises:
        ValidationError("out"): another extension.
        GianHangError, DiskFull, ReadOnlyFolder: the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return save_xlsx(document, path)
    if suffix == ".pdf":
        return write_atomically(path, pdf_bytes(document))
    raise ValidationError("out", msg("Tệp báo cáo phải là .xlsx hoặc .pdf: {name}",
                                     "The report file must be .xlsx or .pdf: {name}", name=path.name))


def save_xlsx(document: ReportDocument, path: Path) -> Path:
    workbook = new_workbook()
    used: set[str] = set()
    for table in document.tables:
        title = _sheet_title(table.title, used)
        rows = list(table.rows) + ([table.total] if table.total else [])
        write_sheet(workbook, title, table.columns, rows)
    return save_atomically(workbook, path)


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def cell_text(value: Any, kind: str) -> str:
    """A value as the PDF and the window print it: "120.000 ₫", "1.234", "12,5 %", dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if kind == "money" and isinstance(value, int):
        return format_vnd(value)
    if kind == "int" and isinstance(value, int):
        return group_thousands(value)
    if kind == "percent" and isinstance(value, int | float):
        return f"{value:.1f} %".replace(".", ",")
    if isinstance(value, datetime):
        return clock.to_local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def pdf_bytes(document: ReportDocument) -> bytes:
    """The report as a PDF: a title, its subtitle, each table with its header repeated on every page."""
    fonts = register_fonts()
    wide = max((len(t.columns) for t in document.tables), default=0) > 7
    pagesize = landscape(A4) if wide else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=document.title, creator="Gian Hàng Desktop")
    title = ParagraphStyle("title", fontName=fonts.bold, fontSize=15, leading=19, spaceAfter=2)
    subtitle = ParagraphStyle("subtitle", fontName=fonts.regular, fontSize=9.5, leading=12, spaceAfter=8,
                              textColor=colors.HexColor("#444444"))
    heading = ParagraphStyle("heading", fontName=fonts.bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
    printed = msg("In lúc {t:%d/%m/%Y %H:%M}", "Printed {t:%d/%m/%Y %H:%M}", t=clock.local_now()).text()
    story: list = [Paragraph(_escape(document.title), title),
                   Paragraph(_escape(f"{document.subtitle} · {printed}"), subtitle)]
    width = pagesize[0] - 24 * mm
    for table in document.tables:
        if len(document.tables) > 1 or table.title != document.title:
            story.append(Paragraph(_escape(table.title), heading))
        story.append(_table(table, width, fonts))
        story.append(Spacer(1, 4 * mm))
    doc.build(story)
    return buffer.getvalue()


def _table(table: ReportTable, width: float, fonts) -> Table:
    size = 8 if len(table.columns) > 7 else 9
    text_style = ParagraphStyle("cell", fontName=fonts.regular, fontSize=size, leading=size * 1.25)
    number_style = ParagraphStyle("num", parent=text_style, alignment=TA_RIGHT)
    head_style = ParagraphStyle("head", parent=text_style, fontName=fonts.bold)
    kinds = [c.kind for c in table.columns]
    numeric = [k in ("money", "int", "percent") for k in kinds]
    data = [[Paragraph(_escape(c.header), head_style) for c in table.columns]]
    body = list(table.rows) + ([table.total] if table.total else [])
    for row in body:
        data.append([Paragraph(_escape(cell_text(v, k)), number_style if n else text_style)
                     for v, k, n in zip(row, kinds, numeric, strict=False)])
    widths = _widths(table, body, width)
    result = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9AA5B1")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if table.total:
        style.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor("#F2F2F2")))
    result.setStyle(TableStyle(style))
    return result


def _widths(table: ReportTable, body: list, width: float) -> list[float]:
    sample = body[:200]
    wants = []
    for i, column in enumerate(table.columns):
        longest = max([len(column.header) * 0.7] + [len(cell_text(r[i], column.kind)) for r in sample if i < len(r)])
        wants.append(max(4.0, min(40.0, longest)))
    total = sum(wants)
    return [width * w / total for w in wants]


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
