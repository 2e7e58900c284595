"""Pictures by content (issue #14, item 5): every kind of transparency flattened on white, files
known by their bytes rather than their names, HEIC/HEIF and AVIF decoded. The test files are made
here: PNGs written chunk by chunk (bit depths Pillow does not write), HEIC with pillow-heif's
encoder, AVIF and WebP with Pillow's."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from PIL import Image

from gianhang_desktop.core.photos.formats import sniff_format
from gianhang_desktop.core.photos.names import plan_folder
from gianhang_desktop.core.photos.pipeline import process_image

SIDE = 600
WHITE = (255, 255, 255)


def raw_png(width: int, height: int, colour_type: int, depth: int, rows: list[bytes], trns: bytes | None) -> bytes:
    """A PNG from its parts (ISO/IEC 15948): IHDR, an optional tRNS, IDAT (filter 0 rows), IEND."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    data = zlib.compress(b"".join(b"\x00" + row for row in rows))
    parts = [b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", ihdr)]
    if trns is not None:
        parts.append(chunk(b"tRNS", trns))
    parts += [chunk(b"IDAT", data), chunk(b"IEND", b"")]
    return b"".join(parts)


def grey_keyed(depth: int) -> bytes:
    """A black background (the key grey level: transparent) with a block of another grey in the
    middle, in `depth` bits (1-bit: a white block)."""
    top = (1 << depth) - 1
    background, mid = 0, max(1, top // 2)

    def row(y: int) -> bytes:
        values = [mid if SIDE // 4 <= x < 3 * SIDE // 4 and SIDE // 4 <= y < 3 * SIDE // 4 else background
                  for x in range(SIDE)]
        if depth == 16:
            return b"".join(struct.pack(">H", v) for v in values)
        if depth == 8:
            return bytes(values)
        per = 8 // depth
        out = bytearray()
        for i in range(0, SIDE, per):
            byte = 0
            for v in values[i:i + per]:
                byte = (byte << depth) | v
            out.append(byte << (depth * (per - len(values[i:i + per]))))
        return bytes(out)

    return raw_png(SIDE, SIDE, 0, depth, [row(y) for y in range(SIDE)], struct.pack(">H", background))


def rgb_keyed(depth: int) -> bytes:
    key = (10, 20, 30) if depth == 8 else (10 * 257, 20 * 257, 30 * 257)

    def row(y: int) -> bytes:
        out = bytearray()
        for x in range(SIDE):
            inside = SIDE // 4 <= x < 3 * SIDE // 4 and SIDE // 4 <= y < 3 * SIDE // 4
            colour = (200, 40, 40) if inside else (10, 20, 30)
            if depth == 16:
                out += b"".join(struct.pack(">H", c * 257) for c in colour)
            else:
                out += bytes(colour)
        return bytes(out)

    return raw_png(SIDE, SIDE, 2, depth, [row(y) for y in range(SIDE)], struct.pack(">HHH", *key))


def _subject(mode: str = "RGBA") -> Image.Image:
    im = Image.new(mode, (SIDE, SIDE), (0, 0, 0, 0) if mode == "RGBA" else 0)
    box = Image.new(mode, (SIDE // 2, SIDE // 2), (200, 40, 40, 255) if mode == "RGBA" else (128, 255))
    im.paste(box, (SIDE // 4, SIDE // 4))
    return im


def _encoded(im: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def palette_trns() -> bytes:
    im = _subject().convert("RGB").quantize(4)
    black = min(range(4), key=lambda i: sum(im.getpalette()[3 * i:3 * i + 3]))
    return _encoded(im, "PNG", transparency=black)


def gif_transparent(animated: bool = False) -> bytes:
    first = _subject().convert("RGB").quantize(4)
    black = min(range(4), key=lambda i: sum(first.getpalette()[3 * i:3 * i + 3]))
    if not animated:
        return _encoded(first, "GIF", transparency=black)
    second = Image.new("RGB", (SIDE, SIDE), (0, 0, 255)).quantize(2)
    return _encoded(first, "GIF", save_all=True, append_images=[second], transparency=black, duration=100)


def heic(alpha: bool = False) -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    im = _subject()
    return _encoded(im if alpha else _on_black(im), "HEIF", quality=90)


def _on_black(im: Image.Image) -> Image.Image:
    out = Image.new("RGB", im.size, (0, 0, 0))
    out.paste(im, mask=im.getchannel("A"))
    return out


TRANSPARENT = {
    "grey 1-bit tRNS": lambda: grey_keyed(1),
    "grey 2-bit tRNS": lambda: grey_keyed(2),
    "grey 4-bit tRNS": lambda: grey_keyed(4),
    "grey 8-bit tRNS": lambda: grey_keyed(8),
    "grey 16-bit tRNS": lambda: grey_keyed(16),
    "RGB 8-bit tRNS": lambda: rgb_keyed(8),
    "RGB 16-bit tRNS": lambda: rgb_keyed(16),
    "palette tRNS": palette_trns,
    "LA": lambda: _encoded(_subject("LA"), "PNG"),
    "RGBA": lambda: _encoded(_subject(), "PNG"),
    "RGBA 16-bit": lambda: raw_png(SIDE, SIDE, 6, 16, [
        b"".join(struct.pack(">HHHH", 51400, 10280, 10280, 65535)
                 if SIDE // 4 <= x < 3 * SIDE // 4 and SIDE // 4 <= y < 3 * SIDE // 4 else b"\0" * 8
                 for x in range(SIDE)) for y in range(SIDE)], None),
    "GIF": gif_transparent,
    "animated GIF": lambda: gif_transparent(animated=True),
    "WebP alpha": lambda: _encoded(_subject(), "WEBP", lossless=True),
    "AVIF alpha": lambda: _encoded(_subject(), "AVIF", quality=90),
    "HEIC alpha": lambda: heic(alpha=True),
}


@pytest.mark.parametrize("kind", sorted(TRANSPARENT))
def test_every_kind_of_transparency_is_flattened_on_white(kind):
    photo = process_image(TRANSPARENT[kind]())
    market = Image.open(io.BytesIO(photo.market_jpeg)).convert("RGB")
    corner = market.getpixel((5, 5))
    centre = market.getpixel((market.width // 2, market.height // 2))
    assert all(c >= 245 for c in corner), f"{kind}: corner {corner}"
    if kind != "grey 1-bit tRNS":  # its subject is white itself
        assert not all(c >= 245 for c in centre), f"{kind}: the subject vanished ({centre})"


def test_a_heic_photo_named_jpg_is_read():
    data = heic()
    assert sniff_format(data[:32]) == "HEIF"
    photo = process_image(data)
    assert photo.original_format == "HEIF" and photo.extension == "heic"
    assert (photo.original_width, photo.original_height) == (SIDE, SIDE)


def test_avif_and_webp_photos_are_read():
    for fmt in ("AVIF", "WEBP"):
        data = _encoded(Image.new("RGB", (800, 600), (30, 120, 60)), fmt, quality=80)
        photo = process_image(data)
        assert photo.original_format == fmt and photo.original_width == 800


@pytest.mark.parametrize("head, fmt", [
    (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF89a", "GIF"),
    (b"RIFF\0\0\0\0WEBPVP8 ", "WEBP"), (b"BM\0\0", "BMP"), (b"II*\0", "TIFF"), (b"MM\0*", "TIFF"),
    (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "HEIF"), (b"\0\0\0\x1cftypmif1\0\0\0\0mif1heic", "HEIF"),
    (b"\0\0\0\x20ftypavif\0\0\0\0avifmif1miaf", "AVIF"), (b"%PDF-1.7", None), (b"Ma SP;Ten", None),
])
def test_formats_are_known_by_their_first_bytes(head, fmt):
    assert sniff_format(head) == fmt


def test_a_folder_is_read_by_content(tmp_path):
    (tmp_path / "VT-001_1.jpg").write_bytes(heic())  # an iPhone photo renamed by hand
    (tmp_path / "VT-001_2").write_bytes(_encoded(Image.new("RGB", (700, 700), "red"), "PNG"))  # no extension
    (tmp_path / "VT-001_3.heic").write_bytes(heic())
    (tmp_path / "VT-001 notes.txt").write_text("giá 120.000")
    plan = plan_folder(tmp_path, ["VT-001"])
    assert [p.name for p in plan.by_sku["VT-001"]] == ["VT-001_1.jpg", "VT-001_2", "VT-001_3.heic"]
    assert plan.unsupported == []


def test_cli_attaches_a_heic_saved_as_jpg(run_cli, tmp_path):
    assert run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "65000")[0] == 0
    path = tmp_path / "IMG_0412.jpg"
    path.write_bytes(heic())
    code, out, err = run_cli("photos", "add", "VT-001", str(path), "--json")
    assert code == 0, err
    files = json.loads(out)["files"]
    assert files[0]["status"] in ("ok", "flagged"), files
    code, out, _ = run_cli("photos", "list", "VT-001", "--json")
    assert json.loads(out)[0]["original_name"] == "IMG_0412.jpg"


def test_a_file_that_is_no_picture_is_refused_with_a_reason(run_cli, tmp_path):
    assert run_cli("product", "add", "--sku", "VT-001", "--name", "Vải thiều", "--price", "65000")[0] == 0
    path = tmp_path / "anh.jpg"
    path.write_bytes(b"%PDF-1.7 not a picture")
    code, out, err = run_cli("photos", "add", "VT-001", str(path), "--json")
    files = json.loads(out)["files"]
    assert files[0]["status"] == "error" and "HEIC" in files[0]["messages"][0]
