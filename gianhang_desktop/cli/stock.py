"""Stock commands: receive, adjust, move between warehouses, show balances, ledger history."""

from __future__ import annotations

import argparse

from ..core.stock import service
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
    add_json_flag(p)
    p.set_defaults(handler=cmd_receive)

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
    mv, _ = service.receive_stock(open_db(args), args.sku, args.qty, warehouse=args.warehouse, lot=args.lot,
                                  expiry=args.expiry, harvest=args.harvest, reason=args.reason)
    emit(args, mv, f"Đã nhập {mv.quantity} {mv.sku} vào {mv.warehouse}" + (f" (lô {mv.lot})" if mv.lot else ""))
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
            expiry = f" HSD {lot.expiry_date:%d/%m/%Y}" if lot.expiry_date else ""
            lines.append(f"    lô {lot.lot or '-'}{expiry}: {lot.on_hand}")
    emit(args, report, "\n".join(lines))
    return 0


def cmd_history(args) -> int:
    rows = service.movements(open_db(args), args.sku, limit=max(1, args.limit))
    emit(args, rows, "\n".join(
        f"{m.created_at.astimezone():%d/%m/%Y %H:%M}\t{m.kind}\t{m.quantity:+d}\t{m.warehouse}\t{m.lot or '-'}\t{m.reason}"
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
