"""Counter commands: sell, take back, show a bill, print its receipt, the VietQR of a bill, mark it paid."""

from __future__ import annotations

import argparse

from ..core.counter import printing, returns, service
from ..core.counter.cart import LineDraft, SaleDraft
from ..core.errors import ValidationError
from ..core.i18n import msg
from ..core.money import format_vnd, parse_vnd
from ..core.payments import qr_image
from ..core.payments import service as payments
from ..core.text import fold
from .common import add_json_flag, emit, open_db

PAY_METHODS = {"cash": "cash", "tm": "cash", "tienmat": "cash", "transfer": "transfer", "ck": "transfer",
               "bank": "transfer", "chuyenkhoan": "transfer"}


def register(sub: argparse._SubParsersAction) -> None:
    sale = sub.add_parser("sale", help="bán tại quầy / counter sales").add_subparsers(dest="action", metavar="ACTION")
    sale.required = True

    p = sale.add_parser("add", help="bán hàng / sell")
    p.add_argument("--item", action="append", required=True, metavar="SKU:QTY[:PRICE]",
                   help="mã SKU hoặc mã vạch và số lượng, lặp lại cho nhiều dòng / repeat for more lines")
    p.add_argument("--line-discount", action="append", default=[], metavar="SKU:VND|SKU:PCT%",
                   help="chiết khấu một dòng / a line's discount")
    p.add_argument("--lot", action="append", default=[], metavar="SKU:LOT",
                   help="bán từ lô này (mặc định: lô hết hạn sớm nhất còn bán được) / sell from this lot")
    p.add_argument("--discount", default="0", help="chiết khấu cả hóa đơn (số tiền hoặc %%) / whole-bill discount")
    p.add_argument("--pay", action="append", default=[], metavar="cash:VND|transfer:VND",
                   help="khách trả: tiền mặt hoặc chuyển khoản, lặp lại nếu trả cả hai / payment, repeat for both")
    p.add_argument("--customer", default="", metavar="PHONE", help="số điện thoại khách (để ghi nợ) / customer's phone")
    p.add_argument("--name", default="", help="tên khách / customer's name")
    p.add_argument("--warehouse")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(handler=cmd_add)

    p = sale.add_parser("return", help="khách trả hàng / take goods back")
    p.add_argument("code", metavar="SALE_CODE")
    p.add_argument("--item", action="append", required=True, metavar="SKU:QTY")
    p.add_argument("--reason", default="")
    p.add_argument("--refund", default="cash", choices=["cash", "transfer"])
    add_json_flag(p)
    p.set_defaults(handler=cmd_return)

    p = sale.add_parser("show", help="xem hóa đơn / show a sale")
    p.add_argument("code", metavar="SALE_CODE")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)

    p = sale.add_parser("cancel", help="hủy hóa đơn chờ chuyển khoản / cancel a sale awaiting its transfer")
    p.add_argument("code", metavar="SALE_CODE")
    add_json_flag(p)
    p.set_defaults(handler=cmd_cancel)

    p = sub.add_parser("receipt", help="in hóa đơn (PDF khổ cuộn 80/58 mm, A5, hoặc ESC/POS) / print a receipt")
    p.add_argument("code", metavar="SALE_CODE")
    p.add_argument("--width", default="80", help="80, 58 (mm) hoặc a5")
    p.add_argument("--out", required=True, help="tệp .pdf, hoặc .bin/.prn cho máy in ESC/POS / the file to write")
    p.add_argument("--open-drawer", action="store_true", help="ESC/POS: mở ngăn kéo tiền / kick the cash drawer")
    add_json_flag(p)
    p.set_defaults(handler=cmd_receipt)

    p = sub.add_parser("vietqr", help="mã VietQR chuyển khoản cho đơn hoặc hóa đơn / bank-transfer QR")
    p.add_argument("code", metavar="ORDER_OR_SALE_CODE")
    p.add_argument("--out", help="ảnh .png (hoặc .svg, .pdf) / picture file")
    add_json_flag(p)
    p.set_defaults(handler=cmd_vietqr)

    p = sub.add_parser("paid", help="đánh dấu đã nhận chuyển khoản / mark a bill paid by transfer")
    p.add_argument("code", metavar="ORDER_OR_SALE_CODE")
    add_json_flag(p)
    p.set_defaults(handler=cmd_paid)


def split_pair(text: str, field: str, what_vi: str, what_en: str) -> tuple[str, str]:
    """"KEY:VALUE" → (KEY, VALUE); the value may not be empty."""
    key, sep, value = text.partition(":")
    if not sep or not key.strip() or not value.strip():
        raise ValidationError(field, msg("'{value}' phải có dạng {what}", "'{value}' must look like {what_en}",
                                         value=text, what=what_vi, what_en=what_en))
    return key.strip(), value.strip()


