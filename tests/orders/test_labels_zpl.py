"""ZPL output: one well-formed block per label, everything inside the printable width."""

from __future__ import annotations

import re

import pytest

from gianhang_desktop.core.labels.zpl import render_zpl
from tests.orders.label_samples import typical, very_long


def _blocks(zpl: str) -> list[str]:
    return re.findall(r"\^XA.*?\^XZ", zpl, re.S)


@pytest.mark.parametrize("size", ["a6", "80x80", "a5"])
def test_one_block_per_label_with_utf8_barcode_and_qr(size):
    labels = [typical("GH-2611-0001"), typical("GH-2611-0002", tracking_url="https://t.vn/a"),
              very_long()]
    zpl = render_zpl(labels, size)
    blocks = _blocks(zpl)
    assert len(blocks) == 3
    assert zpl.count("^XA") == zpl.count("^XZ") == 3
    for block, label in zip(blocks, labels, strict=True):
        assert "^CI28" in block
        assert re.search(rf"\^BC[^\^]*\^FD{re.escape(label.order_code)}\^FS", block)
        assert f"^FDMA,{label.qr_payload}^FS" in block
        width = int(re.search(r"\^PW(\d+)", block).group(1))
        height = int(re.search(r"\^LL(\d+)", block).group(1))
        for x, y in re.findall(r"\^FO(\d+),(\d+)", block):
            assert 0 <= int(x) < width and 0 <= int(y) < height
        for x, block_width in re.findall(r"\^FO(\d+),\d+\^A[^\^]*\^FB(\d+),", block):
            assert int(x) + int(block_width) <= width


def test_vietnamese_text_is_kept_as_utf8_and_control_characters_are_escaped():
    zpl = render_zpl([typical(note="Giao ^XZ gấp ~ nhé_")])
    assert "Nguyễn Thị Hương" in zpl
    assert "Thu hộ: 350.000 ₫" in zpl
    assert "Giao _5EXZ gấp _7E nhé_5F" in zpl
    assert len(_blocks(zpl)) == 1


def test_sheet_sizes_are_refused_for_zpl():
    with pytest.raises(ValueError):
        render_zpl([typical()], "a4x4")
