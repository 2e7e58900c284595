"""Cash book commands (sổ quỹ): the vouchers and day balances of a period, a voucher by hand."""

from __future__ import annotations

import argparse

from ..core.cashbook import service
from ..core.i18n import msg
from ..core.money import format_vnd
from .common import add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("cash", help="sổ quỹ / cash book").add_subparsers(dest="action", metavar="ACTION")
    c.required = True

    p = c.add_parser("list", help="phiếu thu chi và số dư từng ngày / vouchers and day balances")
    p.add_argument("--from", dest="date_from", help="từ ngày (mặc định hôm nay) / first day")
    p.add_argument("--to", dest="date_to", help="đến ngày (mặc định hôm nay) / last day")
    p.add_argument("--fund", choices=["cash", "bank"], help="chỉ một quỹ / one fund only")
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = c.add_parser("add", help="lập phiếu thu (in) hoặc phiếu chi (out) / write a voucher")
    p.add_argument("direction", choices=["in", "out"])
    p.add_argument("amount", metavar="VND")
    p.add_argument("--reason", required=True, help="lý do / what for")
    p.add_argument("--fund", default="cash", help="cash (tiền mặt) hoặc bank (ngân hàng)")
    p.add_argument("--category", help=", ".join(service.CATEGORIES))
    add_json_flag(p)
    p.set_defaults(handler=cmd_add)


def cmd_list(args) -> int:
    book = service.cash_book(open_db(args), args.date_from, args.date_to, fund=args.fund)
    lines = [msg("Đầu kỳ {a} — thu {b} — chi {c} — cuối kỳ {d}", "Opening {a} — in {b} — out {c} — closing {d}",
                 a=format_vnd(book.opening), b=format_vnd(book.money_in), c=format_vnd(book.money_out),
                 d=format_vnd(book.closing)).text()]
    lines += [f"{e.day:%d/%m/%Y}\t{e.code}\t{'+' if e.direction == 'in' else '-'}{format_vnd(e.amount)}\t{e.fund}\t"
              f"{e.category_label}\t{e.reason}" for e in book.entries]
    emit(args, book, "\n".join(lines))
    return 0


def cmd_add(args) -> int:
    entry, _ = service.add_entry(open_db(args), args.direction, args.amount, reason=args.reason, fund=args.fund,
                                 category=args.category)
    emit(args, entry, msg("Đã lập phiếu {code}: {amount}", "Voucher {code}: {amount}", code=entry.code,
                          amount=format_vnd(entry.amount)).text())
    return 0
