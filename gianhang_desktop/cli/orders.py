"""Order commands: add, list, show, status changes; shipping labels, pick lists, packing slips."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

from ..core.catalog.validation import parse_date
from ..core.dates import format_datetime
from ..core.disk import write_atomically
from ..core.errors import ValidationError
from ..core.i18n import msg
from ..core.labels.layout import SIZES
from ..core.money import format_vnd
from ..core.orders import documents, service
from ..core.orders.states import OrderStatus
from ..core.orders.views import ItemDraft, OrderDraft, OrderFilter
from .common import add_json_flag, emit, open_db

STATUS_COMMANDS = {
    "confirm": OrderStatus.CONFIRMED, "pack": OrderStatus.PACKED, "ship": OrderStatus.SHIPPED,
    "deliver": OrderStatus.DELIVERED, "complete": OrderStatus.COMPLETED,
    "cancel": OrderStatus.CANCELLED, "return": OrderStatus.RETURNED,
}


def register(sub: argparse._SubParsersAction) -> None:
    order = sub.add_parser("order", help="đơn hàng / one order").add_subparsers(dest="action", metavar="ACTION")
    order.required = True

    p = order.add_parser("add", help="thêm đơn (điện thoại, Zalo) / enter an order")
    p.add_argument("--buyer", required=True, help="tên người mua / buyer name")
    p.add_argument("--phone", required=True)
    p.add_argument("--address", required=True, help="số nhà, đường, thôn / address line")
    p.add_argument("--province", required=True, help="mã tỉnh/thành (bản đồ 2025) / province code")
    p.add_argument("--ward", required=True, help="mã phường/xã / ward code")
    p.add_argument("--item", action="append", required=True, metavar="SKU:QTY[:PRICE]",
                   help="sản phẩm và số lượng, lặp lại cho nhiều dòng / repeat for more lines")
    p.add_argument("--cod", help="tiền thu hộ (mặc định: tiền hàng + phí vận chuyển) / COD amount")
    p.add_argument("--shipping-fee", default="0", help="phí vận chuyển / shipping fee")
    p.add_argument("--note", default="")
    p.add_argument("--channel", default="phone", choices=["phone", "zalo", "manual"])
    add_json_flag(p)
    p.set_defaults(handler=cmd_add)

    p = order.add_parser("show", help="xem đơn / show an order")
    p.add_argument("code")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)

    for action, target in STATUS_COMMANDS.items():
        p = order.add_parser(action, help=f"→ {target.value}")
        p.add_argument("code")
        if target in (OrderStatus.CANCELLED, OrderStatus.RETURNED):
            p.add_argument("--reason", default="")
        add_json_flag(p)
        p.set_defaults(handler=cmd_status, target=target)

    orders = sub.add_parser("orders", help="danh sách đơn / order list").add_subparsers(dest="action", metavar="ACTION")
    orders.required = True
    p = orders.add_parser("list")
    p.add_argument("--status", action="append", choices=[s.value for s in OrderStatus])
    p.add_argument("--channel", help="manual, phone, zalo, store, tên kênh sàn hoặc sàn / a channel name or platform")
    p.add_argument("--from", dest="date_from", help="từ ngày / from date")
    p.add_argument("--to", dest="date_to", help="đến ngày / to date")
    p.add_argument("--search", default="")
    p.add_argument("--limit", type=int)
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("labels", help="in nhãn vận chuyển / shipping labels")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument("--size", default="a6", choices=list(SIZES))
    p.add_argument("--format", dest="fmt", default="pdf", choices=["pdf", "zpl"])
    p.add_argument("--out", required=True, help="tệp PDF hoặc ZPL / output file")
    p.add_argument("--printer-font", default="bitmap", metavar="FONT",
                   help="ZPL: font lưu trong máy in (vd. E:NOTOSANS.TTF); mặc định gửi chữ dạng ảnh"
                        " / printer font for ZPL text; default sends text as a graphic")
    add_json_flag(p)
    p.set_defaults(handler=cmd_labels)

    p = sub.add_parser("picklist", help="phiếu lấy hàng / pick list")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument("--out", required=True)
    add_json_flag(p)
    p.set_defaults(handler=cmd_picklist)

    p = sub.add_parser("packslip", help="phiếu đóng gói / packing slips")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument("--out", required=True)
    add_json_flag(p)
    p.set_defaults(handler=cmd_packslip)


def parse_item(text: str, index: int) -> ItemDraft:
    """``SKU:QTY`` or ``SKU:QTY:PRICE``."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0].strip():
        raise ValidationError(f"items[{index}]", msg(
            "Dòng hàng '{value}' phải có dạng SKU:SỐ_LƯỢNG (hoặc SKU:SỐ_LƯỢNG:ĐƠN_GIÁ)",
            "Item '{value}' must be SKU:QTY (or SKU:QTY:PRICE)", value=text))
    return ItemDraft(parts[0].strip(), parts[1].strip(), parts[2].strip() if len(parts) == 3 else None)


