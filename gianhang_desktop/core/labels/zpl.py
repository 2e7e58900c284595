"""Render shipping labels as ZPL II for thermal printers used without a driver (203 dpi)."""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Sequence

from reportlab.lib.units import mm

from gianhang_desktop.core.labels.bitmap import render_bitmap
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

DPI = 203
# Zebra's resident font 0 has no Vietnamese glyphs on most printers. By default the text and
# lines are therefore sent as one compressed graphic (^GFA) drawn with the bundled Noto Sans,
# and only the barcodes use the printer's own ^BC and ^BQ. With ``font=`` set to a Unicode
# TrueType font stored on the printer (e.g. "E:NOTOSANS.TTF") the text goes as ^FD fields.
RESIDENT_FONT = "0"
BITMAP = "bitmap"


def dots(points: float) -> int:
    return round(points * DPI / 72)


def _escape(text: str) -> str:
    # With ^FH the underscore starts a hex byte, so the control characters become hex too.
    return text.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


def _font(font: str, height: int, width: int) -> str:
    if font == RESIDENT_FONT or len(font) == 1:
        return f"^A{font}N,{height},{width}"
    return f"^A@N,{height},{width},{font}"


def render_zpl(labels: Sequence[LabelData], size: str = DEFAULT_SIZE,
               font: str = BITMAP) -> str:
    """ZPL for ``labels``, one ``^XA…^XZ`` block each, on single-label paper ``size``.

    ``font``: ``"bitmap"`` (default, Vietnamese prints on any ZPL printer) or the name of a
    printer font for ^A fields ("0", or a stored TrueType font such as "E:NOTOSANS.TTF").
    """
    if size not in SIZES or len(SIZES[size].slots_mm) != 1:
        singles = ", ".join(k for k, v in SIZES.items() if len(v.slots_mm) == 1)
        raise ValueError(f"ZPL needs a single-label roll size ({singles}), got {size!r}")
    _x, _y, w_mm, h_mm = SIZES[size].slots_mm[0]
    return "".join(label_zpl(build_label(data, w_mm * mm, h_mm * mm), font) for data in labels)


def label_zpl(drawing: LabelDrawing, font: str = BITMAP) -> str:
    """One label as ``^XA … ^XZ``."""
    width, height = dots(drawing.width), dots(drawing.height)
    out = ["^XA", "^CI28", f"^PW{width}", f"^LL{height}", "^LH0,0"]
    if font == BITMAP:
        out.append("^FO0,0" + graphic_field(render_bitmap(drawing, DPI, codes=False)) + "^FS")
    for item in drawing.items:
        if font == BITMAP and isinstance(item, Text | Rule | Frame):
            continue
        if isinstance(item, Text):
            out.append(_text(drawing, item, width, font))
        elif isinstance(item, Rule):
            thick = max(1, dots(item.width))
            x, y = dots(min(item.x1, item.x2)), dots(min(item.y1, item.y2))
            w = max(thick, dots(abs(item.x2 - item.x1)))
            h = max(thick, dots(abs(item.y2 - item.y1)))
            out.append(f"^FO{x},{y}^GB{w},{h},{thick}^FS")
        elif isinstance(item, Frame):
            thick = max(1, dots(item.width))
            out.append(f"^FO{dots(item.x)},{dots(item.y)}^GB{dots(item.w)},{dots(item.h)},{thick}^FS")
        elif isinstance(item, Barcode):
            out.append(_barcode(item))
        elif isinstance(item, QrCode):
            magnification = max(1, min(10, round(item.module * DPI / 72)))
            # ^BQ adds a few dots above the symbol; the QR quiet zone in the layout absorbs it.
            out.append(f"^FO{dots(item.x)},{dots(item.y)}^BQN,2,{magnification}"
                       f"^FH_^FDMA,{_escape(item.matrix.payload)}^FS")
    out.append("^PQ1")
    out.append("^XZ")
    return "\n".join(out) + "\n"


def _text(drawing: LabelDrawing, item: Text, label_width: int, font: str) -> str:
    ascent = item.size * 1.069  # Noto Sans ascent; ZPL positions the top of the cell
    x, top = dots(item.x), dots(item.baseline - ascent)
    height = max(10, dots(item.size * 1.2))
    # The field block keeps a printer font wider than ours on one line inside the label.
    block = min(label_width - x, dots(item.width * 1.1) + 4)
    return (f"^FO{x},{max(0, top)}{_font(font, height, height)}"
            f"^FB{max(1, block)},1,0,L,0^FH_^FD{_escape(item.text)}^FS")


def graphic_field(image) -> str:
    """``^GFA`` for a mode "1" image (1 = ink) in Zebra's Z64 form: zlib-deflated rows in
    Base64, then a CRC-16/XMODEM of the Base64 text (the convention of Zebra's own tools;
    checked against a Zebra-generated field while writing this)."""
    per_row = (image.width + 7) // 8
    raw = image.tobytes()  # mode "1": rows padded to whole bytes, most significant bit first
    text = base64.b64encode(zlib.compress(raw)).decode("ascii")
    crc = binascii.crc_hqx(text.encode("ascii"), 0)
    return f"^GFA,{len(raw)},{len(raw)},{per_row},:Z64:{text}:{crc:04X}"


def _barcode(item: Barcode) -> str:
    module = max(2, round(item.module * DPI / 72))
    total = item.bars.modules * module
    centre = dots(item.x + item.bars.modules * item.module / 2)
    x = max(0, centre - total // 2)
    return (f"^FO{x},{dots(item.y)}^BY{module},3,{dots(item.height)}"
            f"^BCN,{dots(item.height)},N,N,N,A^FD{item.bars.value}^FS")
