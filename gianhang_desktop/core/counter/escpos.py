"""A receipt as ESC/POS bytes for thermal printers that take raw data (Epson TM and compatibles).

Few thermal printers carry a Vietnamese code page, and those that do disagree on which; so the
receipt is drawn as a 1-bit picture with the bundled Noto Sans (Pillow) and sent as a raster
image (GS v 0), which every ESC/POS printer prints, tone marks and QR included. Widths at 203
dpi: 576 dots on an 80 mm roll, 384 on a 58 mm roll. After the picture the paper is fed and cut
(GS V 66); with `open_drawer` the cash drawer on the printer's kick connector opens first (ESC p).

Commands: Epson "ESC/POS Application Programming Guide" — ESC @ (initialise), GS v 0 (print
raster bit image: m, xL xH bytes per row, yL yH rows, then the rows, MSB = leftmost dot),
GS V 66 n (feed n dots and cut), ESC p m t1 t2 (drawer kick pulse).
"""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw, ImageFont

from ..labels.fonts import font_dir
from ..payments.qr_image import make as make_qr
from .receipt import Line, Pair, Qr, Receipt, Rule, check_paper, wrap

DOTS = {"80": 576, "58": 384}
DPI = 203
BAND = 255  # rows per GS v 0 command (old printers take at most 255 in one)
INIT = b"\x1b@"
CUT = b"\x1dVB\x30"  # feed 48 dots, then a partial cut
DRAWER = b"\x1bp\x00\x19\xfa"  # pin 2, 50 ms on, 500 ms off


@cache
def _font(bold: bool, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_dir() / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")), size_px)


def receipt_image(receipt: Receipt, paper: str = "80") -> Image.Image:
    """The receipt drawn black on white, 1 bit per dot, as wide as the roll's printable width."""
    paper = check_paper(paper)
    if paper not in DOTS:
        raise ValueError("ESC/POS receipts are for 80 mm and 58 mm rolls")
    width = DOTS[paper]
    base = 24 if paper == "80" else 20  # dots: about 8.5 pt and 7 pt
    canvas = Image.new("1", (width, 20000), 1)
    draw = ImageDraw.Draw(canvas)
    y = 0
    for row in receipt.rows:
        if isinstance(row, Line):
            font = _font(row.bold, round(base * row.size))
            for text in wrap(row.text, width, font.getlength):
                x = {"center": (width - font.getlength(text)) / 2, "right": width - font.getlength(text)}.get(row.align, 0)
                draw.text((x, y), text, font=font, fill=0)
                y += round(font.size * 1.3)
        elif isinstance(row, Pair):
            font = _font(row.bold, round(base * row.size))
            right = font.getlength(row.right)
            indent = base if row.indent else 0
            lefts = wrap(row.left, width - right - base - indent, font.getlength)
            for i, text in enumerate(lefts):
                draw.text((indent, y), text, font=font, fill=0)
                if i == len(lefts) - 1:
                    draw.text((width - right, y), row.right, font=font, fill=0)
                y += round(font.size * 1.3)
        elif isinstance(row, Rule):
            y += base // 3
            for x in range(0, width, 8 if row.dashed else 1):
                draw.line((x, y, min(width, x + (4 if row.dashed else 1)), y), fill=0, width=2)
            y += base // 2
        elif isinstance(row, Qr):
            code = make_qr(row.payload)
            scale = max(2, min(8, (width * 3 // 4) // code.symbol_size(border=4)[0]))
            picture = _qr_picture(code, scale)
            canvas.paste(picture, ((width - picture.width) // 2, y))
            y += picture.height
            font = _font(False, round(base * 0.9))
            for caption in row.caption:
                for text in wrap(caption, width, font.getlength):
                    draw.text(((width - font.getlength(text)) / 2, y), text, font=font, fill=0)
                    y += round(font.size * 1.3)
    return canvas.crop((0, 0, width, y + base))


def _qr_picture(code, scale: int) -> Image.Image:
    border = 4
    modules = code.symbol_size(border=border)[0]
    small = Image.new("1", (modules, modules), 1)
    small.putdata([0 if dark else 1 for row in code.matrix_iter(border=border) for dark in row])
    return small.resize((modules * scale, modules * scale), Image.NEAREST)


def raster_commands(image: Image.Image) -> bytes:
    """GS v 0 commands printing a 1-bit picture, in bands of at most 255 rows."""
    width_bytes = (image.width + 7) // 8
    # Pillow's 1-bit rows are packed MSB first, 1 = white; printers want 1 = black.
    inverted = Image.eval(image.convert("L"), lambda v: 255 - v).convert("1")
    data = inverted.tobytes()
    out = bytearray()
    for top in range(0, image.height, BAND):
        rows = min(BAND, image.height - top)
        out += b"\x1dv0\x00" + bytes([width_bytes % 256, width_bytes // 256, rows % 256, rows // 256])
        out += data[top * width_bytes:(top + rows) * width_bytes]
    return bytes(out)


def render_escpos(receipt: Receipt, paper: str = "80", *, open_drawer: bool = False) -> bytes:
    """The bytes to send to an ESC/POS printer for `receipt` on an 80 mm or 58 mm roll."""
    image = receipt_image(receipt, paper)
    return INIT + (DRAWER if open_drawer else b"") + raster_commands(image) + CUT
