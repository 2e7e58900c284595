"""Customer commands: the list, one customer with history and debts, debt payments, import and export."""

from __future__ import annotations

import argparse

from ..core.customers import io, service
from ..core.i18n import msg
from ..core.money import format_vnd
from ..core.phone import format_phone
from .common import add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("customer", help="khách hàng và công nợ / customers and debts").add_subparsers(
        dest="action", metavar="ACTION")
    c.required = True

    p = c.add_parser("list", help="danh sách khách hàng / list customers")
    p.add_argument("--search", default="", help="tên hoặc số điện thoại / name or phone")
    p.add_argument("--owing", action="store_true", help="chỉ khách đang nợ / only customers who owe")
    p.add_argument("--order", default="name", choices=["name", "debt", "spent", "recent"])
    p.add_argument("--limit", type=int)
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = c.add_parser("show", help="lịch sử mua và công nợ / history and debts")
    p.add_argument("phone")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)

    p = c.add_parser("pay", help="khách trả nợ / the customer pays what they owe")
    p.add_argument("phone")
    p.add_argument("amount", metavar="VND")
    p.add_argument("--fund", default="cash", help="cash (tiền mặt) hoặc bank (chuyển khoản)")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(handler=cmd_pay)

    p = c.add_parser("add", help="thêm hoặc sửa khách hàng / add or change a customer")
    p.add_argument("phone")
    p.add_argument("--name")
    p.add_argument("--address")
    p.add_argument("--email")
    p.add_argument("--note")
    add_json_flag(p)
    p.set_defaults(handler=cmd_add)

    p = c.add_parser("import", help="nhập khách hàng từ Excel/CSV / import customers")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi / check only")
    p.add_argument("--keep-old-numbers", dest="new_numbers", action="store_false",
                   help="không tự đổi số di động 11 số cũ sang số mới mà báo lỗi / refuse old 11-digit mobile "
                        "numbers instead of converting them")
    add_json_flag(p)
    p.set_defaults(handler=cmd_import)

    p = c.add_parser("export", help="xuất khách hàng ra Excel/CSV / export customers")
    p.add_argument("file")
    add_json_flag(p)
    p.set_defaults(handler=cmd_export)


def cmd_list(args) -> int:
    rows = service.list_customers(open_db(args), args.search, owing=args.owing, order=args.order, limit=args.limit)
    emit(args, rows, "\n".join(f"{format_phone(r.phone)}\t{r.name}\t{format_vnd(r.spent)}\t"
                               + msg("nợ {d}", "owes {d}", d=format_vnd(r.debt)).text() for r in rows))
    return 0


def cmd_show(args) -> int:
    detail = service.customer_detail(open_db(args), args.phone)
    r = detail.row
    lines = [f"{r.name} — {format_phone(r.phone)}", msg("Đã mua {n} lần, {s}; đang nợ {d}",
                                                         "Bought {n} times, {s}; owes {d}", n=r.purchases,
                                                         s=format_vnd(r.spent), d=format_vnd(r.debt)).text()]
    lines += [f"  {h.at:%d/%m/%Y}  {h.code}  {format_vnd(h.amount)}  {h.status}" for h in detail.history[:20]]
    emit(args, detail, "\n".join(lines))
    return 0


def cmd_pay(args) -> int:
    paid, _ = service.pay_debt(open_db(args), args.phone, args.amount, fund=args.fund, note=args.note)
    emit(args, paid, msg("Đã thu {amount} của {phone} ({voucher}); còn nợ {debt}",
                         "Received {amount} from {phone} ({voucher}); still owes {debt}",
                         amount=format_vnd(paid.amount), phone=format_phone(paid.phone), voucher=paid.voucher,
                         debt=format_vnd(paid.debt_after)).text())
    return 0


def cmd_add(args) -> int:
    row, _ = service.save_customer(open_db(args), args.phone, name=args.name, address=args.address, email=args.email,
                                   note=args.note)
    emit(args, row, msg("Đã lưu khách hàng {phone}", "Customer {phone} saved", phone=format_phone(row.phone)).text())
    return 0


def cmd_import(args) -> int:
    report = io.import_customers(open_db(args), args.file, dry_run=args.dry_run, new_numbers=args.new_numbers)
    lines = [msg("{verb}: {rows} dòng — {new} mới, {upd} cập nhật, {same} không đổi, {bad} lỗi",
                 "{verb_en}: {rows} rows — {new} new, {upd} updated, {same} unchanged, {bad} errors",
                 verb="Kiểm tra thử" if report.dry_run else "Đã nhập", verb_en="Dry run" if report.dry_run else "Imported",
                 rows=report.rows, new=report.created, upd=report.updated, same=report.unchanged,
                 bad=len(report.errors)).text()]
    lines += [msg("  Dòng {row}, cột {col}: {text}", "  Row {row}, column {col}: {text}", row=e.row, col=e.column,
                  text=e.message.text()).text() for e in report.errors]
    lines += [msg("  Lưu ý dòng {row}, cột {col}: {text}", "  Note, row {row}, column {col}: {text}", row=n.row,
                  col=n.column, text=n.message.text()).text() for n in report.notes]
    emit(args, report, "\n".join(lines))
    return 0


def cmd_export(args) -> int:
    count = io.export_customers(open_db(args), args.file)
    emit(args, {"file": args.file, "rows": count},
         msg("Đã xuất {n} khách hàng vào {file}", "Exported {n} customers to {file}", n=count, file=args.file).text())
    return 0
