"""A receipt as a PDF (reportlab, the bundled Noto Sans): one page as long as the receipt on a roll,
A5 pages otherwise. Sized to the roll's width, so the printer driver prints it at 100 %."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..labels.fonts import register_fonts
from ..payments.qr_image import qr_matrix
from .receipt import PAPERS, Line, Pair, Qr, Receipt, Rule, check_paper, wrap

LEADING = 1.3
A5_HEIGHT = 210 * mm


@dataclass(frozen=True)
class _Op:
    kind: str  # text, rule, qr
    y: float  # top of the item, from the top of the content
    x: float = 0.0
    text: str = ""
    font: str = ""
    size: float = 0.0
    width: float = 0.0
    dashed: bool = False
    module: float = 0.0
    runs: tuple = ()


def render_receipt_pdf(receipt: Receipt, out: str | os.PathLike | BinaryIO, paper: str = "80") -> int:
    """Draw `receipt` on `paper` ("80", "58" or "a5") into the PDF `out`; returns the page count."""
    paper = check_paper(paper)
    page_w_mm, content_w_mm, base = PAPERS[paper]
    fonts = register_fonts()
    width = content_w_mm * mm
    margin_x = (page_w_mm - content_w_mm) / 2 * mm
    ops, height = _layout(receipt, width, base, fonts.regular, fonts.bold)
    margin_y = 4 * mm if paper != "a5" else 12 * mm
    target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
    if paper == "a5":
        page_h = A5_HEIGHT
        usable = page_h - 2 * margin_y
        pages = _paginate(ops, usable)
    else:
        page_h = height + 2 * margin_y
        pages = [ops]
    canvas = Canvas(target, pagesize=(page_w_mm * mm, page_h), pageCompression=1)
    canvas.setTitle(f"Hóa đơn {receipt.code}")
    canvas.setCreator("Gian Hàng Desktop")
    for page in pages:
        offset = page[0].y if page else 0.0
        for op in page:
            _draw(canvas, op, margin_x, page_h - margin_y - (op.y - offset))
        canvas.showPage()
    canvas.save()
    return len(pages)


def receipt_pdf_bytes(receipt: Receipt, paper: str = "80") -> bytes:
    buffer = io.BytesIO()
    render_receipt_pdf(receipt, buffer, paper)
    return buffer.getvalue()


def _layout(receipt: Receipt, width: float, base: float, regular: str, bold: str) -> tuple[list[_Op], float]:
    ops: list[_Op] = []
    y = 0.0
    for row in receipt.rows:
        if isinstance(row, Line):
            font, size = (bold if row.bold else regular), base * row.size
            for text in wrap(row.text, width, lambda t, f=font, s=size: stringWidth(t, f, s)):
                text_w = stringWidth(text, font, size)
                x = {"center": (width - text_w) / 2, "right": width - text_w}.get(row.align, 0.0)
                ops.append(_Op("text", y, x, text, font, size))
                y += size * LEADING
        elif isinstance(row, Pair):
            font, size = (bold if row.bold else regular), base * row.size
            right_w = stringWidth(row.right, font, size)
            indent = base if row.indent else 0.0
            lefts = wrap(row.left, width - right_w - base - indent, lambda t, f=font, s=size: stringWidth(t, f, s))
            for i, text in enumerate(lefts):
                ops.append(_Op("text", y, indent, text, font, size))
                if i == len(lefts) - 1:
                    ops.append(_Op("text", y, width - right_w, row.right, font, size))
                y += size * LEADING
        elif isinstance(row, Rule):
            y += base * 0.4
            ops.append(_Op("rule", y, 0.0, width=width, dashed=row.dashed))
            y += base * 0.6
        elif isinstance(row, Qr):
            matrix = qr_matrix(row.payload)
            side = min(width * 0.8, 38 * mm)
            module = side / matrix.size
            y += 4 * module  # the quiet zone a reader needs around the symbol
            ops.append(_Op("qr", y, (width - side) / 2, module=module, runs=matrix.runs, size=side))
            y += side + 4 * module
            for caption in row.caption:
                for text in wrap(caption, width, lambda t: stringWidth(t, regular, base * 0.9)):
                    ops.append(_Op("text", y, (width - stringWidth(text, regular, base * 0.9)) / 2, text, regular,
                                   base * 0.9))
                    y += base * 0.9 * LEADING
    return ops, y


def _paginate(ops: list[_Op], usable: float) -> list[list[_Op]]:
    pages: list[list[_Op]] = [[]]
    start = 0.0
    for op in ops:
        bottom = op.y + (op.size if op.kind == "qr" else op.size * LEADING)
        if pages[-1] and bottom - start > usable:
            pages.append([])
            start = op.y
        pages[-1].append(op)
    return pages


def _draw(canvas: Canvas, op: _Op, left: float, top: float) -> None:
    if op.kind == "text":
        canvas.setFont(op.font, op.size)
        canvas.drawString(left + op.x, top - op.size, op.text)
    elif op.kind == "rule":
        canvas.saveState()
        canvas.setLineWidth(0.5)
        if op.dashed:
            canvas.setDash(2, 2)
        canvas.line(left, top, left + op.width, top)
        canvas.restoreState()
    elif op.kind == "qr":
        m = op.module
        parts = [f"{left + op.x + col * m:.3f} {top - (row + 1) * m:.3f} {length * m:.3f} {m:.3f} re"
                 for row, col, length in op.runs]
        canvas.addLiteral("\n".join(parts) + "\nf")
