"""Report commands: end of day, revenue and gross profit, stock in-out-balance, expiring stock, stock
health, top products and customers; each to JSON, to the screen, or to .xlsx / PDF with --out."""

from __future__ import annotations

import argparse

from ..core.i18n import msg
from ..core.reports import end_of_day, profit, stock_flow, stock_health
from ..core.reports.export import cell_text, export_report
from ..core.reports.tables import ReportDocument
from .common import add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("report", help="báo cáo / reports").add_subparsers(dest="action", metavar="REPORT")
    r.required = True

    p = r.add_parser("eod", help="báo cáo cuối ngày / end of day")
    p.add_argument("--date", help="ngày (mặc định hôm nay) / the day (default today)")
    _output(p, cmd_eod)

    p = r.add_parser("profit", help="doanh thu và lợi nhuận gộp / revenue and gross profit")
    _period(p)
    p.add_argument("--by", default="product", choices=list(profit.BY))
    _output(p, cmd_profit)

    p = r.add_parser("stock-flow", help="xuất - nhập - tồn / stock in-out-balance")
    _period(p)
    p.add_argument("--warehouse", help="mã hoặc tên kho (mặc định: tất cả) / one warehouse (default: all)")
    _output(p, cmd_stock_flow)

    p = r.add_parser("expiring", help="hàng sắp hết hạn và đã hết hạn / expiring and expired stock")
    p.add_argument("--days", type=int, default=30)
    _output(p, cmd_expiring)

    p = r.add_parser("health", help="tình trạng hàng tồn / stock health")
    p.add_argument("--days", type=int, default=30, help="sắp hết hạn trong N ngày / expiring within N days")
    p.add_argument("--slow-days", type=int, default=60, help="không bán trong N ngày / idle for N days")
    _output(p, cmd_health)

    p = r.add_parser("top", help="sản phẩm, khách hàng bán chạy / top products and customers")
    _period(p)
    p.add_argument("--by", default="product", choices=["product", "customer", "category", "channel"])
    p.add_argument("--metric", default="revenue", choices=list(profit.METRICS))
    p.add_argument("--limit", type=int, default=10)
    _output(p, cmd_top)


def _period(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", help="từ ngày dd/mm/yyyy hoặc YYYY-MM-DD / first day")
    p.add_argument("--to", dest="date_to", help="đến ngày (mặc định hôm nay) / last day (default today)")


def _output(p: argparse.ArgumentParser, handler) -> None:
    add_json_flag(p)
    p.add_argument("--out", help="lưu ra .xlsx hoặc .pdf / save to .xlsx or .pdf")
    p.set_defaults(handler=handler)


def _finish(args, report, document: ReportDocument) -> int:
    if args.out:
        path = export_report(document, args.out)
        if not args.json:
            print(msg("Đã lưu báo cáo vào {path}", "Report saved to {path}", path=path).text())
            return 0
    emit(args, report, as_text(document))
    return 0


def as_text(document: ReportDocument) -> str:
    """A report as plain text columns (tab separated), for the terminal."""
    lines = [document.title, document.subtitle]
    for table in document.tables:
        if len(document.tables) > 1:
            lines += ["", table.title]
        lines.append("\t".join(c.header for c in table.columns))
        for row in (*table.rows, *((table.total,) if table.total else ())):
            lines.append("\t".join(cell_text(v, c.kind) for v, c in zip(row, table.columns, strict=False)))
    return "\n".join(lines)


def cmd_eod(args) -> int:
    report = end_of_day.end_of_day(open_db(args), args.date)
    return _finish(args, report, report.document())


def cmd_profit(args) -> int:
    report = profit.profit_report(open_db(args), args.date_from, args.date_to, by=args.by)
    return _finish(args, report, report.document())


def cmd_stock_flow(args) -> int:
    report = stock_flow.stock_flow(open_db(args), args.date_from, args.date_to, warehouse=args.warehouse)
    return _finish(args, report, report.document())


def cmd_expiring(args) -> int:
    report = stock_health.expiring_report(open_db(args), args.days)
    return _finish(args, report, report.document())


def cmd_health(args) -> int:
    report = stock_health.stock_health(open_db(args), args.days, args.slow_days)
    return _finish(args, report, report.document())


def cmd_top(args) -> int:
    report = profit.top(open_db(args), args.date_from, args.date_to, by=args.by, metric=args.metric, limit=args.limit)
    return _finish(args, report, report.document())
