"""Field rules for products: SKU, name, units, barcodes (GTIN check digit), OCOP stars, sizes."""

from __future__ import annotations

import re
from datetime import date

from ..errors import ValidationError
from ..i18n import msg
from ..text import clean, fold

# Units clerks use; matched ignoring tone marks and case ("hop" -> "hộp").
UNITS = (
    "kg", "g", "hộp", "thùng", "chai", "túi", "gói", "hũ", "lọ", "bao", "bình", "can", "lon",
    "cái", "bó", "quả", "trái", "chục", "khay", "vỉ", "lít", "ml", "bịch", "hộp quà", "set",
)
_UNITS_BY_FOLD = {fold(u): u for u in UNITS}
_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$")
MAX_NAME = 255


def sku_key(sku: str) -> str:
    """What SKU uniqueness is decided on: trimmed and case-folded."""
    return sku.strip().casefold()


def validate_sku(value: str | None) -> str:
    sku = (value or "").strip()
    if not sku:
        raise ValidationError("sku", msg("Chưa nhập mã SKU", "SKU is required"))
    if not _SKU.match(sku):
        raise ValidationError(
            "sku",
            msg(
                "Mã SKU '{sku}' chỉ được gồm chữ không dấu, số và . _ - / (tối đa 64 ký tự)",
                "SKU '{sku}' may only contain letters, digits and . _ - / (at most 64 characters)",
                sku=sku,
            ),
        )
    return sku


def validate_name(value: str | None) -> str:
    name = clean(value)
    if not name:
        raise ValidationError("name", msg("Chưa nhập tên sản phẩm", "Product name is required"))
    if len(name) > MAX_NAME:
        raise ValidationError(
            "name", msg("Tên sản phẩm dài quá {n} ký tự", "Product name is longer than {n} characters", n=MAX_NAME)
        )
    return name


def validate_unit(value: str | None) -> str:
    unit = _UNITS_BY_FOLD.get(fold(clean(value)))
    if unit is None:
        raise ValidationError(
            "unit",
            msg(
                "Đơn vị tính không hợp lệ: '{unit}' (dùng: {known})",
                "Unknown unit: '{unit}' (use: {known})",
                unit=value,
                known=", ".join(UNITS),
            ),
        )
    return unit


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def validate_barcode(value: str | None) -> str | None:
    """EAN-8, UPC-A, EAN-13 or GTIN-14 with a correct check digit; blank means none."""
    code = (value or "").strip().replace(" ", "")
    if not code:
        return None
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        raise ValidationError(
            "barcode",
            msg(
                "Mã vạch '{code}' phải gồm 8, 12, 13 hoặc 14 chữ số",
                "Barcode '{code}' must have 8, 12, 13 or 14 digits",
                code=code,
            ),
        )
    if gtin_check_digit(code[:-1]) != int(code[-1]):
        raise ValidationError(
            "barcode",
            msg(
                "Mã vạch '{code}' sai số kiểm tra (số cuối phải là {digit})",
                "Barcode '{code}' has a wrong check digit (the last digit should be {digit})",
                code=code,
                digit=gtin_check_digit(code[:-1]),
            ),
        )
    return code


def validate_ocop(value: int | str | None) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    try:
        stars = int(value)
    except (TypeError, ValueError):
        stars = -1
    if stars not in (3, 4, 5):
        raise ValidationError(
            "ocop_stars", msg("Hạng OCOP phải là 3, 4 hoặc 5 sao", "OCOP rating must be 3, 4 or 5 stars")
        )
    return stars


def validate_positive_int(field: str, value: int | str | None, *, maximum: int, allow_zero: bool = True) -> int | None:
    """Optional whole number such as a weight in grams."""
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip().replace(".", "")) if isinstance(value, str) else int(value)
        if isinstance(value, float) and value != number:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationError(
            field, msg("'{value}' không phải số nguyên", "'{value}' is not a whole number", value=value)
        ) from None
    if number < 0 or (number == 0 and not allow_zero) or number > maximum:
        raise ValidationError(
            field,
            msg("Giá trị {value} nằm ngoài khoảng cho phép (0–{max})", "Value {value} is out of range (0–{max})",
                value=value, max=maximum),
        )
    return number


def validate_dimension(field: str, value: float | str | None) -> float | None:
    """Package size in centimetres, 0 < x ≤ 500, one decimal."""
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise ValidationError(field, msg("'{value}' không phải số", "'{value}' is not a number", value=value)) from None
    if not 0 < number <= 500:
        raise ValidationError(
            field, msg("Kích thước phải từ 0 đến 500 cm", "Size must be between 0 and 500 cm")
        )
    return round(number, 1)


def parse_date(field: str, value: str | date | None) -> date | None:
    """A date typed as dd/mm/yyyy (how Vietnamese users write it) or yyyy-mm-dd."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            field,
            msg("Ngày không hợp lệ: '{value}' (dạng dd/mm/yyyy)", "Invalid date: '{value}' (use dd/mm/yyyy)",
                value=value),
        ) from None
