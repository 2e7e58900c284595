"""Pictures generated with Pillow for the photo tests: phone shots, screenshots and bad files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

RED = (220, 20, 20)
BLUE = (20, 40, 220)
# From Debian's libgs-common (installed by .ci/run and listed in the README).
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
ADOBE_RGB_PROFILE = Path("/usr/share/color/icc/ghostscript/a98.icc")


def jpeg(im: Image.Image, **params) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", **params)
    return buf.getvalue()


def png(im: Image.Image, **params) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **params)
    return buf.getvalue()


def phone_photo(width: int = 4000, height: int = 3000, orientation: int = 6) -> bytes:
    """A landscape-stored JPEG with a red block in the stored top-left corner and EXIF tags."""
    im = Image.new("RGB", (width, height), (90, 140, 90))
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, width // 10, height // 10), fill=RED)
    draw.ellipse((width // 3, height // 3, width // 2, height // 2), fill=BLUE)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    return jpeg(im, quality=85, exif=exif)


def noisy_photo(side: int, seed: int = 1) -> bytes:
    """Fine detail everywhere: the worst case for JPEG size."""
    noise = Image.effect_noise((side, side), 90 + seed).convert("RGB")
    colour = Image.linear_gradient("L").resize((side, side)).convert("RGB")
    return jpeg(Image.blend(colour, noise, 0.8), quality=98)


def transparent_png(size: int = 900) -> bytes:
    im = Image.new("RGBA", (size, size // 2), (0, 0, 0, 0))
    ImageDraw.Draw(im).rectangle((size // 4, size // 8, size // 2, size // 4), fill=BLUE + (255,))
    return png(im)


def palette_png_with_transparency(size: int = 600) -> bytes:
    """What a GIF saved as PNG looks like: palette mode with a transparent index."""
    im = Image.new("P", (size, size), 0)
    im.putpalette([0, 0, 0, *RED] + [0] * (256 - 2) * 3)
    ImageDraw.Draw(im).rectangle((size // 3, size // 3, 2 * size // 3, 2 * size // 3), fill=1)
    return png(im, transparency=0)


def grey16_png(width: int = 1000, height: int = 600) -> bytes:
    """A 16-bit greyscale gradient from black (left) to white (right)."""
    row = [round(x * 65535 / (width - 1)) for x in range(width)]
    im = Image.new("I;16", (width, height))
    im.putdata(row * height)
    return png(im)


def cmyk_jpeg(with_profile: bool, size: int = 800) -> bytes:
    im = Image.new("CMYK", (size, size), (255, 0, 0, 0))  # pure cyan ink
    params = {"icc_profile": CMYK_PROFILE.read_bytes()} if with_profile else {}
    return jpeg(im, quality=92, **params)


def truncated_jpeg() -> bytes:
    whole = phone_photo(1600, 1200, orientation=1)
    return whole[: len(whole) // 2]


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares huge dimensions: the classic decompression bomb shape."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
