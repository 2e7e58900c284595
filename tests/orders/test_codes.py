"""Barcode geometry: Code 128 bars and the fast QR mask selection agree with reportlab."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.barcode import qrencoder

from gianhang_desktop.core.labels import codes


@settings(max_examples=40, deadline=None)
@given(payload=st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=120))
def test_xor_masks_match_reportlab_for_every_mask(payload):
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.version = code.calculate_version()
    code.makeImpl(True, 0)
    size = code.getModuleCount()
    base = [int(bytes(row).translate(codes._BITS), 2) for row in code.modules]
    flips = codes._mask_rows(code)
    for mask in range(8):
        code.makeImpl(True, mask)
        expected = [int(bytes(row).translate(codes._BITS), 2) for row in code.modules]
        assert [row ^ flips[0][r] ^ flips[mask][r] for r, row in enumerate(base)] == expected
    matrix = codes.qr(payload)
    assert matrix.size == size and matrix.runs


def test_code128_bars_cover_the_symbol():
    bars = codes.code128("GH-2611-0001")
    assert bars.bars[0][0] == 0  # starts with a bar
    assert bars.bars[-1][0] + bars.bars[-1][1] == bars.modules  # stop pattern ends with a bar
    with pytest.raises(ValueError):
        codes.code128("ĐH-1")
