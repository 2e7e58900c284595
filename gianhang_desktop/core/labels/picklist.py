"""Pick list (A4, over many orders) and packing slips (A5, one per order) as PDF."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from gianhang_desktop.core import clock
from gianhang_desktop.core.dates import format_date, format_datetime
from gianhang_desktop.core.labels import codes
from gianhang_desktop.core.labels.fonts import register_fonts
from gianhang_desktop.core.money import format_vnd
from gianhang_desktop.core.orders.picking import PickLine
from gianhang_desktop.core.text import clean


@dataclass(frozen=True)
class SlipItem:
    sku: str
    name: str
    quantity: int
    unit_price: int


@dataclass(frozen=True)
class PackingSlip:
    """What goes in one box, for the packer and the buyer."""

    order_code: str
    date: dt.date
    shop_name: str
    shop_phone: str
    shop_address: str
    buyer_name: str
    buyer_phone: str
    buyer_address: str
    items: tuple[SlipItem, ...]
    shipping_fee: int = 0
    cod: int = 0
    note: str = ""


class _Code128(Flowable):
    def __init__(self, value: str, width: float, height: float):
        super().__init__()
        self.bars = codes.code128(value)
        self.module = min(0.4 * mm, width / (self.bars.modules + 20))
        self.width, self.height = (self.bars.modules + 20) * self.module, height

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        for start, width in self.bars.bars:
            self.canv.rect((start + 10) * self.module, 0, width * self.module, self.height,
                           stroke=0, fill=1)


def _styles():
    fonts = register_fonts()
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=11.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "bold": ParagraphStyle("bold", parent=body, fontName=fonts.bold),
        "title": ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=15, leading=19),
        "big": ParagraphStyle("big", parent=body, fontName=fonts.bold, fontSize=12, leading=15),
    }, fonts


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(clean(text)), style)


def _grid(fonts, header_rows: int = 1) -> TableStyle:
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 9),
        ("FONT", (0, 0), (-1, header_rows - 1), fonts.bold, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("REPEATROWS", (0, 0), (-1, header_rows - 1)),
    ])


def _target(out):
    return os.fspath(out) if isinstance(out, str | os.PathLike) else out


def render_pick_list(lines: Sequence[PickLine], out: str | os.PathLike | BinaryIO,
                     order_codes: Sequence[str], shortages: dict[str, int] | None = None,
                     when: dt.datetime | None = None) -> None:
    """An A4 pick list: one row per SKU and lot, in walking order, with a column to tick."""
    styles, fonts = _styles()
    when = clock.to_local(when or clock.now_utc())
    story = [_p("PHIẾU LẤY HÀNG", styles["title"]),
             _p(f"{format_datetime(when)} · {len(order_codes)} đơn: {', '.join(order_codes)}",
                styles["small"]), Spacer(0, 3 * mm)]
    rows = [["Kho / vị trí", "SKU", "Sản phẩm", "Lô", "Hạn dùng", "SL", "Đơn", "Đã lấy"]]
    for line in lines:
        place = " / ".join(part for part in (line.warehouse, line.bin_location) if part) or "—"
        rows.append([_p(place, styles["body"]), _p(line.sku, styles["bold"]),
                     _p(line.name, styles["body"]), _p(line.lot_code or "—", styles["body"]),
                     format_date(line.expiry) or "—",
                     _p(str(line.quantity), styles["big"]),
                     _p(", ".join(line.order_codes), styles["small"]), ""])
    widths = [26 * mm, 24 * mm, 38 * mm, 22 * mm, 20 * mm, 10 * mm, 30 * mm, 14 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_grid(fonts))
    story.append(table)
    total = sum(line.quantity for line in lines)
    story += [Spacer(0, 3 * mm), _p(f"Tổng số lượng: {total}", styles["bold"])]
    for sku, missing in sorted((shortages or {}).items()):
        story.append(_p(f"Thiếu hàng: {sku} còn thiếu {missing}", styles["bold"]))
    doc = SimpleDocTemplate(_target(out), pagesize=A4, leftMargin=10 * mm, rightMargin=10 * mm,
                            topMargin=10 * mm, bottomMargin=12 * mm, title="Phiếu lấy hàng",
                            creator="Gian Hàng Desktop")
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(register_fonts().regular, 8)
    canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 6 * mm, f"Trang {doc.page}")
    canvas.restoreState()


def render_packing_slips(slips: Sequence[PackingSlip], out: str | os.PathLike | BinaryIO) -> None:
    """A5 packing slips, one order per page (longer orders continue on the next page)."""
    styles, fonts = _styles()
    story: list = []
    for index, slip in enumerate(slips):
        if index:
            story.append(PageBreak())
        story += _slip(slip, styles, fonts)
    doc = SimpleDocTemplate(_target(out), pagesize=A5, leftMargin=8 * mm, rightMargin=8 * mm,
                            topMargin=8 * mm, bottomMargin=10 * mm, title="Phiếu đóng gói",
                            creator="Gian Hàng Desktop")
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)


def _slip(slip: PackingSlip, styles, fonts) -> list:
    head = Table([[[_p("PHIẾU ĐÓNG GÓI", styles["title"]), _p(slip.order_code, styles["big"]),
                    _p(f"Ngày {slip.date:%d/%m/%Y}", styles["small"])],
                   _Code128(slip.order_code, 60 * mm, 12 * mm)]],
                 colWidths=[62 * mm, 70 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    parties = Table([[
        [_p("Người gửi", styles["bold"]), _p(slip.shop_name, styles["body"]),
         _p(slip.shop_phone, styles["body"]), _p(slip.shop_address, styles["small"])],
        [_p("Người nhận", styles["bold"]), _p(slip.buyer_name, styles["body"]),
         _p(slip.buyer_phone, styles["body"]), _p(slip.buyer_address, styles["small"])],
    ]], colWidths=[66 * mm, 66 * mm])
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
                                 ("LINEAFTER", (0, 0), (0, 0), 0.5, colors.black)]))
    rows = [["Đủ", "SKU", "Sản phẩm", "SL", "Đơn giá", "Thành tiền"]]
    subtotal = 0
    for item in slip.items:
        amount = item.quantity * item.unit_price
        subtotal += amount
        rows.append(["", _p(item.sku, styles["small"]), _p(item.name, styles["small"]),
                     str(item.quantity), format_vnd(item.unit_price), format_vnd(amount)])
    table = Table(rows, colWidths=[8 * mm, 20 * mm, 45 * mm, 10 * mm, 24 * mm, 25 * mm], repeatRows=1)
    style = _grid(fonts)
    style.add("ALIGN", (3, 1), (-1, -1), "RIGHT")
    table.setStyle(style)
    totals = [f"Tiền hàng: {format_vnd(subtotal)}", f"Phí vận chuyển: {format_vnd(slip.shipping_fee)}",
              f"Thu hộ (COD): {format_vnd(slip.cod)}" if slip.cod else "Không thu tiền"]
    story = [head, Spacer(0, 2 * mm), parties, Spacer(0, 3 * mm), table, Spacer(0, 2 * mm)]
    story += [_p(text, styles["bold"] if i == 2 else styles["body"]) for i, text in enumerate(totals)]
    if slip.note.strip():
        story += [Spacer(0, 2 * mm), _p(f"Ghi chú: {slip.note}", styles["bold"])]
    return story
