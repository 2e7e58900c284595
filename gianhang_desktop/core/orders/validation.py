"""Check a manual order draft field by field; every error names the field it is about."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..catalog.models import Product
from ..catalog.service import get_product_row
from ..errors import NotFound, ValidationError
from ..i18n import msg
from ..money import parse_vnd
from ..phone import normalize_phone
from ..regions import provinces, search, validate_origin, wards_of
from ..text import clean, clean_multiline, fold
from .models import MANUAL_CHANNELS
from .views import OrderDraft

MAX_QUANTITY = 100_000
MAX_LINES = 200


@dataclass(frozen=True)
class ValidLine:
    product: Product
    quantity: int
    unit_price: int


@dataclass(frozen=True)
class ValidOrder:
    buyer_name: str
    phone: str
    address_line: str
    province_code: int
    ward_code: int
    lines: tuple[ValidLine, ...]
    shipping_fee: int
    cod_amount: int
    note: str
    channel: str


def _code(value, field: str, what_vi: str, what_en: str, choices=None) -> int:
    """A region code; a name is accepted too when it matches exactly one region."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field, msg("Chưa chọn {what}", "No {what_en} chosen", what=what_vi,
                                         what_en=what_en))
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    found = search(choices, text) if choices else []
    exact = [r for r in found if r.folded == fold(text)]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0].code
    raise ValidationError(field, msg("Không xác định được {what} '{value}': hãy dùng mã số",
                                     "Cannot tell which {what_en} '{value}' is: use its code",
                                     what=what_vi, what_en=what_en, value=value))


def parse_quantity(value, field: str) -> int:
    """A whole number of units, 1 to 100,000."""
    try:
        quantity = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        quantity = None
    if quantity is None or isinstance(value, bool) or not 0 < quantity <= MAX_QUANTITY:
        raise ValidationError(field, msg("Số lượng phải là số nguyên từ 1 đến {max}: '{value}'",
                                         "Quantity must be a whole number from 1 to {max}: '{value}'",
                                         max=MAX_QUANTITY, value=value))
    return quantity


def validate_draft(session: Session, draft: OrderDraft) -> ValidOrder:
    """Normalise and check a draft against the catalogue and the 2025 map."""
    buyer = clean(draft.buyer_name)
    if not buyer:
        raise ValidationError("buyer_name", msg("Chưa nhập tên người mua", "Buyer name is required"))
    if len(buyer) > 200:
        raise ValidationError("buyer_name", msg("Tên người mua quá dài (tối đa 200 ký tự)",
                                                "Buyer name too long (200 characters at most)"))
    phone = normalize_phone(draft.phone, "phone")
    address = clean(draft.address_line)
    if not address:
        raise ValidationError("address_line", msg("Chưa nhập địa chỉ (số nhà, đường, thôn/xóm)",
                                                  "Address line is required (house, street, hamlet)"))
    if len(address) > 255:
        raise ValidationError("address_line", msg("Địa chỉ quá dài (tối đa 255 ký tự)",
                                                  "Address too long (255 characters at most)"))
    province = _code(draft.province_code, "province_code", "tỉnh/thành", "province", provinces())
    wards = wards_of(province) if any(r.code == province for r in provinces()) else ()
    ward = _code(draft.ward_code, "ward_code", "phường/xã", "ward", wards)
    validate_origin(province, ward)  # ward must lie in the province (ValidationError names it)
    if draft.channel not in MANUAL_CHANNELS:
        raise ValidationError("channel", msg("Kênh bán không hợp lệ: '{value}' (manual, phone, zalo)",
                                             "Unknown channel '{value}' (manual, phone, zalo)",
                                             value=draft.channel))
    if not draft.items:
        raise ValidationError("items", msg("Đơn hàng cần ít nhất một sản phẩm",
                                           "An order needs at least one item"))
    if len(draft.items) > MAX_LINES:
        raise ValidationError("items", msg("Tối đa {max} dòng hàng", "{max} lines at most", max=MAX_LINES))
    lines: list[ValidLine] = []
    seen: set[int] = set()
    for index, item in enumerate(draft.items, start=1):
        field = f"items[{index}]"
        try:
            product = get_product_row(session, item.sku)
        except NotFound as error:
            raise ValidationError(f"{field}.sku", error.msg) from None
        if product.status != "active":
            raise ValidationError(f"{field}.sku", msg("Sản phẩm {sku} đã ngừng bán",
                                                      "Product {sku} is archived", sku=product.sku))
        if product.id in seen:
            raise ValidationError(f"{field}.sku", msg("Sản phẩm {sku} được nhập hai lần; hãy gộp số lượng",
                                                      "Product {sku} is listed twice; add up the quantity",
                                                      sku=product.sku))
        seen.add(product.id)
        quantity = parse_quantity(item.quantity, f"{field}.quantity")
        price = product.price if item.unit_price in (None, "") else parse_vnd(item.unit_price,
                                                                              f"{field}.unit_price")
        lines.append(ValidLine(product, quantity, price))
    shipping = parse_vnd(draft.shipping_fee if draft.shipping_fee not in (None, "") else 0, "shipping_fee")
    subtotal = sum(line.quantity * line.unit_price for line in lines)
    cod = subtotal + shipping if draft.cod_amount in (None, "") else parse_vnd(draft.cod_amount, "cod_amount")
    note = clean_multiline(draft.note or "")
    if len(note) > 500:
        raise ValidationError("note", msg("Ghi chú quá dài (tối đa 500 ký tự)", "Note too long (500 characters at most)"))
    return ValidOrder(buyer, phone, address, province, ward, tuple(lines), shipping, cod, note, draft.channel)
