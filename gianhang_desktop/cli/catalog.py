"""Commands for the catalogue: init, demo, product add/update/show/list/archive, search."""

from __future__ import annotations

import argparse

from ..core import demo
from ..core.catalog import search, service
from ..core.money import format_vnd
from .common import add_json_flag, emit, open_db

# CLI option -> product field, for add and update.
FIELD_OPTIONS = {
    "name": "--name", "price": "--price", "unit": "--unit", "barcode": "--barcode", "weight_g": "--weight-g",
    "category": "--category", "description": "--description", "cost": "--cost", "ocop_stars": "--ocop",
    "province_code": "--province", "ward_code": "--ward", "low_stock_threshold": "--low-stock",
    "bin_location": "--location", "stop_selling_days": "--stop-selling-days",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="tạo thư mục dữ liệu và cơ sở dữ liệu / create the data folder")
    add_json_flag(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="tạo dữ liệu mẫu / load demo data")
    p.add_argument("--products", type=int, default=200, metavar="N")
    p.add_argument("--seed", type=int, default=2026)
    add_json_flag(p)
    p.set_defaults(handler=cmd_demo)

    product = sub.add_parser("product", help="sản phẩm / products").add_subparsers(dest="action", metavar="ACTION")
    product.required = True
    p = product.add_parser("add", help="thêm sản phẩm / add a product")
    p.add_argument("--sku", required=True)
    _field_options(p, required=("name", "price"))
    add_json_flag(p)
    p.set_defaults(handler=cmd_add)

    p = product.add_parser("update", help="sửa sản phẩm / change a product")
    p.add_argument("sku")
    _field_options(p)
    p.add_argument("--expected-version", type=int, metavar="N",
                   help="chỉ lưu nếu vẫn là phiên bản N (xem 'product show') / save only if still version N")
    add_json_flag(p)
    p.set_defaults(handler=cmd_update)

    p = product.add_parser("show", help="xem sản phẩm / show a product")
    p.add_argument("sku")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)

    p = product.add_parser("list", help="danh sách sản phẩm / list products")
    p.add_argument("--all", action="store_true", help="kể cả đã lưu trữ / include archived")
    p.add_argument("--category")
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = product.add_parser("rename", help="đổi mã SKU / change a product's SKU")
    p.add_argument("sku", help="mã hiện tại / the current SKU")
    p.add_argument("new_sku", help="mã mới / the new SKU")
    add_json_flag(p)
    p.set_defaults(handler=cmd_rename)

    p = product.add_parser("archive", help="lưu trữ (ngừng bán) / archive")
    p.add_argument("sku")
    add_json_flag(p)
    p.set_defaults(handler=cmd_archive)

    p = sub.add_parser("search", help="tìm sản phẩm (gõ không dấu được) / search products")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--all", action="store_true", help="kể cả đã lưu trữ / include archived")
    add_json_flag(p)
    p.set_defaults(handler=cmd_search)


FIELD_HELP = {
    "stop_selling_days": "ngừng bán N ngày trước hạn sử dụng (mặc định 0) / stop selling N days before expiry",
}


def _field_options(p: argparse.ArgumentParser, required: tuple[str, ...] = ()) -> None:
    for field, option in FIELD_OPTIONS.items():
        p.add_argument(option, dest=field, required=field in required, default=None, help=FIELD_HELP.get(field))


def _given_fields(args: argparse.Namespace) -> dict:
    return {f: getattr(args, f) for f in FIELD_OPTIONS if getattr(args, f, None) is not None}


def cmd_init(args) -> int:
    db = open_db(args)
    emit(args, {"data_dir": str(db.data_dir), "database": db.where}, f"Đã sẵn sàng: {db.data_dir}")
    return 0


def cmd_demo(args) -> int:
    from ..core.errors import ValidationError
    from ..core.i18n import msg

    if args.products < 0 or args.products > 1_000_000:
        raise ValidationError("products", msg("Số sản phẩm mẫu phải từ 0 đến 1.000.000",
                                              "Demo products must be between 0 and 1,000,000"))
    db = open_db(args)
    result = demo.build_demo(db, args.products, seed=args.seed)
    emit(args, {"products": result.products, "lots": result.lots},
         f"Đã tạo {result.products} sản phẩm mẫu với {result.lots} lô hàng")
    return 0


def cmd_add(args) -> int:
    fields = _given_fields(args)
    name, price = fields.pop("name"), fields.pop("price")
    view, _ = service.add_product(open_db(args), args.sku, name, price, **fields)
    emit(args, view, f"Đã thêm {view.sku}: {view.name} ({format_vnd(view.price)})")
    return 0


def cmd_update(args) -> int:
    view, changes = service.update_product(open_db(args), args.sku, expected_version=args.expected_version,
                                           **_given_fields(args))
    text = f"Đã cập nhật {view.sku} (phiên bản {view.version})" if changes else f"{view.sku}: không có gì thay đổi"
    emit(args, view, text)
    return 0


def cmd_show(args) -> int:
    view = service.get_product(open_db(args), args.sku)
    emit(args, view, _describe(view))
    return 0


def cmd_list(args) -> int:
    views = service.list_products(open_db(args), include_archived=args.all, category=args.category)
    emit(args, views, "\n".join(f"{v.sku}\t{v.name}\t{format_vnd(v.price)}\t{v.on_hand} {v.unit}" for v in views))
    return 0


def cmd_rename(args) -> int:
    from ..core.catalog.rename import rename_sku

    view, changes = rename_sku(open_db(args), args.sku, args.new_sku)
    emit(args, view, f"Đã đổi mã SKU thành {view.sku}" if changes else f"{view.sku}: không có gì thay đổi")
    return 0


def cmd_archive(args) -> int:
    view, _ = service.archive_product(open_db(args), args.sku)
    emit(args, view, f"Đã lưu trữ {view.sku}")
    return 0


def cmd_search(args) -> int:
    hits = search.search_products(open_db(args), args.query, limit=max(1, min(args.limit, 1000)),
                                  include_archived=args.all)
    emit(args, hits, "\n".join(f"{h.sku}\t{h.name}\t{format_vnd(h.price)}\t{h.stock}" for h in hits))
    return 0


def _describe(v) -> str:
    lines = [
        f"{v.sku} — {v.name}",
        f"Giá: {format_vnd(v.price)}   Đơn vị: {v.unit}   Tồn kho: {v.on_hand}",
        f"Danh mục: {v.category or '-'}   Mã vạch: {v.barcode or '-'}   Khối lượng: {v.weight_g or '-'} g",
        f"Trạng thái: {'đang bán' if v.status == 'active' else 'đã lưu trữ'}   Phiên bản: {v.version}",
    ]
    if v.stop_selling_days:
        lines.append(f"Ngừng bán {v.stop_selling_days} ngày trước hạn sử dụng")
    return "\n".join(lines)
