"""Print shipping labels through Qt (QPrinter), drawing the core's label layout with QPainter."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from gianhang_desktop.core.labels.fonts import font_dir
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

MM_PER_PT = 25.4 / 72

_families: dict[bool, str] = {}


def _family(bold: bool) -> str:
    """Load the bundled Noto Sans into Qt once, so printed labels match the PDFs."""
    if not _families:
        for is_bold, name in ((False, "NotoSans-Regular.ttf"), (True, "NotoSans-Bold.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(font_dir() / name))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            _families[is_bold] = families[0] if families else "Noto Sans"
    return _families[bold]


def configure_printer(printer: QPrinter, size: str, printer_name: str = "") -> None:
    """Select ``printer_name`` (if installed) and set the page to the label paper, no margins."""
    if printer_name and printer_name in QPrinterInfo.availablePrinterNames():
        printer.setPrinterName(printer_name)
    width_mm, height_mm = SIZES[size].page_mm
    page = QPageSize(QSizeF(width_mm, height_mm), QPageSize.Unit.Millimeter, SIZES[size].title,
                     QPageSize.SizeMatchPolicy.ExactMatch)
    layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                         QPageLayout.Unit.Millimeter)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    printer.setPageLayout(layout)
    printer.setFullPage(True)


def print_labels(labels: Sequence[LabelData], printer: QPrinter, size: str = DEFAULT_SIZE) -> int:
    """Draw ``labels`` on a configured ``printer`` (or a QPdfWriter-like paint device).

    Returns the number of pages. Must run on the GUI thread (QPainter on a printer).
    """
    paper = SIZES[size]
    per_page = len(paper.slots_mm)
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("cannot start printing")
    try:
        dpi = printer.resolution()
        pages = 0
        for start in range(0, len(labels), per_page):
            if pages:
                printer.newPage()
            for (x_mm, y_mm, w_mm, h_mm), data in zip(paper.slots_mm, labels[start:start + per_page],
                                                      strict=False):
                drawing = build_label(data, w_mm / MM_PER_PT, h_mm / MM_PER_PT)
                paint_label(painter, drawing, x_mm / 25.4 * dpi, y_mm / 25.4 * dpi, dpi)
            pages += 1
        return pages
    finally:
        painter.end()


def paint_label(painter: QPainter, drawing: LabelDrawing, left: float, top: float, dpi: float) -> None:
    """Paint one laid-out label with its top-left corner at device pixel (``left``, ``top``)."""
    k = dpi / 72.0
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    for item in drawing.items:
        if isinstance(item, Text):
            _paint_text(painter, item, left, top, k)
        elif isinstance(item, Rule | Frame):
            width = max(1.0, item.width * k)
            if isinstance(item, Rule):
                x1, y1, x2, y2 = item.x1, item.y1, item.x2, item.y2
                rect = QRectF(left + min(x1, x2) * k - width / 2, top + min(y1, y2) * k - width / 2,
                              abs(x2 - x1) * k + width, abs(y2 - y1) * k + width)
                painter.fillRect(rect, Qt.GlobalColor.black)
            else:
                for rect in _frame_sides(left + item.x * k, top + item.y * k, item.w * k,
                                         item.h * k, width):
                    painter.fillRect(rect, Qt.GlobalColor.black)
        elif isinstance(item, Barcode):
            # Whole device pixels per module keep every bar the same width on thermal heads.
            module = max(1, math.floor(item.module * k))
            span = item.bars.modules * module
            x0 = left + item.x * k + (item.bars.modules * item.module * k - span) / 2
            for start, width in item.bars.bars:
                painter.fillRect(QRectF(x0 + start * module, top + item.y * k, width * module,
                                        item.height * k), Qt.GlobalColor.black)
        elif isinstance(item, QrCode):
            module = max(1, math.floor(item.module * k))
            span = item.matrix.size * module
            offset = (item.matrix.size * item.module * k - span) / 2
            x0, y0 = left + item.x * k + offset, top + item.y * k + offset
            for row, col, length in item.matrix.runs:
                painter.fillRect(QRectF(x0 + col * module, y0 + row * module, length * module,
                                        module), Qt.GlobalColor.black)
    painter.restore()


def _frame_sides(x, y, w, h, t):
    half = t / 2
    return (QRectF(x - half, y - half, w + t, t), QRectF(x - half, y + h - half, w + t, t),
            QRectF(x - half, y - half, t, h + t), QRectF(x + w - half, y - half, t, h + t))


def _paint_text(painter: QPainter, item: Text, left: float, top: float, k: float) -> None:
    font = QFont(_family(item.bold))
    font.setBold(item.bold)
    font.setPixelSize(max(1, round(item.size * k)))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    advance = QFontMetricsF(font).horizontalAdvance(item.text)
    target = item.width * k
    painter.save()
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    painter.translate(left + item.x * k, top + item.baseline * k)
    if advance > target > 0:  # Qt measured wider than reportlab: squeeze, never overflow
        painter.scale(target / advance, 1.0)
    painter.drawText(0, 0, item.text)
    painter.restore()
