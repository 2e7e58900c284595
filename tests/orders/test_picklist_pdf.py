"""Pick list and packing slip PDFs: paper size, Vietnamese text, scannable order code."""

import datetime as dt

from gianhang_desktop.core.labels.picklist import (
    PackingSlip,
    SlipItem,
    render_packing_slips,
    render_pick_list,
)
from gianhang_desktop.core.orders.picking import PickLine
from tests.orders import poppler


def test_pick_list_pdf(tmp_path):
    lines = [PickLine("Kho chính", "A-01-02", "XOAI-1", "Xoài cát Hòa Lộc loại 1", "L2401",
                      dt.date(2026, 12, 1), 5, ("GH-2611-0001", "GH-2611-0002"))] * 60
    pdf = tmp_path / "pick.pdf"
    render_pick_list(lines, pdf, ["GH-2611-0001", "GH-2611-0002"], {"MO-500": 12})
    sizes = poppler.page_sizes(pdf)
    assert len(sizes) >= 2 and all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in sizes)
    text = poppler.text(pdf)
    assert "PHIẾU LẤY HÀNG" in text and "Xoài cát Hòa Lộc loại 1" in text
    assert "Tổng số lượng: 300" in text and "MO-500 còn thiếu 12" in text


def test_packing_slip_pdf(tmp_path):
    slip = PackingSlip("GH-2611-0007", dt.date(2026, 11, 26), "HTX Nông sản Phước Thuận",
                       "0912 345 678", "Thôn 3, Xã Phước Thuận", "Nguyễn Thị Hương", "0987 654 321",
                       "Số 12 ngõ 34 đường Nguyễn Trãi, Phường Thanh Xuân, Thành phố Hà Nội",
                       (SlipItem("XOAI-1", "Xoài cát Hòa Lộc", 3, 120_000),), 30_000, 390_000,
                       "Cho xem hàng")
    pdf = tmp_path / "slip.pdf"
    render_packing_slips([slip, slip], pdf)
    assert len(poppler.page_sizes(pdf)) == 2
    text = poppler.text(pdf)
    assert "PHIẾU ĐÓNG GÓI" in text and "Thu hộ (COD): 390.000 ₫" in text
    assert "360.000 ₫" in text and "Nguyễn Thị Hương" in text
    assert "CODE-128:GH-2611-0007" in poppler.decode_barcodes(pdf, tmp_path)[0]
