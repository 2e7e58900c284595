"""What a counter receipt says, laid out once as rows that the PDF and the ESC/POS printer both draw.

Paper: an 80 mm or a 58 mm thermal roll (72 mm and 48 mm printable), or an A5 sheet. A receipt
for a bill with money still due carries the shop's VietQR for that amount (the code of the bill
as the transfer description).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import clock
from ..i18n import msg
from ..money import format_vnd
from ..phone import format_phone
from ..shop import ShopInfo
from .views import SaleView

# paper -> (page width mm, printable width mm, base font size pt)
PAPERS = {"80": (80.0, 72.0, 8.5), "58": (58.0, 48.0, 7.5), "a5": (148.0, 124.0, 10.0)}


@dataclass(frozen=True)
class Line:
    """Text on its own row; `size` 1.0 is the paper's base size."""

    text: str
    bold: bool = False
    size: float = 1.0
    align: str = "left"  # left, center, right


@dataclass(frozen=True)
class Pair:
    """A label on the left, an amount on the right (the label wraps, the amount does not)."""

    left: str
    right: str
    bold: bool = False
    size: float = 1.0
    indent: bool = False


@dataclass(frozen=True)
class Rule:
    dashed: bool = True


@dataclass(frozen=True)
class Qr:
    payload: str
    caption: tuple[str, ...] = ()


Row = Line | Pair | Rule | Qr


@dataclass(frozen=True)
class Receipt:
    code: str
    rows: tuple[Row, ...] = field(default=())


def check_paper(paper: str | int) -> str:
    """"80", "58" or "a5" (also 80, "80mm", "A5"). Raises ValidationError("width")."""
    from ..errors import ValidationError

    key = str(paper).strip().lower().removesuffix("mm")
    if key not in PAPERS:
        raise ValidationError("width", msg("Khổ giấy phải là 80, 58 (mm) hoặc A5: '{value}'",
                                           "The paper is 80, 58 (mm) or A5: '{value}'", value=paper))
    return key


def build_receipt(sale: SaleView, shop: ShopInfo, qr_payload: str | None = None, qr_amount: int = 0,
                  bank_label: str = "") -> Receipt:
    """The rows of `sale`'s receipt, with the shop as header and a VietQR when money is due."""
    rows: list[Row] = []
    if shop.name:
        rows.append(Line(shop.name, bold=True, size=1.25, align="center"))
    if shop.address_line:
        rows.append(Line(shop.address_line, align="center"))
    if shop.phone:
        rows.append(Line(f"ĐT: {format_phone(shop.phone)}", align="center"))
    rows += [Rule(dashed=False), Line("HÓA ĐƠN BÁN HÀNG", bold=True, size=1.2, align="center"),
             Line(f"Số: {sale.code}", align="center"),
             Line(clock.to_local(sale.created_at).strftime("Ngày %d/%m/%Y %H:%M"), align="center")]
    if sale.user_name:
        rows.append(Line(f"Thu ngân: {sale.user_name}"))
    if sale.customer_phone:
        rows.append(Line(f"Khách hàng: {sale.customer_name or ''} {format_phone(sale.customer_phone)}".replace("  ", " ")))
    if sale.status == "cancelled":
        rows.append(Line("ĐÃ HỦY", bold=True, size=1.2, align="center"))
    rows.append(Rule())
    for line in sale.lines:
        rows.append(Line(line.name, bold=True))
        rows.append(Pair(f"{_qty(line.quantity)} {line.unit} × {format_vnd(line.unit_price)}",
                         format_vnd(line.quantity * line.unit_price), indent=True))
        if line.discount:
            rows.append(Pair("Chiết khấu", f"-{format_vnd(line.discount)}", indent=True))
        lots = ", ".join(f"{lot.lot}" + (f" HSD {lot.expiry:%d/%m/%Y}" if lot.expiry else "")
                         for lot in line.lots if lot.lot)
        if lots:
            rows.append(Line(f"  Lô {lots}", size=0.85))
    rows.append(Rule())
    rows.append(Pair("Tổng tiền hàng", format_vnd(sale.subtotal)))
    if sale.discount:
        rows.append(Pair("Chiết khấu hóa đơn", f"-{format_vnd(sale.discount)}"))
    rows.append(Pair("TỔNG CỘNG", format_vnd(sale.total), bold=True, size=1.2))
    if sale.cash_tendered:
        rows.append(Pair("Tiền mặt khách đưa", format_vnd(sale.cash_tendered)))
    if sale.change_due:
        rows.append(Pair("Tiền thừa trả khách", format_vnd(sale.change_due), bold=True))
    if sale.paid_transfer:
        label = "Chuyển khoản (chờ nhận)" if sale.status == "awaiting_payment" else "Chuyển khoản"
        rows.append(Pair(label, format_vnd(sale.paid_transfer)))
    if sale.debt:
        rows.append(Pair("Ghi nợ", format_vnd(sale.debt), bold=True))
    if sale.returned_amount:
        rows.append(Pair("Đã trả hàng", f"-{format_vnd(sale.returned_amount)}"))
    if qr_payload:
        rows += [Rule(), Qr(qr_payload, tuple(t for t in (
            f"Quét mã để chuyển khoản {format_vnd(qr_amount)}", bank_label, f"Nội dung: {sale.code}") if t))]
    if sale.note:
        rows.append(Line(sale.note, size=0.9))
    rows += [Rule(), Line("Cảm ơn quý khách, hẹn gặp lại!", align="center")]
    return Receipt(sale.code, tuple(rows))


def _qty(quantity: int) -> str:
    return f"{quantity:,}".replace(",", ".")


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """`text` broken at spaces into lines no wider than `width` (a word too long is cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while measure(word) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and measure(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    lines.append(current)
    return lines
