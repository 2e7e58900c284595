"""Couriers on the command line: `carrier add|list|remove` and `ship quote|create|label|track|cancel|
cod-report|receive|remit`. Secrets are never arguments: `carrier add` reads them as JSON on stdin."""

from __future__ import annotations

import argparse
import json
import sys

from ..core.catalog.validation import parse_date
from ..core.errors import ValidationError
from ..core.i18n import current_language, msg
from ..core.money import format_vnd, parse_vnd
from ..core.shipping import accounts, cod, labels, quotes, service, tracking
from ..core.shipping.parcels import ShipOptions
from ..core.shipping.registry import CARRIERS
from .common import ExitCode, add_json_flag, emit, error_line, open_db, print_json


def register(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("carrier", help="tài khoản vận chuyển / carrier accounts").add_subparsers(
        dest="action", metavar="ACTION")
    c.required = True
    p = c.add_parser("add", help="thêm tài khoản GHN, GHTK, Viettel Post, VNPost")
    p.add_argument("carrier", choices=list(CARRIERS))
    p.add_argument("--name", required=True)
    p.add_argument("--base-url", help="địa chỉ khác (ví dụ máy giả lập) / another address")
    p.add_argument("--credentials-stdin", action="store_true", required=True,
                   help="đọc thông tin đăng nhập (JSON) từ stdin / read credentials JSON from stdin")
    add_json_flag(p)
    p.set_defaults(handler=cmd_carrier_add)
    p = c.add_parser("list")
    add_json_flag(p)
    p.set_defaults(handler=cmd_carrier_list)
    p = c.add_parser("remove")
    p.add_argument("name")
    p.set_defaults(handler=cmd_carrier_remove)

    s = sub.add_parser("ship", help="gửi vận chuyển / ship with a carrier").add_subparsers(dest="action",
                                                                                        metavar="ACTION")
    s.required = True
    p = s.add_parser("quote", help="phí và thời gian của mọi hãng / every carrier's fee and ETA")
    p.add_argument("code")
    p.add_argument("--carrier", action="append", help="chỉ hỏi tài khoản này / only this account")
    _parcel_options(p)
    add_json_flag(p)
    p.set_defaults(handler=cmd_quote)
    p = s.add_parser("create", help="tạo vận đơn / create waybills")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument("--carrier", required=True)
    p.add_argument("--service")
    p.add_argument("--old-ward", type=int, metavar="N", help="phường/xã cũ thứ N (khi hãng cần địa chỉ cũ)")
    _parcel_options(p)
    add_json_flag(p)
    p.set_defaults(handler=cmd_create)
    p = s.add_parser("label", help="nhãn của hãng (PDF) / the carrier's labels")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument("--out", required=True)
    p.add_argument("--size", help="A5, A6, 80x80, 52x70")
    add_json_flag(p)
    p.set_defaults(handler=cmd_label)
    p = s.add_parser("track", help="cập nhật trạng thái / poll statuses")
    p.add_argument("codes", nargs="*", metavar="CODE")
    add_json_flag(p)
    p.set_defaults(handler=cmd_track)
    p = s.add_parser("cancel", help="hủy vận đơn / cancel the waybill")
    p.add_argument("code")
    p.set_defaults(handler=cmd_cancel)
    p = s.add_parser("cod-report", help="đối soát COD / COD reconciliation")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument("--out", help="tệp .xlsx / .xlsx file")
    add_json_flag(p)
    p.set_defaults(handler=cmd_cod_report)
    p = s.add_parser("receive", help="đã nhận lại hàng hoàn / the returned parcel was received")
    p.add_argument("code")
    p.add_argument("--reason", default="")
    p.set_defaults(handler=cmd_receive)
    p = s.add_parser("remit", help="ghi số tiền COD hãng đã chuyển / record a COD remittance")
    p.add_argument("code")
    p.add_argument("--amount", required=True)
    p.add_argument("--date", required=True)
    p.set_defaults(handler=cmd_remit)


def _parcel_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--drop-off", action="store_true", help="gửi tại bưu cục (mặc định: hãng đến lấy)")
    p.add_argument("--weight", type=int, metavar="GRAM")
    p.add_argument("--size-cm", metavar="DxRxC", help="dài x rộng x cao (cm)")
    p.add_argument("--insured", help="giá trị khai giá / insured value")
    p.add_argument("--cod", help="tiền thu hộ / cash on delivery")
    p.add_argument("--note", default="")


def _options(args) -> ShipOptions:
    dims = (None, None, None)
    if getattr(args, "size_cm", None):
        try:
            dims = tuple(int(x) for x in args.size_cm.lower().replace("×", "x").split("x"))
            assert len(dims) == 3
        except (ValueError, AssertionError):
            raise ValidationError("size_cm", msg("Kích thước phải là DxRxC (cm), ví dụ 30x20x10",
                                                 "Size must be LxWxH (cm), e.g. 30x20x10")) from None
    return ShipOptions(
        service=getattr(args, "service", None), pickup=not args.drop_off, weight_g=args.weight,
        length_cm=dims[0], width_cm=dims[1], height_cm=dims[2],
        insured_value=parse_vnd(args.insured, "insured") if args.insured else None,
        cod_amount=parse_vnd(args.cod, "cod") if args.cod else None, note=args.note,
        old_ward=getattr(args, "old_ward", None))


def cmd_carrier_add(args) -> int:
    raw = sys.stdin.read()
    try:
        given = json.loads(raw)
    except ValueError:
        raise ValidationError("credentials", msg("Thông tin đăng nhập trên stdin không phải JSON hợp lệ",
                                                 "The credentials on stdin are not valid JSON")) from None
    view, _changes = accounts.add_account(open_db(args), args.carrier, args.name, given, base_url=args.base_url)
    emit(args, view, f"Đã thêm tài khoản {view.display_name} “{view.name}”")
    return 0


def cmd_carrier_list(args) -> int:
    rows = accounts.list_accounts(open_db(args))
    emit(args, rows, "\n".join(f"{r.name}\t{r.display_name}\t{r.open_shipments}" for r in rows))
    return 0


def cmd_carrier_remove(args) -> int:
    accounts.remove_account(open_db(args), args.name)
    print(f"Đã xóa tài khoản vận chuyển “{args.name}”")
    return 0


def cmd_quote(args) -> int:
    result = quotes.quote_order(open_db(args), args.code, _options(args), accounts=args.carrier)
    lines = [f"{q.carrier}\t{q.service}\t{q.service_name}\t{format_vnd(q.fee)}\t{q.eta_text or '—'}"
             for q in result.quotes]
    lines += [f"{name}: {text}" for name, text in result.errors.items()]
    emit(args, result, "\n".join(lines))
    return 0 if result.quotes else 2


def cmd_create(args) -> int:
    results, _changes = service.create_shipments(open_db(args), args.codes, args.carrier, _options(args))
    failed = [r for r in results if r.error]
    if args.json:
        print_json(results)
    else:
        for r in results:
            if not r.error:
                print(f"{r.order_code}\t{r.tracking_code}")
    prefix = "Error" if current_language() == "en" else "Lỗi"
    for r in failed:
        where = f" [{r.field}]" if r.field else ""
        print(f"{prefix}{where}: {r.order_code}: {' '.join(r.error.splitlines())}", file=sys.stderr)
    return ExitCode.BAD_INPUT if failed else ExitCode.OK


def cmd_label(args) -> int:
    size = labels.parse_size(args.size)
    with open(args.out, "wb") as out:
        job = labels.carrier_labels(open_db(args), args.codes, out, size=size)
    emit(args, job, f"Đã ghi {job.pages} trang nhãn vào {args.out}")
    return 0


def cmd_track(args) -> int:
    report = tracking.poll(open_db(args), args.codes or None)
    lines = [f"{r.order_code}\t{r.carrier}\t{r.tracking_code or '—'}\t{r.status_label}" for r in report.rows]
    emit(args, report, "\n".join(lines))
    for name, text in report.errors.items():
        print(error_line(ValidationError("carrier", msg("{n}: {t}", "{n}: {t}", n=name, t=text))), file=sys.stderr)
    return 0


def cmd_cancel(args) -> int:
    service.cancel_shipment(open_db(args), args.code)
    print(f"Đã hủy vận đơn của đơn {args.code}")
    return 0


def cmd_cod_report(args) -> int:
    start, end = parse_date("from", args.date_from), parse_date("to", args.date_to)
    report = cod.cod_report(open_db(args), start, end)
    if args.out:
        count = cod.export_cod_report(report, args.out, current_language())
        if not args.json:
            print(f"Đã ghi {count} dòng vào {args.out}")
    if args.json:
        print_json(report)
    elif not args.out:
        for r in report.rows:
            print(f"{r.order_code}\t{r.carrier}\t{format_vnd(r.cod_amount)}\t"
                  f"{format_vnd(r.cod_remitted) if r.cod_remitted is not None else '—'}\t{r.state.value}")
    return 0


def cmd_receive(args) -> int:
    tracking.receive_return(open_db(args), args.code, reason=args.reason)
    print(f"Đã nhận lại hàng hoàn của đơn {args.code}: hàng đã về kho")
    return 0


def cmd_remit(args) -> int:
    cod.record_remittance(open_db(args), args.code, parse_vnd(args.amount, "amount"), parse_date("date", args.date))
    print(f"Đã ghi tiền hãng chuyển cho đơn {args.code}")
    return 0
