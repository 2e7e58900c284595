"""Field rules for products: SKU, name, units, barcodes (GTIN check digit), OCOP stars, sizes."""

from __future__ import annotations

import re
from datetime import date

from ..errors import ValidationError
from ..i18n import Msg, msg
from ..text import clean, fold
from .gtin import check_digit, validate_gtin

# Units clerks use; matched ignoring tone marks and case ("hop" -> "hộp").
UNITS = (
    "kg", "g", "hộp", "thùng", "chai", "túi", "gói", "hũ", "lọ", "bao", "bình", "can", "lon",
    "cái", "bó", "quả", "trái", "chục", "khay", "vỉ", "lít", "ml", "bịch", "hộp quà", "set",
    # Units other tools' product lists use (KiotViet, Sapo exports).
    "bộ", "đôi", "cây", "cuộn", "lốc", "miếng", "viên", "tuýp",
)
# Other spellings of the same units, as other programs write them.
UNIT_ALIASES = {"gram": "g", "gam": "g", "gr": "g", "kilogram": "kg", "kí": "kg", "ký": "kg", "kilo": "kg",
                "lit": "lít", "l": "lít", "chiếc": "cái", "pcs": "cái", "hop": "hộp"}
_UNITS_EXACT = {u.casefold(): u for u in UNITS} | {a.casefold(): u for a, u in UNIT_ALIASES.items()}
_folded: dict[str, list[str]] = {}
for _unit in UNITS:
    _folded.setdefault(fold(_unit), []).append(_unit)
# Typed without tone marks ("hop" -> "hộp") only where that is unambiguous ("bo" could be bó or bộ).
_UNITS_BY_FOLD = {key: units[0] for key, units in _folded.items() if len(units) == 1}
MAX_NAME = 255
# "Stop selling N days before expiry": up to ten years (long-life goods such as honey or tea).
MAX_STOP_SELLING_DAYS = 3650


# The SKU alphabet, the one definition every entry uses (CLI, window, spreadsheet import, the
# store's feed): ASCII letters A-Z a-z, digits, "-", "_" and "."; it starts with a letter or a
# digit, never holds "..", and has at most 64 characters. So a SKU is always one safe URL path
# segment and one safe file name, and it is what the store accepts (docs/store-api.md). No
# Vietnamese letters: the store refuses them, Code 128 labels cannot carry them, and a scanner
# typing through Unikey/EVKey turns "aa" into "â". Spaces around a typed SKU are trimmed.
SKU_MAX = 64
SKU_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
# The store's own pattern (docs/store-api.md); the local rule adds "no '..'".
SKU_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def sku_key(sku: str) -> str:
    """What SKU uniqueness is decided on: trimmed and case-folded."""
    return sku.strip().casefold()


def shown(text: str) -> str:
    """`text` fit for a one-line message: control and invisible characters written as \\xNN or \\uNNNN."""
    return "".join(ch if ch.isprintable() else (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
                   for ch in text)


def sku_problem(sku: str) -> Msg | None:
    """Why `sku` is not in the SKU alphabet (see SKU_PATTERN), or None when it is."""
    bad = sorted({ch for ch in sku if ch not in SKU_CHARACTERS}, key=sku.index)
    if bad:
        return msg("Mã SKU '{sku}' có ký tự không dùng được: {chars_vi} (chỉ dùng chữ không dấu A–Z, số và - _ .)",
                   "SKU '{sku}' holds characters that are not allowed: {chars_en} (use letters A–Z, digits and - _ .)",
                   sku=shown(sku), chars_vi=_characters(bad, "dấu cách"), chars_en=_characters(bad, "space"))
    if len(sku) > SKU_MAX:
        return msg("Mã SKU '{sku}' dài {n} ký tự, tối đa {max}", "SKU '{sku}' is {n} characters long, at most {max}",
                   sku=sku, n=len(sku), max=SKU_MAX)
    if not sku[:1].isalnum():
        return msg("Mã SKU '{sku}' phải bắt đầu bằng chữ hoặc số", "SKU '{sku}' must start with a letter or a digit",
                   sku=sku)
    if ".." in sku:
        return msg("Mã SKU '{sku}' không được có hai dấu chấm liền nhau (..)", "SKU '{sku}' must not hold two dots in a row (..)",
                   sku=sku)
    return None


def _characters(chars: list[str], space: str) -> str:
    return ", ".join(space if ch == " " else f"'{shown(ch)}'" for ch in chars)


def validate_sku(value: str | None) -> str:
    """The SKU as stored: surrounding spaces trimmed, in the SKU alphabet.

    Raises:
        ValidationError("sku"): empty, or not in the alphabet (the message names what is wrong).
    """
    sku = (value or "").strip(" \u00a0\u3000")
    if not sku:
        raise ValidationError("sku", msg("Chưa nhập mã SKU", "SKU is required"))
    problem = sku_problem(sku)
    if problem is not None:
        raise ValidationError("sku", problem)
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
    text = clean(value)
    unit = _UNITS_EXACT.get(text.casefold()) or _UNITS_BY_FOLD.get(fold(text))
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
    return check_digit(body)


def validate_barcode(value: str | None) -> str | None:
    """A GTIN-8, UPC-A, EAN-13 or GTIN-14 with a correct check digit, as entered; blank means none.

    A code scanned into the field is read as a scan first (AIM identifier, framing, GS1 element
    string removed: `scan.normalize_scan`).

    Raises:
        ValidationError: on field "barcode", with the reason (see `gtin.validate_gtin`).
    """
    if isinstance(value, str) and (value.lstrip().startswith(("]", "(01)")) or not value.isprintable()):
        from .scan import normalize_scan

        value = normalize_scan(value)
    return validate_gtin(value, "barcode")


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


def validate_stop_selling_days(value: int | str | None) -> int:
    """Days before expiry at which a lot stops being sold: a whole number 0–3650; blank is 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value.strip()):
        number = int(value.strip())
    if number is None or not 0 <= number <= MAX_STOP_SELLING_DAYS:
        raise ValidationError("stop_selling_days", msg(
            "Số ngày ngừng bán trước hạn phải là số nguyên từ 0 đến {max}: '{value}'",
            "Days to stop selling before expiry must be a whole number from 0 to {max}: '{value}'",
            max=MAX_STOP_SELLING_DAYS, value=value))
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
    """A date typed as dd/mm/yyyy (how Vietnamese users write it; also d/m/yyyy, ddmmyyyy, …) or
    yyyy-mm-dd, read by core.dates. Raises ValidationError(field) for an impossible date, with the
    one short message imports and commands have always given (the window explains in detail)."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    from ..dates import parse_typed_date

    try:
        return parse_typed_date(field, str(value))
    except ValidationError:
        raise ValidationError(
            field,
            msg("Ngày không hợp lệ: '{value}' (dạng dd/mm/yyyy)", "Invalid date: '{value}' (use dd/mm/yyyy)",
                value=value),
        ) from None
