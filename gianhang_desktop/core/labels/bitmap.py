"""Draw a laid-out label as a 1-bit bitmap with Pillow (for ZPL printers without Vietnamese fonts)."""

from __future__ import annotations

import functools
import math

from PIL import Image, ImageDraw, ImageFont

from gianhang_desktop.core.labels.fonts import font_dir
from gianhang_desktop.core.labels.layout import Barcode, Frame, LabelDrawing, QrCode, Rule, Text


@functools.lru_cache(maxsize=256)
def _font(bold: bool, pixels: int) -> ImageFont.FreeTypeFont:
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    # Basic layout: Vietnamese uses precomposed letters, no shaping needed, and it is faster.
    return ImageFont.truetype(str(font_dir() / name), pixels, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=1024)
def _text_image(text: str, bold: bool, pixels: int) -> tuple[Image.Image, int, int]:
    """The text rasterised once (sender lines and captions repeat on every label)."""
    font = _font(bold, pixels)
    left, top, right, bottom = font.getbbox(text, anchor="ls")
    image = Image.new("1", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(image).text((-left, -top), text, font=font, fill=1, anchor="ls")
    return image, left, top


def render_bitmap(drawing: LabelDrawing, dpi: float = 203, codes: bool = True) -> Image.Image:
    """The label as a mode "1" image where 1 is ink (the ZPL convention: a set bit prints).

    ``codes=False`` leaves the barcode and QR areas blank, for printers that draw them
    natively (sharper, and every bar a whole number of dots either way).
    """
    k = dpi / 72
    width, height = math.floor(drawing.width * k), math.floor(drawing.height * k)
    image = Image.new("1", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for item in drawing.items:
        if isinstance(item, Text):
            pixels = max(1, round(item.size * k))
            font = _font(item.bold, pixels)
            if font.getlength(item.text) > item.width * k:  # FreeType wider than reportlab
                pixels = max(1, math.floor(pixels * item.width * k / font.getlength(item.text)))
                font = _font(item.bold, pixels)
            glyphs, left, top = _text_image(item.text, item.bold, pixels)
            image.paste(1, (round(item.x * k) + left, round(item.baseline * k) + top), mask=glyphs)
        elif isinstance(item, Rule):
            t = max(1, round(item.width * k))
            x1, x2 = sorted((item.x1 * k, item.x2 * k))
            y1, y2 = sorted((item.y1 * k, item.y2 * k))
            draw.rectangle([x1 - t / 2, y1 - t / 2, x2 + t / 2 - 1, y2 + t / 2 - 1], fill=1)
        elif isinstance(item, Frame):
            t = max(1, round(item.width * k))
            x, y, w, h = item.x * k, item.y * k, item.w * k, item.h * k
            draw.rectangle([x - t / 2, y - t / 2, x + w + t / 2 - 1, y + h + t / 2 - 1], outline=1, width=t)
        elif codes and isinstance(item, Barcode):
            module = max(1, math.floor(item.module * k))
            x0 = round(item.x * k + (item.bars.modules * item.module * k - item.bars.modules * module) / 2)
            top, bottom = round(item.y * k), round((item.y + item.height) * k) - 1
            for start, bar in item.bars.bars:
                draw.rectangle([x0 + start * module, top, x0 + (start + bar) * module - 1, bottom], fill=1)
        elif codes and isinstance(item, QrCode):
            module = max(1, math.floor(item.module * k))
            x0, y0 = round(item.x * k), round(item.y * k)
            for row, col, length in item.matrix.runs:
                draw.rectangle([x0 + col * module, y0 + row * module,
                                x0 + (col + length) * module - 1, y0 + (row + 1) * module - 1], fill=1)
    return image
