"""Shipping label content, sizes and layout as backend-neutral drawing primitives.

One layout is drawn by every backend (PDF with reportlab, the Qt printer, and
ZPL for driverless thermal printers), so a label looks the same everywhere.
Coordinates are PostScript points from the label's top-left corner, y down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent

from gianhang_desktop.core import clock
from gianhang_desktop.core.labels import codes
from gianhang_desktop.core.labels.fonts import LabelFonts, register_fonts
from gianhang_desktop.core.labels.textfit import FittedLine, Run, fit_block, fits
from gianhang_desktop.core.money import format_vnd
from gianhang_desktop.core.text import clean


class LabelOverflow(AssertionError):
    """A drawing primitive would lie outside its label: a layout bug, never user error."""


@dataclass(frozen=True)
class LabelData:
    """Everything printed on one shipping label. Money in đồng, weight in grams."""

    order_code: str
    sender_name: str
    sender_phone: str
    sender_address: str
    receiver_name: str
    receiver_phone: str
    receiver_address: str
    cod: int = 0
    weight_g: int = 0
    items: tuple[str, ...] = ()
    note: str = ""
    date: dt.date = field(default_factory=clock.today)
    tracking_url: str | None = None

    @property
    def qr_payload(self) -> str:
        """The tracking URL when it is plain ASCII, else the order code."""
        if self.tracking_url and codes.is_printable_ascii(self.tracking_url):
            return self.tracking_url
        return self.order_code


def printable(data: LabelData) -> LabelData:
    """`data` with every text field in NFC on one line, control characters removed."""
    changes = {name: clean(value) for name, value in vars(data).items()
               if isinstance(value, str) and name != "tracking_url"}
    changes["items"] = tuple(clean(item) for item in data.items)
    return replace(data, **changes)


@dataclass(frozen=True)
class LabelSize:
    """A paper format: page size and the label slots on it (mm, from the page's top-left)."""

    key: str
    title: str
    page_mm: tuple[float, float]
    slots_mm: tuple[tuple[float, float, float, float], ...]
    cut_marks: bool = False

    @property
    def page_pt(self) -> tuple[float, float]:
        return (self.page_mm[0] * mm, self.page_mm[1] * mm)


def _a4_quarters(inset: float = 4.0) -> tuple[tuple[float, float, float, float], ...]:
    w, h = 210 / 2, 297 / 2
    return tuple(
        (col * w + inset, row * h + inset, w - 2 * inset, h - 2 * inset)
        for row in (0, 1)
        for col in (0, 1)
    )


SIZES: dict[str, LabelSize] = {
    "a6": LabelSize("a6", "A6 100×150 mm (máy in nhiệt)", (100, 150), ((0, 0, 100, 150),)),
    "a5": LabelSize("a5", "A5 148×210 mm", (148, 210), ((0, 0, 148, 210),)),
    "80x80": LabelSize("80x80", "80×80 mm", (80, 80), ((0, 0, 80, 80),)),
    "a4x4": LabelSize("a4x4", "A4, 4 nhãn A6 mỗi trang", (210, 297), _a4_quarters(), cut_marks=True),
}
DEFAULT_SIZE = "a6"


def format_weight(grams: int) -> str:
    """``850`` → ``"850 g"``, ``1250`` → ``"1,25 kg"`` (decimal comma)."""
    if grams < 1000:
        return f"{grams} g"
    kg = f"{grams / 1000:.2f}".rstrip("0").rstrip(".")
    return f"{kg.replace('.', ',')} kg"


def cod_text(cod: int) -> str:
    return f"Thu hộ: {format_vnd(cod)}" if cod > 0 else "Không thu tiền"


# --- primitives -------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    x: float
    baseline: float
    text: str
    bold: bool
    size: float
    width: float  # advance width in the bundled font, measured when laid out


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True)
class Frame:
    x: float
    y: float
    w: float
    h: float
    width: float


@dataclass(frozen=True)
class Barcode:
    x: float
    y: float
    module: float
    height: float
    bars: codes.Code128Bars


@dataclass(frozen=True)
class QrCode:
    x: float
    y: float
    module: float
    matrix: codes.QrMatrix


Primitive = Text | Rule | Frame | Barcode | QrCode


