"""From an order to a parcel: weight and size from the products, COD from the order, the value to
insure, sender (the shop profile) and receiver on the 2025 map. Everything is checked here, before
any carrier is called, so bad input creates nothing."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalog.models import Product
from ..errors import Conflict, ValidationError
from ..i18n import msg
from ..orders.models import Order
from ..orders.states import OrderStatus
from ..phone import PhoneError, normalize_phone
from ..regions import province_name, ward_name
from ..shop import ShopProfile
from ..text import clean
from .errors import MissingWeight, PhoneRefused
from .model import Parcel, ParcelItem, Party

DEFAULT_SIDE_CM = 10  # a product without dimensions counts as a 10 cm cube
SHIPPABLE = frozenset({OrderStatus.UNPAID, OrderStatus.PAID, OrderStatus.CONFIRMED, OrderStatus.PACKED})


@dataclass(frozen=True)
class ShipOptions:
    """What the clerk may change in "Gửi vận chuyển" (None: the prefilled value)."""

    service: str | None = None
    pickup: bool = True
    weight_g: int | None = None
    length_cm: int | None = None
    width_cm: int | None = None
    height_cm: int | None = None
    insured_value: int | None = None
    cod_amount: int | None = None
    note: str = ""
    old_ward: int | None = None  # 1-based choice among the old-map candidates (AmbiguousAddress lists them)


def _party(name: str, phone: str, line: str, province: int | None, ward: int | None, *, who: str,
           carrier: str, original: str = "") -> Party:
    field = "phone" if who == "receiver" else "shop.phone"
    try:
        phone = normalize_phone(phone)
    except PhoneError as error:
        raise PhoneRefused(carrier, phone, error.message(), field=field) from None
    if province is None or ward is None:
        if who == "receiver":
            raise ValidationError("ward_code", msg("Địa chỉ người nhận chưa có tỉnh/thành và phường/xã (bản đồ 2025)",
                                                   "The receiver's address has no province and ward (2025 map)"))
        raise ValidationError("shop.ward_code", msg(
            "Địa chỉ lấy hàng của cửa hàng chưa có tỉnh/thành và phường/xã: nhập trong Thông tin cửa hàng",
            "The shop's pickup address has no province and ward: fill it in the shop profile"))
    # The text as given, with its province: it may still name the old ward and district.
    text = original or ", ".join(p for p in (clean(line), province_name(province)) if p)
    return Party(clean(name), phone, clean(line), province, ward, province_name(province), ward_name(ward), text)


def sender(session: Session, carrier: str) -> Party:
    """The shop profile as the sender. Raises ValidationError when it is incomplete."""
    shop = session.get(ShopProfile, 1)
    if shop is None or not shop.name or not shop.phone or not shop.address_line:
        raise ValidationError("shop", msg("Chưa có thông tin cửa hàng (tên, điện thoại, địa chỉ lấy hàng)",
                                          "The shop profile (name, phone, pickup address) is missing"))
    return _party(shop.name, shop.phone, shop.address_line, shop.province_code, shop.ward_code,
                  who="sender", carrier=carrier)


def build_parcel(session: Session, order: Order, client_code: str, options: ShipOptions, carrier: str) -> Parcel:
    """The parcel of ``order``. Raises Conflict (order not shippable), MissingWeight (names the
    product), PhoneRefused, ValidationError (address, sizes)."""
    if OrderStatus(order.status) not in SHIPPABLE:
        raise Conflict(msg("Đơn {code} đang ở trạng thái “{status}”: không gửi vận chuyển được",
                           "Order {code} is “{status}”: it cannot be shipped", code=order.code, status=order.status),
                       field="status")
    if not order.items:
        raise ValidationError("items", msg("Đơn {code} không có sản phẩm", "Order {code} has no items", code=order.code))
    ids = [i.product_id for i in order.items if i.product_id is not None]
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(ids)))}
    items, weight, sides = [], 0, []
    for line in order.items:
        product = products.get(line.product_id)
        if product is None:
            raise ValidationError("items", msg("Đơn {code}: sản phẩm {sku} không có trong danh mục",
                                               "Order {code}: product {sku} is not in the catalogue",
                                               code=order.code, sku=line.sku))
        if not product.weight_g or product.weight_g <= 0:
            raise MissingWeight(product.sku, product.name)
        items.append(ParcelItem(line.name, line.sku, line.quantity, line.unit_price, product.weight_g))
        weight += product.weight_g * line.quantity
        dims = [product.length_cm, product.width_cm, product.height_cm]
        if all(d and d > 0 for d in dims):
            sides.append((sorted(dims, reverse=True), line.quantity))
    if sides:  # lay the units side by side: the longest two sides, stacked on the shortest
        length = max(s[0][0] for s in sides)
        width = max(s[0][1] for s in sides)
        height = sum(dims[2] * quantity for dims, quantity in sides)
    else:
        length = width = height = DEFAULT_SIDE_CM
    subtotal = sum(i.price * i.quantity for i in items)
    receiver = _party(order.buyer_name, order.phone, order.address_line, order.province_code, order.ward_code,
                      who="receiver", carrier=carrier)
    parcel = Parcel(
        client_code=client_code, order_code=order.code, sender=sender(session, carrier), receiver=receiver,
        items=tuple(items), weight_g=weight, length_cm=max(1, math.ceil(length)), width_cm=max(1, math.ceil(width)),
        height_cm=max(1, math.ceil(height)), cod_amount=order.cod_amount, insured_value=subtotal,
        pickup=options.pickup, note=clean(options.note or order.note)[:500],
        content=", ".join(f"{i.name} x{i.quantity}" for i in items)[:500])
    return apply_options(parcel, options)


def apply_options(parcel: Parcel, options: ShipOptions) -> Parcel:
    """The clerk's changes over the prefilled parcel. Raises ValidationError naming the field."""
    changes = {}
    for key in ("weight_g", "length_cm", "width_cm", "height_cm"):
        value = getattr(options, key)
        if value is not None:
            if value <= 0:
                raise ValidationError(key, msg("{f} phải lớn hơn 0", "{f} must be more than 0", f=key))
            changes[key] = int(value)
    for key in ("insured_value", "cod_amount"):
        value = getattr(options, key)
        if value is not None:
            if value < 0:
                raise ValidationError(key, msg("{f} không được âm", "{f} must not be negative", f=key))
            changes[key] = int(value)
    return replace(parcel, **changes) if changes else parcel
