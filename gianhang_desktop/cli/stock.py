"""Stock commands: receive, adjust, move between warehouses, show balances, ledger history."""

from __future__ import annotations

import argparse

from ..core import clock
from ..core.dates import format_datetime
from ..core.errors import ValidationError
from ..core.i18n import msg
from ..core.money import format_vnd
from ..core.stock import expiry, service
from .common import add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    stock = sub.add_parser("stock", help="kho hàng / stock").add_subparsers(dest="action", metavar="ACTION")
    stock.required = True

    p = stock.add_parser("receive", help="nhập kho / receive goods")
    p.add_argument("sku")
    p.add_argument("qty")
    p.add_argument("--warehouse")
    p.add_argument("--lot")
    p.add_argument("--expiry", help="hạn sử dụng YYYY-MM-DD hoặc dd/mm/yyyy")
    p.add_argument("--harvest", help="ngày thu hoạch / sản xuất")
    p.add_argument("--reason", default="")
    p.add_argument("--allow-expired", action="store_true",
                   help="ghi nhận hàng đã hết hạn (để hủy; không bao giờ được bán) / record expired goods for a write-off")
    add_json_flag(p)
    p.set_defaults(handler=cmd_receive)

    p = stock.add_parser("expired", help="các lô đã hết hạn còn trong kho / expired lots still in stock")
    p.add_argument("--sku", help="chỉ một sản phẩm / one product only")
    add_json_flag(p)
    p.set_defaults(handler=cmd_expired)

    p = stock.add_parser("write-off", help="hủy toàn bộ lô đã hết hạn / write off an expired lot")
    p.add_argument("sku")
    p.add_argument("--lot", required=True)
    p.add_argument("--warehouse", help="chỉ ở kho này (mặc định: mọi kho) / only in this warehouse")
    add_json_flag(p)
    p.set_defaults(handler=cmd_write_off)

    p = stock.add_parser("adjust", help="điều chỉnh tồn kho / adjust stock")
    p.add_argument("sku")
    p.add_argument("delta")
    p.add_argument("--reason", required=True)
    p.add_argument("--warehouse")
    p.add_argument("--lot")
    p.add_argument("--allow-negative", action="store_true", help="cho phép tồn âm (ghi rõ) / allow going below zero")
    add_json_flag(p)
    p.set_defaults(handler=cmd_adjust)

    p = stock.add_parser("move", help="chuyển kho / move between warehouses")
    p.add_argument("sku")
    p.add_argument("qty")
    p.add_argument("--from", dest="source", required=True)
    p.add_argument("--to", dest="target", required=True)
    p.add_argument("--lot")
    add_json_flag(p)
    p.set_defaults(handler=cmd_move)

    p = stock.add_parser("show", help="tồn kho theo kho và lô / on hand per warehouse and lot")
    p.add_argument("sku")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)

    p = stock.add_parser("history", help="thẻ kho / movement ledger")
    p.add_argument("sku")
    p.add_argument("--limit", type=int, default=100)
    add_json_flag(p)
    p.set_defaults(handler=cmd_history)

    wh = sub.add_parser("warehouse", help="kho / warehouses").add_subparsers(dest="action", metavar="ACTION")
    wh.required = True
    p = wh.add_parser("add")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--address", default="")
    add_json_flag(p)
    p.set_defaults(handler=cmd_warehouse_add)
    p = wh.add_parser("list")
    add_json_flag(p)
    p.set_defaults(handler=cmd_warehouse_list)


def cmd_receive(args) -> int:
    try:
        mv, _ = service.receive_stock(open_db(args), args.sku, args.qty, warehouse=args.warehouse, lot=args.lot,
                                      expiry=args.expiry, harvest=args.harvest, reason=args.reason,
                                      allow_expired=args.allow_expired)
    except service.ExpiredReceipt as error:
        raise ValidationError("expiry", msg(
            "--expiry {date:%d/%m/%Y}{lot_vi}: hàng đã hết hạn (hôm nay {today:%d/%m/%Y}), không nhập để bán; "
            "để ghi nhận hàng hết hạn (rồi hủy) thêm --allow-expired",
            "--expiry {date:%d/%m/%Y}{lot_en}: the goods have expired (today is {today:%d/%m/%Y}) and are not "
            "received for sale; to record expired goods (for a write-off) add --allow-expired",
            date=error.expiry, today=clock.today(), lot_vi=f" (lô {error.lot})" if error.lot else "",
            lot_en=f" (lot {error.lot})" if error.lot else "")) from None
    text = f"Đã nhập {mv.quantity} {mv.sku} vào {mv.warehouse}" + (f" (lô {mv.lot})" if mv.lot else "")
    if args.allow_expired and mv.lot:
        text += msg(" — hàng đã hết hạn: không bao giờ được bán, hãy hủy (stock write-off)",
                    " — expired goods: never sold, write them off (stock write-off)").text()
    emit(args, mv, text)
    return 0


