"""Marketplace channel commands: add, list, link, rule, sync, awb (shipping labels)."""

from __future__ import annotations

import argparse
import io
import json
import sys

from ..core.channels import accounts, linking, service
from ..core.channels.labels import shipping_labels
from ..core.errors import ValidationError
from ..core.i18n import msg
from .common import ExitCode, add_json_flag, emit, open_db
from .orders import _write_atomically

PLATFORMS = ["shopee", "lazada", "tiktok", "tiki"]


def register(sub: argparse._SubParsersAction) -> None:
    ch = sub.add_parser("channel", help="kênh bán trên sàn / marketplace channels").add_subparsers(
        dest="action", metavar="ACTION")
    ch.required = True

    p = ch.add_parser("add", help="thêm tài khoản sàn / add a marketplace account")
    p.add_argument("platform", choices=PLATFORMS)
    p.add_argument("--name", required=True, help="tên kênh / channel name")
    p.add_argument("--shop-id", help="mã cửa hàng trên sàn / the platform's shop id")
    p.add_argument("--base-url", help="địa chỉ khác (vd. trình giả lập) / another address (e.g. a simulator)")
    p.add_argument("--credentials-stdin", action="store_true",
                   help="đọc thông tin đăng nhập (JSON) từ stdin / read the credentials as JSON on stdin")
    p.add_argument("--no-check", action="store_true", help="không kiểm tra với sàn / do not check with the platform")
    add_json_flag(p)
    p.set_defaults(handler=cmd_add)

    p = ch.add_parser("list", help="các kênh / channels")
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = ch.add_parser("link", help="liên kết SKU với sản phẩm trên sàn / link SKUs to channel items")
    p.add_argument("name")
    p.add_argument("--auto", action="store_true", help="theo SKU, rồi mã vạch / by SKU, then GTIN")
    p.add_argument("--sku")
    p.add_argument("--item")
    p.add_argument("--variation")
    add_json_flag(p)
    p.set_defaults(handler=cmd_link)

    p = ch.add_parser("rule", help="quy tắc tồn kho của kênh / the channel's stock rule")
    p.add_argument("name")
    p.add_argument("--percent", help="phần trăm (làm tròn xuống) / percentage, rounded down")
    p.add_argument("--buffer", help="số giữ lại / units kept back")
    p.add_argument("--zero-below", help="đẩy 0 khi dưới N / push 0 below N")
    p.add_argument("--warehouses", help="mã kho, cách nhau dấu phẩy (trống: mọi kho) / warehouse codes")
    add_json_flag(p)
    p.set_defaults(handler=cmd_rule)

    p = ch.add_parser("sync", help="đồng bộ đơn và tồn kho / sync orders and stock")
    p.add_argument("names", nargs="*", metavar="NAME")
    add_json_flag(p)
    p.set_defaults(handler=cmd_sync)

    p = ch.add_parser("awb", help="in vận đơn của sàn / the platforms' shipping labels")
    p.add_argument("codes", nargs="+", metavar="ORDER_CODE")
    p.add_argument("--out", required=True, help="tệp PDF / PDF file")
    add_json_flag(p)
    p.set_defaults(handler=cmd_awb)


def _read_credentials(args) -> object:
    if not args.credentials_stdin:
        raise ValidationError("credentials", msg(
            "Thông tin đăng nhập phải qua stdin (--credentials-stdin), không bao giờ là tham số dòng lệnh",
            "Credentials come on standard input (--credentials-stdin), never as command-line arguments"))
    text = sys.stdin.read()
    try:
        return json.loads(text)
    except ValueError as error:
        raise ValidationError("credentials", msg("Thông tin đăng nhập không phải JSON hợp lệ: {e}",
                                                 "The credentials are not valid JSON: {e}", e=error.msg)) from None


def cmd_add(args) -> int:
    data = _read_credentials(args)
    db = open_db(args)
    view, _ = accounts.add_account(db, args.platform, args.name, data, shop_id=args.shop_id,
                                   base_url=args.base_url, verify=not args.no_check)
    note = "" if view.credentials_saved else " (máy này không có kho khoá: chỉ giữ trong phiên này)"
    emit(args, view, f"Đã thêm kênh {view.name} ({view.platform}): {view.state_label}{note}")
    return 0


def cmd_list(args) -> int:
    views = accounts.list_accounts(open_db(args))
    lines = [f"{v.name}\t{v.platform}\t{v.state_label}\tliên kết {v.linked}\tchờ gửi {v.pending}" for v in views]
    emit(args, views, "\n".join(lines) or "Chưa có kênh nào")
    return 0


def cmd_link(args) -> int:
    db = open_db(args)
    if args.sku or args.item:
        if not (args.sku and args.item):
            raise ValidationError("sku" if not args.sku else "item", msg(
                "Liên kết bằng tay cần cả --sku và --item", "A link by hand needs both --sku and --item"))
        result, _ = linking.link_by_hand(db, args.name, args.sku, args.item, args.variation)
        emit(args, result, f"Đã liên kết {result['sku']} ↔ {result['item_id']} {result['variation_id'] or ''}".strip())
        return 0
    if args.auto:
        review, _ = service.link_automatically(db, args.name)
    else:
        review = linking.review(db, args.name)
    lines = [f"Đã liên kết: {review.linked} (mới {review.new})", f"Chưa liên kết: {len(review.unlinked)}"]
    lines += [f"  ! {c['message']}" for c in review.conflicts]
    emit(args, review, "\n".join(lines))
    return 0


def cmd_rule(args) -> int:
    view, _ = accounts.set_rule(open_db(args), args.name, percent=args.percent, buffer=args.buffer,
                                zero_below=args.zero_below, warehouses=args.warehouses)
    emit(args, view, f"{view.name}: {view.percent}% · giữ lại {view.buffer} · đẩy 0 dưới {view.zero_below}")
    return 0


def cmd_sync(args) -> int:
    result = service.sync_channels(open_db(args), args.names or None)
    if args.json:
        out = {"channels": [c.to_json() for c in result.channels], "ok": result.ok}
        for c in result.channels:  # also by name, for scripts that look a channel up
            out.setdefault(c.name, c.to_json())
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for c in result.channels:
            print(f"{c.name}: {len(c.orders)} đơn mới/thay đổi, gửi tồn {len(c.stock)} SKU"
                  + (f", lỗi: {c.error}" if c.error else ""))
            for e in c.errors[:20]:
                print(f"  ! {e.get('sku') or e.get('order')}: {e.get('code')} {e.get('message')}")
    return ExitCode.INCOMPLETE if any(c.error for c in result.channels) else ExitCode.OK


def cmd_awb(args) -> int:
    buffer = io.BytesIO()
    job = shipping_labels(open_db(args), args.codes, buffer)
    _write_atomically(args.out, buffer.getvalue())
    emit(args, {**job.to_json(), "out": args.out}, f"Đã ghi {job.out_pages} trang vận đơn ({len(job.orders)} đơn) vào {args.out}")
    return 0