def parse_items(texts: list[str], line_discounts: list[str], lots: list[str] = ()) -> tuple[LineDraft, ...]:
    discounts = dict(split_pair(t, "line_discount", "SKU:SỐ_TIỀN", "SKU:VND") for t in line_discounts)
    named_lots = dict(split_pair(t, "lot", "SKU:LÔ", "SKU:LOT") for t in lots)
    items = []
    for text in texts:
        parts = text.split(":")
        if len(parts) not in (2, 3) or not parts[0].strip() or not parts[1].strip():
            raise ValidationError("item", msg(
                "Dòng hàng '{value}' phải có dạng SKU:SỐ_LƯỢNG (hoặc SKU:SỐ_LƯỢNG:ĐƠN_GIÁ)",
                "Item '{value}' must be SKU:QTY (or SKU:QTY:PRICE)", value=text))
        code = parts[0].strip()
        items.append(LineDraft(code, parts[1].strip(), parts[2].strip() if len(parts) == 3 else None,
                               discounts.pop(code, 0), named_lots.pop(code, None)))
    if named_lots:
        raise ValidationError("lot", msg("Lô cho mã không có trong hóa đơn: {codes}",
                                         "A lot for codes not on the bill: {codes}", codes=", ".join(named_lots)))
    if discounts:
        raise ValidationError("line_discount", msg("Chiết khấu cho mã không có trong hóa đơn: {codes}",
                                                   "A discount for codes not on the bill: {codes}",
                                                   codes=", ".join(discounts)))
    return tuple(items)


def parse_payments(texts: list[str]) -> dict[str, int]:
    paid: dict[str, int] = {"cash": 0, "transfer": 0}
    for text in texts:
        method, amount = split_pair(text, "pay", "cash:SỐ_TIỀN hoặc transfer:SỐ_TIỀN", "cash:VND or transfer:VND")
        key = PAY_METHODS.get(fold(method).replace(" ", ""))
        if key is None:
            raise ValidationError("pay", msg("Cách trả '{value}' không có: dùng cash hoặc transfer",
                                             "No payment method '{value}': use cash or transfer", value=method))
        paid[key] += parse_vnd(amount, "pay")
    return paid


def cmd_add(args) -> int:
    paid = parse_payments(args.pay)
    draft = SaleDraft(items=parse_items(args.item, args.line_discount, args.lot), discount=args.discount, cash=paid["cash"],
                      transfer=paid["transfer"], customer_phone=args.customer, customer_name=args.name,
                      warehouse=args.warehouse, note=args.note)
    sale, _ = service.sell(open_db(args), draft)
    text = msg("Đã bán {code}: tổng {total}, khách trả {paid}, tiền thừa {change}{debt}",
               "Sold {code}: total {total}, paid {paid}, change {change}{debt_en}",
               code=sale.code, total=format_vnd(sale.total), paid=format_vnd(sale.paid_cash + sale.paid_transfer
                                                                              + sale.change_due),
               change=format_vnd(sale.change_due),
               debt=f", ghi nợ {format_vnd(sale.debt)}" if sale.debt else "",
               debt_en=f", on credit {format_vnd(sale.debt)}" if sale.debt else "").text()
    emit(args, sale, text)
    return 0


def cmd_return(args) -> int:
    items = [split_pair(t, "item", "SKU:SỐ_LƯỢNG", "SKU:QTY") for t in args.item]
    ret, _ = returns.return_sale(open_db(args), args.code, items, reason=args.reason, refund=args.refund)
    emit(args, ret, msg("Đã nhận trả {code} (hóa đơn {sale}): hoàn {refund}, giảm nợ {debt}",
                        "Took back {code} (sale {sale}): refunded {refund}, debt reduced by {debt}",
                        code=ret.code, sale=ret.sale_code, refund=format_vnd(ret.refund),
                        debt=format_vnd(ret.debt_reduced)).text())
    return 0


def cmd_show(args) -> int:
    sale = service.get_sale(open_db(args), args.code)
    lines = [f"{sale.code}  {sale.status}  {format_vnd(sale.total)}"]
    lines += [f"  {line.sku}  {line.name}  {line.quantity} × {format_vnd(line.unit_price)} = {format_vnd(line.amount)}"
              for line in sale.lines]
    emit(args, sale, "\n".join(lines))
    return 0


def cmd_cancel(args) -> int:
    sale, _ = service.cancel_awaiting(open_db(args), args.code)
    emit(args, sale, msg("Đã hủy hóa đơn {code}", "Cancelled sale {code}", code=sale.code).text())
    return 0


def cmd_receipt(args) -> int:
    path = printing.write_receipt(open_db(args), args.code, args.out, args.width, open_drawer=args.open_drawer)
    emit(args, {"code": args.code.upper(), "file": str(path), "width": args.width},
         msg("Đã lưu hóa đơn vào {path}", "Receipt saved to {path}", path=path).text())
    return 0


def cmd_vietqr(args) -> int:
    qr = payments.transfer_qr(open_db(args), args.code)
    if args.out:
        qr_image.save_qr(qr.payload, args.out)
    data = qr.to_json() | ({"file": args.out} if args.out else {})
    emit(args, data, qr.payload if not args.out else msg(
        "Đã lưu mã VietQR {amount} cho {code} vào {path}", "VietQR for {amount} ({code}) saved to {path}",
        amount=format_vnd(qr.amount), code=qr.code, path=args.out).text())
    return 0


def cmd_paid(args) -> int:
    payments.mark_paid(open_db(args), args.code)
    emit(args, {"code": args.code, "paid": True}, msg("Đã ghi nhận chuyển khoản cho {code}",
                                                      "Transfer recorded for {code}", code=args.code).text())
    return 0
