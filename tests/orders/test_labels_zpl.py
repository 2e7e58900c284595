"""ZPL output: one well-formed block per label, everything inside the printable width, and
Vietnamese text sent as a Z64 graphic that decodes back to exactly the label's bitmap."""

from __future__ import annotations

import base64
import binascii
import re
import zlib

import pytest
from PIL import Image, ImageOps

from gianhang_desktop.core.labels.bitmap import render_bitmap
from gianhang_desktop.core.labels.layout import SIZES, build_label
from gianhang_desktop.core.labels.zpl import DPI, graphic_field, render_zpl
from tests.orders import poppler
from tests.orders.label_samples import typical, very_long

MM = 72 / 25.4
GF = re.compile(r"\^GFA,(\d+),(\d+),(\d+),:Z64:([A-Za-z0-9+/=]+):([0-9A-F]{4})")


def _blocks(zpl: str) -> list[str]:
    return re.findall(r"\^XA.*?\^XZ", zpl, re.S)


def _decode_graphic(field: str) -> tuple[bytes, int]:
    total, _field_count, per_row, data, crc = GF.search(field).groups()
    assert f"{binascii.crc_hqx(data.encode(), 0):04X}" == crc
    raw = zlib.decompress(base64.b64decode(data))
    assert len(raw) == int(total)
    return raw, int(per_row)


def test_z64_crc_is_crc16_xmodem():
    # Zebra's Z64 check is CRC-16/XMODEM (poly 0x1021, init 0) of the Base64 text; its
    # standard check value over "123456789" is 0x31C3.
    assert binascii.crc_hqx(b"123456789", 0) == 0x31C3


@pytest.mark.parametrize("size", ["a6", "80x80", "a5"])
def test_one_block_per_label_with_utf8_barcode_qr_and_graphic(size):
    labels = [typical("GH-2611-0001"), typical("GH-2611-0002", tracking_url="https://t.vn/a"),
              very_long()]
    zpl = render_zpl(labels, size)
    blocks = _blocks(zpl)
    assert len(blocks) == 3
    assert zpl.count("^XA") == zpl.count("^XZ") == 3
    _x, _y, w_mm, h_mm = SIZES[size].slots_mm[0]
    for block, label in zip(blocks, labels, strict=True):
        assert "^CI28" in block
        assert re.search(rf"\^BC[^\^]*\^FD{re.escape(label.order_code)}\^FS", block)
        assert f"^FDMA,{label.qr_payload}^FS" in block
        width = int(re.search(r"\^PW(\d+)", block).group(1))
        height = int(re.search(r"\^LL(\d+)", block).group(1))
        for x, y in re.findall(r"\^FO(\d+),(\d+)", block):
            assert 0 <= int(x) < width and 0 <= int(y) < height
        raw, per_row = _decode_graphic(block)
        expected = render_bitmap(build_label(label, w_mm * MM, h_mm * MM), DPI, codes=False)
        assert raw == expected.tobytes() and per_row == (expected.width + 7) // 8
        assert expected.width <= width and expected.height <= height


def test_bitmap_of_the_label_scans_at_203_dpi(tmp_path):
    image = render_bitmap(build_label(typical("GH-2611-0203"), 100 * MM, 150 * MM), DPI)
    png = tmp_path / "label.png"
    ImageOps.invert(image.convert("L")).save(png)
    symbols = sorted(poppler.run("zbarimg", "-q", png, check=False).split())
    assert symbols == ["CODE-128:GH-2611-0203", "QR-Code:GH-2611-0203"]


def test_graphic_field_round_trips_any_bitmap():
    image = Image.new("1", (13, 5), 0)
    image.putpixel((0, 0), 1)
    image.putpixel((12, 4), 1)
    raw, per_row = _decode_graphic(graphic_field(image))
    assert per_row == 2 and raw == image.tobytes()


def test_printer_font_mode_sends_text_fields_escaped():
    zpl = render_zpl([typical(note="Giao ^XZ gấp ~ nhé_")], font="0")
    assert "Nguyễn Thị Hương" in zpl and "Thu hộ: 350.000 ₫" in zpl
    assert "Giao _5EXZ gấp _7E nhé_5F" in zpl
    assert "^GFA" not in zpl and len(_blocks(zpl)) == 1
    width = int(re.search(r"\^PW(\d+)", zpl).group(1))
    for x, block_width in re.findall(r"\^FO(\d+),\d+\^A[^\^]*\^FB(\d+),", zpl):
        assert int(x) + int(block_width) <= width
    stored = render_zpl([typical()], font="E:NOTOSANS.TTF")
    assert "^A@N," in stored and "E:NOTOSANS.TTF" in stored


def test_sheet_sizes_are_refused_for_zpl():
    with pytest.raises(ValueError):
        render_zpl([typical()], "a4x4")