@dataclass(frozen=True)
class LabelDrawing:
    """A laid-out label: ``width`` × ``height`` points of primitives."""

    width: float
    height: float
    items: tuple[Primitive, ...]
    fonts: LabelFonts

    def bounds(self, item: Primitive) -> tuple[float, float, float, float]:
        """``(left, top, right, bottom)`` of a primitive, ink included."""
        if isinstance(item, Text):
            font = self.fonts.bold if item.bold else self.fonts.regular
            ascent, descent = getAscentDescent(font, item.size)
            return (item.x, item.baseline - ascent, item.x + item.width, item.baseline - descent)
        if isinstance(item, Rule):
            half = item.width / 2
            return (min(item.x1, item.x2) - half, min(item.y1, item.y2) - half,
                    max(item.x1, item.x2) + half, max(item.y1, item.y2) + half)
        if isinstance(item, Frame):
            half = item.width / 2
            return (item.x - half, item.y - half, item.x + item.w + half, item.y + item.h + half)
        if isinstance(item, Barcode):
            return (item.x, item.y, item.x + item.bars.modules * item.module, item.y + item.height)
        side = item.matrix.size * item.module
        return (item.x, item.y, item.x + side, item.y + side)

    def check_inside(self, tolerance: float = 0.01) -> None:
        """Raise :class:`LabelOverflow` if any primitive's ink leaves the label."""
        for item in self.items:
            left, top, right, bottom = self.bounds(item)
            if (left < -tolerance or top < -tolerance or right > self.width + tolerance
                    or bottom > self.height + tolerance):
                raise LabelOverflow(f"{item!r} outside {self.width:.1f}×{self.height:.1f} pt")


# --- layout -----------------------------------------------------------------

MARGIN = 2.5 * mm
PAD = 1.6 * mm
QUIET_MODULES = 10  # Code 128 quiet zone on each side
QR_QUIET_MODULES = 2

# Row heights as fractions of the inner height: code, sender, receiver, items, note, cod.
_ROWS_PORTRAIT = (0.17, 0.155, 0.255, 0.20, 0.08, 0.14)
_ROWS_SQUARE = (0.23, 0.14, 0.24, 0.175, 0.08, 0.135)


class _Builder:
    def __init__(self, width: float, height: float, fonts: LabelFonts):
        self.width, self.height, self.fonts = width, height, fonts
        self.items: list[Primitive] = []
        self.scale = min(width / (100 * mm), height / (120 * mm))

    def block(self, runs: Sequence[Run], x, y, w, h, size, min_size=4.5, max_lines=None,
              align="left") -> list[FittedLine]:
        runs = [r for r in runs if r.text.strip()]
        lines = fit_block(runs, w, h, size * self.scale, min(min_size, size * self.scale),
                          (self.fonts.regular, self.fonts.bold), max_lines)
        if align == "center" and lines:  # centre the block vertically too
            last_bottom = lines[-1].baseline - getAscentDescent(self.fonts.regular, lines[-1].size)[1]
            y += max(0.0, (h - last_bottom) / 2)
        for line in lines:
            dx = (w - line.width) / 2 if align == "center" else 0.0
            self.items.append(Text(x + dx, y + line.baseline, line.text, line.bold, line.size,
                                   line.width))
        return lines

    def rule(self, x1, y1, x2, y2, width=0.6):
        self.items.append(Rule(x1, y1, x2, y2, width))


def build_label(data: LabelData, width: float, height: float,
                fonts: LabelFonts | None = None) -> LabelDrawing:
    """Lay out one label in a ``width`` × ``height`` point box (checked: nothing runs off).

    Every text is printed in NFC, whatever form it was stored in: a decomposed "Nguyễn" would
    otherwise print its accents as separate, overlapping glyphs (PDF and ZPL alike).
    """
    data = printable(data)
    fonts = fonts or register_fonts()
    b = _Builder(width, height, fonts)
    x0, y0 = MARGIN, MARGIN
    iw, ih = width - 2 * MARGIN, height - 2 * MARGIN
    fractions = _ROWS_SQUARE if height / width < 1.25 else _ROWS_PORTRAIT
    if not data.note.strip():  # give the note's room to the item list
        fractions = (*fractions[:3], fractions[3] + fractions[4], 0.0, fractions[5])
    tops = [y0]
    for f in fractions:
        tops.append(tops[-1] + f * ih)
    b.items.append(Frame(x0, y0, iw, ih, 1.2))
    for i, top in enumerate(tops[1:-1], start=1):
        if fractions[i - 1] > 0:
            b.rule(x0, top, x0 + iw, top, 1.2 if i in (1, 5) else 0.6)

    _code_row(b, data, x0, tops[0], iw, tops[1] - tops[0])
    _party(b, "NGƯỜI GỬI", data.sender_name, data.sender_phone, data.sender_address,
           x0, tops[1], iw, tops[2] - tops[1], big=False)
    _party(b, "NGƯỜI NHẬN", data.receiver_name, data.receiver_phone, data.receiver_address,
           x0, tops[2], iw, tops[3] - tops[2], big=True)
    _items_row(b, data, x0, tops[3], iw, tops[4] - tops[3])
    if fractions[4] > 0:
        h = tops[5] - tops[4]
        b.block([Run(f"Ghi chú: {data.note.strip()}", bold=True)],
                x0 + PAD, tops[4] + PAD * 0.6, iw - 2 * PAD, h - 1.2 * PAD, 10)
    h = tops[6] - tops[5]
    b.block([Run(cod_text(data.cod), bold=True)], x0 + PAD, tops[5] + PAD * 0.5,
            iw - 2 * PAD, h - PAD, 22 if data.cod > 0 else 18, min_size=8, align="center")

    drawing = LabelDrawing(width, height, tuple(b.items), fonts)
    drawing.check_inside()
    return drawing


