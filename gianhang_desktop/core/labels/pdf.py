"""Render shipping labels to one PDF with reportlab."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from gianhang_desktop.core.labels.fonts import register_fonts
from gianhang_desktop.core.labels.layout import (
    DEFAULT_SIZE,
    SIZES,
    Barcode,
    Frame,
    LabelData,
    LabelDrawing,
    QrCode,
    Rule,
    Text,
    build_label,
)

ProgressFn = Callable[[float, str], None]


def render_labels(
    labels: Sequence[LabelData],
    out: str | os.PathLike | BinaryIO,
    size: str = DEFAULT_SIZE,
    progress: ProgressFn | None = None,
    cancel=None,
) -> int:
    """Write ``labels`` to the PDF ``out`` on paper ``size`` and return the page count.

    ``cancel`` is any object with ``raise_if_cancelled()`` (the core's CancelToken).
    """
    if size not in SIZES:
        raise ValueError(f"unknown label size {size!r}; choose one of {', '.join(SIZES)}")
    if not labels:
        raise ValueError("no labels to render")
    fonts = register_fonts()
    paper = SIZES[size]
    page_w, page_h = paper.page_pt
    target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
    canvas = Canvas(target, pagesize=(page_w, page_h), pageCompression=1,
                    initialFontName=fonts.regular, initialFontSize=10)
    canvas.setTitle("Nhãn vận chuyển" if len(labels) > 1 else f"Nhãn {labels[0].order_code}")
    canvas.setCreator("Gian Hàng Desktop")
    per_page = len(paper.slots_mm)
    pages = 0
    for start in range(0, len(labels), per_page):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if paper.cut_marks:
            _cut_marks(canvas, page_w, page_h)
        for (sx, sy, sw, sh), data in zip(paper.slots_mm, labels[start:start + per_page], strict=False):
            drawing = build_label(data, sw * mm, sh * mm, fonts)
            draw_on_canvas(canvas, drawing, sx * mm, page_h - sy * mm)
        canvas.showPage()
        pages += 1
        if progress is not None:
            done = min(len(labels), start + per_page)
            progress(done / len(labels), f"{done}/{len(labels)}")
    previous, rl_config.useA85 = rl_config.useA85, 0  # binary streams: smaller, and faster
    try:                                               # than pure-Python ASCII85
        canvas.save()
    finally:
        rl_config.useA85 = previous
    return pages


def draw_on_canvas(canvas: Canvas, drawing: LabelDrawing, left: float, top: float) -> None:
    """Draw a laid-out label whose top-left corner is at (``left``, ``top``) in PDF space."""
    fonts = drawing.fonts
    canvas.saveState()
    canvas.translate(left, top)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)
    text = canvas.beginText()  # one text object per label: far less overhead than drawString
    for item in drawing.items:
        if isinstance(item, Text):
            text.setFont(fonts.bold if item.bold else fonts.regular, item.size)
            text.setTextOrigin(item.x, -item.baseline)
            text.textOut(item.text)
        elif isinstance(item, Rule):
            canvas.setLineWidth(item.width)
            canvas.line(item.x1, -item.y1, item.x2, -item.y2)
        elif isinstance(item, Frame):
            canvas.setLineWidth(item.width)
            canvas.rect(item.x, -item.y - item.h, item.w, item.h, stroke=1, fill=0)
        elif isinstance(item, Barcode):
            m, top = item.module, -item.y - item.height
            _fill_rects(canvas, ((item.x + start * m, top, width * m, item.height)
                                 for start, width in item.bars.bars))
        elif isinstance(item, QrCode):
            m = item.module
            _fill_rects(canvas, ((item.x + col * m, -item.y - (row + 1) * m, length * m, m)
                                 for row, col, length in item.matrix.runs))
    canvas.drawText(text)
    canvas.restoreState()


def _fill_rects(canvas: Canvas, rects) -> None:
    # Thousands of bar and QR rectangles per page: writing the path operators directly is
    # several times faster than reportlab's path object and gives the same PDF.
    ops = [f"{x:.3f} {y:.3f} {w:.3f} {h:.3f} re" for x, y, w, h in rects]
    if ops:
        canvas.addLiteral("\n".join(ops) + "\nf")


def _cut_marks(canvas: Canvas, page_w: float, page_h: float) -> None:
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setDash(2, 3)
    canvas.setStrokeGray(0.5)
    canvas.line(page_w / 2, 0, page_w / 2, page_h)
    canvas.line(0, page_h / 2, page_w, page_h / 2)
    canvas.restoreState()
