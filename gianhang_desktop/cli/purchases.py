"""Purchase commands: receive goods from a supplier at their cost (nhập hàng); the suppliers."""

from __future__ import annotations

import argparse

from ..core.errors import ValidationError
from ..core.i18n import msg
from ..core.money import format_vnd
from ..core.purchases import service
from .common import add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("purchase", help="nhập hàng từ nhà cung cấp / purchase receipts").add_subparsers(
        dest="action", metavar="ACTION")
    p.required = True
    a = p.add_parser("add", help="lập phiếu nhập / receive goods")
    a.add_argument("--supplier", required=True, metavar="NAME")
    a.add_argument("--item", action="append", required=True, metavar="SKU:QTY:COST",
                   help="mã, số lượng, giá vốn một đơn vị; lặp lại cho nhiều dòng / repeat for more lines")
    a.add_argument("--lot", help="lô cho mọi dòng / the lot of every line")
    a.add_argument("--expiry", help="hạn sử dụng dd/mm/yyyy / expiry date")
    a.add_argument("--harvest", help="ngày thu hoạch / sản xuất")
    a.add_argument("--warehouse")
    a.add_argument("--paid", help="đã trả (mặc định: toàn bộ) / amount paid now (default: all)")
    a.add_argument("--fund", default="cash", help="trả từ cash (tiền mặt) hoặc bank / paid from")
    a.add_argument("--supplier-phone", default="")
    a.add_argument("--note", default="")
    add_json_flag(a)
    a.set_defaults(handler=cmd_add)

    s = sub.add_parser("supplier", help="nhà cung cấp / suppliers").add_subparsers(dest="action", metavar="ACTION")
    s.required = True
    a = s.add_parser("list")
    add_json_flag(a)
    a.set_defaults(handler=cmd_suppliers)


def parse_item(text: str) -> service.PurchaseItem:
    parts = [part.strip() for part in text.split(":")]
    if len(parts) != 3 or not all(parts):
        raise ValidationError("item", msg("Dòng nhập '{value}' phải có dạng SKU:SỐ_LƯỢNG:GIÁ_VỐN",
                                          "Item '{value}' must be SKU:QTY:COST", value=text))
    return service.PurchaseItem(parts[0], parts[1], parts[2])


def cmd_add(args) -> int:
    view, _ = service.add_purchase(
        open_db(args), args.supplier, [parse_item(text) for text in args.item], warehouse=args.warehouse,
        lot=args.lot, expiry=args.expiry, harvest=args.harvest, paid=args.paid, fund=args.fund,
        supplier_phone=args.supplier_phone, note=args.note)
    emit(args, view, msg("Đã nhập {code} từ {supplier}: {total}, đã trả {paid}",
                         "Received {code} from {supplier}: {total}, paid {paid}", code=view.code,
                         supplier=view.supplier, total=format_vnd(view.total), paid=format_vnd(view.paid)).text())
    return 0


def cmd_suppliers(args) -> int:
    rows = service.suppliers(open_db(args))
    emit(args, rows, "\n".join(f"{r.name}\t{r.phone}\t{format_vnd(r.bought)}\t"
                               + msg("nợ {d}", "owed {d}", d=format_vnd(r.debt)).text() for r in rows))
    return 0
