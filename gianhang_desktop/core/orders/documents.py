"""Paper for orders: shipping labels, pick lists and packing slips built from the database."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import BinaryIO

from sqlalchemy import select

from .. import clock
from ..catalog.models import Product
from ..database import Database
from ..errors import Conflict, ValidationError
from ..i18n import msg
from ..labels.layout import DEFAULT_SIZE, SIZES, LabelData
from ..labels.pdf import render_labels
from ..labels.picklist import PackingSlip, SlipItem, render_packing_slips, render_pick_list
from ..labels.zpl import BITMAP, render_zpl
from ..phone import format_phone
from ..regions import full_address
from ..shop import get_shop
from ..stock.models import Warehouse
from ..stock.sellable import sellable_lots
from .picking import Demand, LotStock, PickLine, ProductPlace, plan_picks
from .service import get_order_row, order_view
from .states import OrderStatus
from .views import OrderView

PICKABLE = frozenset({OrderStatus.UNPAID, OrderStatus.PAID, OrderStatus.CONFIRMED, OrderStatus.PACKED})


def _unique(codes: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for code in codes:
        seen.setdefault(code.strip(), None)
    if not seen:
        raise ValidationError("codes", msg("Chưa chọn đơn hàng nào", "No order selected"))
    return list(seen)


def _sender(db: Database):
    shop = get_shop(db)
    if not shop.is_complete:
        raise ValidationError("shop", msg(
            "Chưa có thông tin cửa hàng (tên, số điện thoại, địa chỉ) để in làm người gửi",
            "The shop profile (name, phone, address) is needed as the sender"))
    return shop


def order_views(db: Database, codes: Sequence[str]) -> list[OrderView]:
    """The orders of `codes`, in that order.

    Raises:
        NotFound: one of `codes` is no order.
    """
    with db.read_session() as session:
        return [order_view(session, get_order_row(session, code)) for code in _unique(codes)]


def label_for(view: OrderView, shop, day: dt.date | None = None) -> LabelData:
    """The shipping label of one order, the shop being the sender."""
    return LabelData(
        order_code=view.code,
        sender_name=shop.name, sender_phone=format_phone(shop.phone),
        sender_address=full_address(shop.address_line, shop.province_code, shop.ward_code),
        receiver_name=view.buyer_name, receiver_phone=format_phone(view.phone),
        receiver_address=view.full_address, cod=view.cod_amount, weight_g=view.weight_g,
        items=tuple(f"{item.name} × {item.quantity}" for item in view.items),
        note=view.note, date=day or clock.today(), tracking_url=view.tracking_url,
    )


def label_data(db: Database, codes: Sequence[str]) -> list[LabelData]:
    """Labels for ``codes`` in the order given (reprints are the same call).

    Raises:
        NotFound: one of `codes` is no order.
        ValidationError("shop"): the shop's name, address or phone is missing (the sender).
    """
    shop = _sender(db)
    return [label_for(view, shop) for view in order_views(db, codes)]


def render_order_labels(db: Database, codes: Sequence[str], out: str | os.PathLike | BinaryIO,
                        size: str = DEFAULT_SIZE, fmt: str = "pdf", progress=None, cancel=None,
                        zpl_font: str = BITMAP) -> int:
    """Write the labels of ``codes`` to ``out`` as PDF (pages returned) or ZPL (labels returned).

    ``zpl_font``: "bitmap" (text as a graphic, prints Vietnamese anywhere) or a printer font.

    Raises:
        NotFound, ValidationError("shop"): as `label_data`.
        ValidationError("size", "format" or "codes"): an unknown paper or format, ZPL on sheets, a code that cannot be printed.
    """
    if size not in SIZES:
        raise ValidationError("size", msg("Khổ nhãn không hợp lệ: '{size}' (a6, a5, 80x80, a4x4)",
                                          "Unknown label size '{size}' (a6, a5, 80x80, a4x4)", size=size))
    labels = label_data(db, codes)
    try:
        return _render(labels, out, size, fmt, progress, cancel, zpl_font)
    except ValueError as error:  # e.g. a store code that Code 128 cannot carry
        raise ValidationError("codes", msg("Không in được nhãn: {error}", "Cannot print the label: {error}",
                                           error=str(error))) from None


def _render(labels, out, size, fmt, progress, cancel, zpl_font) -> int:
    if fmt == "zpl":
        if len(SIZES[size].slots_mm) != 1:
            raise ValidationError("size", msg("ZPL chỉ dùng cho cuộn nhãn (a6, a5, 80x80)",
                                              "ZPL is for label rolls only (a6, a5, 80x80)"))
        text = render_zpl(labels, size, font=zpl_font)
        if isinstance(out, str | os.PathLike):
            from pathlib import Path

            from ..disk import write_atomically

            write_atomically(Path(out), text.encode("utf-8"))
        else:
            out.write(text.encode("utf-8"))
        return len(labels)
    if fmt != "pdf":
        raise ValidationError("format", msg("Định dạng không hợp lệ: '{fmt}' (pdf, zpl)",
                                            "Unknown format '{fmt}' (pdf, zpl)", fmt=fmt))
    return render_labels(labels, out, size, progress=progress, cancel=cancel)


def pick_list(db: Database, codes: Sequence[str]) -> tuple[list[PickLine], dict[str, int]]:
    """Pick lines (per SKU and lot, FEFO, by bin location) for orders not yet shipped.

    Only sellable lots are picked (never an expired or held-back one); what they cannot cover is
    returned as the shortage per SKU.

    Raises:
        NotFound: one of `codes` is no order.
        Conflict: an order already shipped or cancelled.
    """
    wanted = _unique(codes)
    with db.read_session() as session:
        demands: list[Demand] = []
        warehouse_of: dict[int, int | None] = {}
        for code in wanted:
            order = get_order_row(session, code)
            if OrderStatus(order.status) not in PICKABLE:
                raise Conflict(msg("Đơn {code} đã {status}, không cần lấy hàng",
                                   "Order {code} is already {status_en}; nothing to pick",
                                   code=order.code, status=order.status, status_en=order.status),
                               field="codes")
            for item in order.items:
                if item.product_id is not None:
                    demands.append(Demand(order.code, item.sku, item.quantity))
                    warehouse_of[item.product_id] = order.warehouse_id
        skus = {d.sku for d in demands}
        products = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
        lots_by_sku: dict[str, list[LotStock]] = {}
        places: dict[str, ProductPlace] = {}
        for sku, product in products.items():
            warehouse_id = warehouse_of.get(product.id)
            lots_by_sku[sku] = [LotStock(lot.lot_id, lot.lot_code, lot.expiry_date, lot.quantity)
                                for lot in sellable_lots(session, product.id, warehouse_id)]
            warehouse = session.get(Warehouse, warehouse_id) if warehouse_id else None
            places[sku] = ProductPlace(product.name, product.bin_location or "",
                                       warehouse.name if warehouse else "")
    return plan_picks(demands, lots_by_sku, places)


def render_order_pick_list(db: Database, codes: Sequence[str], out) -> list[PickLine]:
    """Write the pick list of `codes` as PDF to `out`; its lines.

    Raises:
        NotFound, Conflict: as `pick_list`.
    """
    lines, shortages = pick_list(db, codes)
    render_pick_list(lines, out, _unique(codes), shortages)
    return lines


def packing_slips(db: Database, codes: Sequence[str]) -> list[PackingSlip]:
    """One packing slip per order of `codes`.

    Raises:
        NotFound: one of `codes` is no order.
    """
    shop = _sender(db)
    slips = []
    for view in order_views(db, codes):
        slips.append(PackingSlip(
            view.code, clock.today(), shop.name, format_phone(shop.phone),
            full_address(shop.address_line, shop.province_code, shop.ward_code), view.buyer_name,
            format_phone(view.phone), view.full_address,
            tuple(SlipItem(i.sku, i.name, i.quantity, i.unit_price) for i in view.items),
            view.shipping_fee, view.cod_amount, view.note))
    return slips


def render_order_packing_slips(db: Database, codes: Sequence[str], out) -> int:
    """Write the packing slips of `codes` as PDF to `out`; how many.

    Raises:
        NotFound: one of `codes` is no order.
    """
    slips = packing_slips(db, codes)
    render_packing_slips(slips, out)
    return len(slips)
