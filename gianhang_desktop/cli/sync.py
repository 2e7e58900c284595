"""Store commands: sync, sync status/conflicts/resolve, and listings (publish, unpublish, show)."""

from __future__ import annotations

import argparse

from ..core.dates import format_datetime
from ..core.money import format_vnd
from ..core.sync import listing as listings
from ..core.sync.service import sync_now
from ..core.sync.state import open_conflicts, resolve_sku, sync_status
from .common import ExitCode, add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="đồng bộ với gian hàng / sync with the national store")
    p.add_argument("--server", help="địa chỉ máy chủ (được lưu) / store server URL (saved)")
    add_json_flag(p)
    p.set_defaults(handler=cmd_sync)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    s = actions.add_parser("status", help="việc chờ gửi, lần đồng bộ cuối, xung đột / pending, last sync, conflicts")
    add_json_flag(s)
    s.set_defaults(handler=cmd_status)
    s = actions.add_parser("conflicts", help="sản phẩm sửa cả ở đây và trên gian hàng / products edited here and on the store")
    add_json_flag(s)
    s.set_defaults(handler=cmd_conflicts)
    s = actions.add_parser("resolve", help="giải quyết xung đột / resolve a conflict")
    s.add_argument("sku")
    s.add_argument("--keep", required=True, choices=("local", "store"),
                   help="local: giữ bản ở máy này / this computer's copy; store: lấy bản trên gian hàng / the store's copy")
    add_json_flag(s)
    s.set_defaults(handler=cmd_resolve)

    lp = sub.add_parser("listing", help="tin đăng trên gian hàng / store listings").add_subparsers(dest="action", metavar="ACTION")
    lp.required = True
    p = lp.add_parser("publish", help="đăng bán / publish")
    p.add_argument("sku")
    p.add_argument("--price", help="giá đăng (đồng) / listing price (VND)")
    p.add_argument("--sale-price")
    p.add_argument("--force", action="store_true", help="gửi dù kiểm tra không đạt / send even if checks fail")
    add_json_flag(p)
    p.set_defaults(handler=cmd_publish, active=True)
    p = lp.add_parser("unpublish", help="ngừng đăng bán / unpublish")
    p.add_argument("sku")
    add_json_flag(p)
    p.set_defaults(handler=cmd_publish, active=False, price=None, sale_price=None, force=True)
    p = lp.add_parser("show", help="xem tin đăng / show a listing")
    p.add_argument("sku")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)


def cmd_sync(args) -> int:
    db = open_db(args)
    report = sync_now(db, args.server)
    pushed = ", ".join(f"{k} {v}" for k, v in report.pushed.items() if v) or "không có gì"
    pulled = ", ".join(f"{k} {v}" for k, v in report.pulled.items() if v) or "không có gì"
    lines = [f"Đã gửi: {pushed}", f"Đã nhận: {pulled}", f"Còn chờ gửi: {report.pending}"]
    if report.conflicts:
        lines.append(f"Xung đột cần xử lý: {report.conflicts}")
    if report.offline:
        lines.append("Đang ngoại tuyến — sẽ đồng bộ khi có mạng.")
    elif report.error:
        lines.append(f"Lỗi: {report.error}")
    for failure in report.failed[:20]:
        lines.append(f"  ! {failure['kind']} {failure['key']}: {failure['error']}")
    emit(args, report, "\n".join(lines))
    return ExitCode.OK if report.ok else ExitCode.INCOMPLETE


def cmd_status(args) -> int:
    status = sync_status(open_db(args))
    last = format_datetime(status.last_sync_at) or "chưa bao giờ"
    emit(args, status, f"Máy chủ: {status.server_url or '-'}\nChờ gửi: {status.pending}\n"
                       f"Đồng bộ lần cuối: {last}\nXung đột: {len(status.conflicts)}")
    return 0


def cmd_conflicts(args) -> int:
    conflicts = open_conflicts(open_db(args))
    lines = [f"Xung đột: {len(conflicts)}"] if conflicts else ["Không có xung đột."]
    for c in conflicts:
        lines.append(f"{c.sku}: khác nhau ở {', '.join(c.differing_fields)}")
        lines += [f"  {name}: máy này {_shown(name, c.local.get(name))} | gian hàng {_shown(name, c.remote.get(name))}"
                  for name in c.differing_fields]
    if conflicts:
        lines.append("Giải quyết: gianhang sync resolve SKU --keep local|store")
    emit(args, conflicts, "\n".join(lines))
    return 0


def _shown(field: str, value) -> str:
    if field == "price" and isinstance(value, int):
        return format_vnd(value)
    return "-" if value in (None, "", []) else str(value)


def cmd_resolve(args) -> int:
    db = open_db(args)
    sku = resolve_sku(db, args.sku, args.keep).value
    word = "giữ bản ở máy này" if args.keep == "local" else "lấy bản trên gian hàng"
    emit(args, {"sku": sku, "keep": args.keep, "pending": sync_status(db).pending},
         f"Đã giải quyết {sku}: {word}; sẽ gửi ở lần đồng bộ tới.")
    return 0


def cmd_publish(args) -> int:
    view, _ = listings.save_listing(open_db(args), args.sku, active=args.active, price=args.price,
                                    sale_price=args.sale_price, force=args.force)
    word = "đăng bán" if args.active else "ngừng đăng"
    emit(args, view, f"Đã ghi {word} {view.sku} giá {format_vnd(view.price)}; sẽ gửi ở lần đồng bộ tới.")
    return 0


def cmd_show(args) -> int:
    view = listings.get_listing(open_db(args), args.sku)
    lines = [f"{view.sku} — {view.name}: {view.status} ({'đang bán' if view.live else 'chưa bán'}) giá {view.price}"]
    lines += [f"  ! {r.get('message', r.get('code'))}" for r in view.reasons]
    lines += [f"  ? {r.message.text()}" for r in view.checks]
    emit(args, view, "\n".join(lines))
    return 0