def _code_row(b: _Builder, data: LabelData, x, y, w, h) -> None:
    bars = codes.code128(data.order_code)
    side_w = w * 0.27
    code_w = w - side_w
    text_h = min(h * 0.28, 15 * b.scale)
    bar_h = h - text_h - 2 * PAD
    total_modules = bars.modules + 2 * QUIET_MODULES
    module = min(0.5 * mm, (code_w - PAD) / total_modules)
    bar_w = bars.modules * module
    bx = x + (code_w - bar_w) / 2
    b.items.append(Barcode(bx, y + PAD, module, bar_h, bars))
    b.block([Run(data.order_code, bold=True)], x + PAD, y + PAD + bar_h + 0.3 * PAD,
            code_w - 2 * PAD, text_h + 0.7 * PAD, 13, align="center")
    b.rule(x + code_w, y, x + code_w, y + h)
    b.block([Run("NGÀY GỬI", bold=True, scale=0.75), Run(data.date.strftime("%d/%m/%Y"), bold=True),
             Run("KHỐI LƯỢNG", bold=True, scale=0.75),
             Run(format_weight(data.weight_g) if data.weight_g else "—", bold=True)],
            x + code_w + PAD, y + PAD, side_w - 2 * PAD, h - 2 * PAD, 10.5)


def _party(b: _Builder, caption, name, phone, address, x, y, w, h, big: bool) -> None:
    runs = [
        Run(caption, bold=True, scale=0.72),
        Run(name, bold=True, scale=1.25 if big else 1.05),
        Run(f"SĐT: {phone}", bold=big, scale=1.15 if big else 1.0),
        Run(address, scale=1.05 if big else 1.0),
    ]
    # The sender's name gets one line so its address still shows on small labels.
    b.block(runs, x + PAD, y + PAD * 0.7, w - 2 * PAD, h - 1.4 * PAD, 12.5 if big else 9.5,
            max_lines=[1, 2 if big else 1, 1, None])


def _items_row(b: _Builder, data: LabelData, x, y, w, h) -> None:
    matrix = codes.qr(data.qr_payload)
    qr_side = min(h - 2 * PAD, w * 0.36)
    module = qr_side / (matrix.size + 2 * QR_QUIET_MODULES)
    qx = x + w - PAD - qr_side
    b.items.append(QrCode(qx + QR_QUIET_MODULES * module, y + (h - qr_side) / 2
                          + QR_QUIET_MODULES * module, module, matrix))
    text_w = qx - x - 2 * PAD
    count = len(data.items)
    caption = Run(f"NỘI DUNG HÀNG ({count})" if count else "NỘI DUNG HÀNG", bold=True, scale=0.72)
    box = (x + PAD, y + PAD * 0.7, text_w, h - 1.4 * PAD)
    fonts = (b.fonts.regular, b.fonts.bold)
    # Rather than cutting the list mid-line, show as many items as fit and say how many more.
    for shown in range(count, -1, -1):
        runs = [caption] + [Run(f"• {line}") for line in data.items[:shown]]
        if shown < count:
            runs.append(Run(f"… và {count - shown} mặt hàng khác", bold=True))
        caps = [1] + [2] * shown + [1]
        if fits(runs, box[2], box[3], 5.5, fonts, caps):
            break
    b.block(runs, *box, 9.5, min_size=5.5, max_lines=caps)