def cmd_expired(args) -> int:
    rows = expiry.expired_lots(open_db(args), sku=args.sku)
    lines = [
        msg("{sku}\t{name}\tlô {lot}\tHSD {date:%d/%m/%Y} (quá {days} ngày)\t{wh}\t{qty} {unit}\t{value}",
            "{sku}\t{name}\tlot {lot}\texpiry {date:%d/%m/%Y} ({days} days ago)\t{wh}\t{qty} {unit}\t{value}",
            sku=r.sku, name=r.name, lot=r.lot, date=r.expiry_date, days=r.days_expired, wh=r.warehouse_name,
            qty=r.quantity, unit=r.unit, value=format_vnd(r.cost_value)).text()
        for r in rows
    ]
    if rows:
        lines.append(msg("Tổng: {n} lô, giá vốn {value}", "Total: {n} lots, at cost {value}", n=len(rows),
                         value=format_vnd(sum(r.cost_value for r in rows))).text())
    else:
        lines.append(msg("Không có lô nào đã hết hạn", "No expired lots").text())
    emit(args, rows, "\n".join(lines))
    return 0


def cmd_write_off(args) -> int:
    mvs, _ = expiry.write_off_expired(open_db(args), args.sku, args.lot, warehouse=args.warehouse)
    emit(args, mvs, msg("Đã hủy {qty} {sku} lô {lot} (hết hạn)", "Wrote off {qty} {sku} of lot {lot} (expired)",
                        qty=-sum(m.quantity for m in mvs), sku=mvs[0].sku, lot=mvs[0].lot).text())
    return 0


def cmd_adjust(args) -> int:
    mvs, _ = service.adjust_stock(open_db(args), args.sku, args.delta, reason=args.reason, warehouse=args.warehouse,
                                  lot=args.lot, allow_negative=args.allow_negative)
    emit(args, mvs, f"Đã điều chỉnh {sum(m.quantity for m in mvs):+d} {mvs[0].sku}")
    return 0


def cmd_move(args) -> int:
    mvs, _ = service.transfer_stock(open_db(args), args.sku, args.qty, source=args.source, target=args.target,
                                    lot=args.lot)
    moved = sum(m.quantity for m in mvs if m.kind == "transfer_in")
    emit(args, mvs, f"Đã chuyển {moved} {mvs[0].sku} từ {args.source} sang {args.target}")
    return 0


def cmd_show(args) -> int:
    report = service.stock_report(open_db(args), args.sku)
    lines = [f"{report.sku} — {report.name}: {report.on_hand} {report.unit}"]
    for wh in report.warehouses:
        lines.append(f"  {wh.name} ({wh.warehouse}): {wh.on_hand}")
        for lot in wh.lots:
            shelf = f" HSD {lot.expiry_date:%d/%m/%Y}" if lot.expiry_date else ""
            mark = {"expired": " — ĐÃ HẾT HẠN", "stop_selling": " — ngừng bán"}.get(lot.status, "")
            lines.append(f"    lô {lot.lot or '-'}{shelf}: {lot.on_hand}{mark}")
    emit(args, report, "\n".join(lines))
    return 0


def cmd_history(args) -> int:
    rows = service.movements(open_db(args), args.sku, limit=max(1, args.limit))
    emit(args, rows, "\n".join(
        f"{format_datetime(m.created_at)}\t{m.kind}\t{m.quantity:+d}\t{m.warehouse}\t{m.lot or '-'}\t{m.reason}"
        for m in rows))
    return 0


def cmd_warehouse_add(args) -> int:
    service.add_warehouse(open_db(args), args.code, args.name, args.address)
    emit(args, {"code": args.code.upper(), "name": args.name}, f"Đã thêm kho {args.code.upper()}")
    return 0


def cmd_warehouse_list(args) -> int:
    rows = service.warehouses(open_db(args))
    emit(args, [{"code": c, "name": n} for c, n in rows], "\n".join(f"{c}\t{n}" for c, n in rows))
    return 0
