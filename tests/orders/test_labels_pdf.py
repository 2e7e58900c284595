"""Shipping label PDFs checked with independent tools: poppler (size, text, bbox) and zbar."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gianhang_desktop.core.labels.layout import SIZES, LabelData, build_label, cod_text
from gianhang_desktop.core.labels.pdf import render_labels
from gianhang_desktop.core.money import format_vnd
from tests.orders import poppler
from tests.orders.label_samples import typical, very_long

MM = 72 / 25.4


@pytest.mark.parametrize("size", sorted(SIZES))
def test_page_size_matches_the_paper(tmp_path, size):
    pdf = tmp_path / "labels.pdf"
    count = 5
    pages = render_labels([typical(f"GH-2611-000{i}") for i in range(count)], pdf, size)
    per_page = len(SIZES[size].slots_mm)
    assert pages == -(-count // per_page)
    w_mm, h_mm = SIZES[size].page_mm
    sizes = poppler.page_sizes(pdf)
    assert len(sizes) == pages
    for w, h in sizes:
        assert w == pytest.approx(w_mm * MM, abs=0.05)
        assert h == pytest.approx(h_mm * MM, abs=0.05)


def test_vietnamese_text_extracts_with_diacritics(tmp_path):
    pdf = tmp_path / "labels.pdf"
    render_labels([typical(), typical("GH-2611-0002", cod=0)], pdf)
    text = poppler.text(pdf)
    for expected in ("Nguyễn Thị Hương", "Thu hộ: 350.000 ₫", "Không thu tiền",
                     "Cho xem hàng, không cho thử", "HTX Nông sản Phước Thuận", "26/11/2026",
                     "GH-2611-0001", "GH-2611-0002", "NGƯỜI NHẬN", "Thành phố Hà Nội", "1,25 kg"):
        assert expected in text, expected


@pytest.mark.parametrize("size", sorted(SIZES))
def test_barcode_and_qr_decode_with_zbar(tmp_path, size):
    labels = [typical("GH-2611-0042"),
              typical("SHOPEE-260126ABCDEFGH12", tracking_url="https://track.example.vn/t/GH2611")]
    pdf = tmp_path / "labels.pdf"
    render_labels(labels, pdf, size)
    decoded = [symbol for page in poppler.decode_barcodes(pdf, tmp_path) for symbol in page]
    expected = ["CODE-128:GH-2611-0042", "QR-Code:GH-2611-0042",
                "CODE-128:SHOPEE-260126ABCDEFGH12", "QR-Code:https://track.example.vn/t/GH2611"]
    assert sorted(decoded) == sorted(expected)


def test_very_long_content_stays_on_the_label(tmp_path):
    pdf = tmp_path / "labels.pdf"
    render_labels([very_long()], pdf, "80x80")
    words = poppler.word_boxes(pdf)
    assert words
    for _page, width, height, word, (x0, y0, x1, y1) in words:
        assert 0 <= x0 <= x1 <= width and 0 <= y0 <= y1 <= height, word
    text = poppler.text(pdf)
    assert "Tôn Nữ Nguyễn" in text
    assert "Thu hộ: 1.234.567.000 ₫" in text.replace("\n", " ")
    assert "mặt hàng khác" in text  # the item list says how much it left out
    decoded = poppler.decode_barcodes(pdf, tmp_path)
    assert "CODE-128:SHOPEE-260126ABCDEFGH12" in decoded[0]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_word_lies_inside_its_label_slot(tmp_path, size):
    pdf = tmp_path / "labels.pdf"
    render_labels([very_long(), typical()] * 2, pdf, size)
    slots = [(x * MM, y * MM, (x + w) * MM, (y + h) * MM) for x, y, w, h in SIZES[size].slots_mm]
    for _page, _w, _h, word, (x0, y0, x1, y1) in poppler.word_boxes(pdf):
        assert any(sx - 0.5 <= x0 and x1 <= ex + 0.5 and sy - 0.5 <= y0 and y1 <= ey + 0.5
                   for sx, sy, ex, ey in slots), (word, x0, y0, x1, y1)


def test_font_embedded_once_however_many_labels(tmp_path):
    one, many = tmp_path / "one.pdf", tmp_path / "many.pdf"
    render_labels([very_long()], one)
    render_labels([very_long(), *[typical(f"GH-2611-{i:04d}") for i in range(200)]], many)
    fonts_one, fonts_many = poppler.fonts(one), poppler.fonts(many)
    assert all(embedded == "yes" for _name, embedded in fonts_many)
    names = [name for name, _ in fonts_many]
    assert len(names) == len(set(names)), names
    assert len(fonts_many) == len(fonts_one) <= 6


def test_money_on_paper_and_cod_text():
    assert format_vnd(350_000) == "350.000 ₫"
    assert format_vnd(0) == "0 ₫"
    assert format_vnd(1_234_567) == "1.234.567 ₫"
    assert cod_text(350_000) == "Thu hộ: 350.000 ₫"
    assert cod_text(0) == "Không thu tiền"


def test_non_ascii_order_code_is_refused():
    with pytest.raises(ValueError):
        build_label(typical("ĐH-01"), 283, 425)


def test_non_ascii_tracking_url_falls_back_to_the_order_code():
    assert typical(tracking_url="https://ví-dụ.vn/1").qr_payload == "GH-2611-0001"
    assert typical(tracking_url="https://t.vn/1").qr_payload == "https://t.vn/1"


vietnamese_text = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíị"
                                  "òỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐƯƠ,.-0123456789WMQ")),
    max_size=400)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=vietnamese_text, address=vietnamese_text, note=vietnamese_text,
       items=st.lists(vietnamese_text, max_size=30), cod=st.integers(0, 10**12),
       size=st.sampled_from(sorted(SIZES)))
def test_layout_never_draws_outside_the_label(name, address, note, items, cod, size):
    data = LabelData("GH-2611-0001", name, "0912345678", address, name, "0987654321", address,
                     cod=cod, weight_g=500, items=tuple(items), note=note)
    _x, _y, w, h = SIZES[size].slots_mm[0]
    drawing = build_label(data, w * MM, h * MM)  # raises LabelOverflow if anything escapes
    drawing.check_inside()