def cmd_add(args) -> int:
    draft = OrderDraft(
        buyer_name=args.buyer, phone=args.phone, address_line=args.address,
        province_code=args.province, ward_code=args.ward,
        items=tuple(parse_item(text, i) for i, text in enumerate(args.item, start=1)),
        shipping_fee=args.shipping_fee, cod_amount=args.cod, note=args.note, channel=args.channel)
    view, _ = service.add_order(open_db(args), draft)
    emit(args, view, view.code)
    return 0


def _summary(view) -> str:
    lines = [f"{view.code}  {service.status_label(view.status)}  ({view.channel})",
             f"{view.buyer_name} · {view.phone}", view.full_address]
    lines += [f"  {i.sku} × {i.quantity} @ {format_vnd(i.unit_price)} = {format_vnd(i.amount)}  {i.name}"
              for i in view.items]
    lines.append(f"Tổng: {format_vnd(view.total)} · Thu hộ: {format_vnd(view.cod_amount)}")
    if view.note:
        lines.append(f"Ghi chú: {view.note}")
    return "\n".join(lines)


def cmd_show(args) -> int:
    view = service.get_order(open_db(args), args.code)
    emit(args, view, _summary(view))
    return 0


def cmd_status(args) -> int:
    view, _ = service.change_status(open_db(args), args.code, args.target,
                                    reason=getattr(args, "reason", ""))
    emit(args, view, f"{view.code}: {service.status_label(view.status)}")
    return 0


def _date(value: str | None, field: str) -> dt.date | None:
    return parse_date(field, value) if value else None


def _channel_filter(args) -> tuple[str | None, tuple[str, ...]]:
    """--channel: a built-in channel, a marketplace account's name (any case), or a platform name
    (every account on it). Raises ValidationError naming --channel otherwise."""
    wanted = (args.channel or "").strip()
    if not wanted:
        return None, ()
    if wanted in ("manual", "phone", "zalo", "store"):
        return wanted, ()
    from ..core.channels.accounts import list_accounts
    from ..core.text import fold

    views = list_accounts(open_db(args))
    for view in views:
        if fold(view.name) == fold(wanted):
            return view.name, ()
    on_platform = tuple(v.name for v in views if v.platform == wanted.lower())
    if on_platform or wanted.lower() in ("shopee", "lazada", "tiktok", "tiki"):
        return None, on_platform or ("",)  # a platform with no account here: no order
    raise ValidationError("channel", msg("Không có kênh '{c}'", "No channel '{c}'", c=wanted))


def cmd_list(args) -> int:
    channel, channels = _channel_filter(args)
    flt = OrderFilter(statuses=tuple(args.status or ()), channel=channel, channels=channels,
                      date_from=_date(args.date_from, "from"), date_to=_date(args.date_to, "to"),
                      search=args.search)
    rows = service.list_orders(open_db(args), flt, args.limit)
    text = "\n".join(f"{r.code}\t{format_datetime(r.created_at)}\t{r.status}\t"
                     f"{r.buyer_name}\t{format_vnd(r.total)}" for r in rows)
    emit(args, rows, text or "Không có đơn nào")
    return 0


def _write_atomically(path: str, data: bytes) -> None:
    """Write the whole file or nothing: a failed command (a full disk too) leaves no half-written file."""
    write_atomically(Path(path), data)


def cmd_labels(args) -> int:
    buffer = io.BytesIO()
    count = documents.render_order_labels(open_db(args), args.codes, buffer, args.size, args.fmt,
                                          zpl_font=args.printer_font)
    _write_atomically(args.out, buffer.getvalue())
    what = "trang" if args.fmt == "pdf" else "nhãn"
    emit(args, {"out": args.out, "format": args.fmt, "size": args.size, "labels": len(set(args.codes)),
                "count": count}, f"Đã ghi {count} {what} vào {args.out}")
    return 0


def cmd_picklist(args) -> int:
    buffer = io.BytesIO()
    lines = documents.render_order_pick_list(open_db(args), args.codes, buffer)
    _write_atomically(args.out, buffer.getvalue())
    emit(args, {"out": args.out, "lines": lines}, f"Đã ghi phiếu lấy hàng ({len(lines)} dòng) vào {args.out}")
    return 0


def cmd_packslip(args) -> int:
    buffer = io.BytesIO()
    count = documents.render_order_packing_slips(open_db(args), args.codes, buffer)
    _write_atomically(args.out, buffer.getvalue())
    emit(args, {"out": args.out, "slips": count}, f"Đã ghi {count} phiếu đóng gói vào {args.out}")
    return 0
