"""Money in whole Vietnamese đồng: parsing what users type, formatting what they read."""

from __future__ import annotations

import re

from .errors import ValidationError
from .i18n import msg

_CURRENCY = re.compile(r"(₫|đồng|đ|vnđ|vnd|d)$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_SHORT = re.compile(r"^(\d+)(?:[.,](\d+))?\s*(k|nghìn|ngàn|tr|triệu|m)$", re.IGNORECASE)
_MULTIPLIER = {"k": 1_000, "nghìn": 1_000, "ngàn": 1_000, "tr": 1_000_000, "triệu": 1_000_000, "m": 1_000_000}
MAX_VND = 10**12


def parse_vnd(text: str | int, field: str = "price", allow_negative: bool = False) -> int:
    """Whole đồng from what a Vietnamese user writes: "120000", "120.000", "120,000 ₫", "120k", "1,5tr".

    Fractions of a đồng ("120.5", "1.000,50") and negative amounts are refused with a
    ValidationError naming `field`.

    Raises:
        ValidationError(`field`): not an amount of whole đồng, negative, or too large.
    """
    if isinstance(text, bool):
        raise _bad(field, text)
    if isinstance(text, int):
        value = text
    else:
        value = _parse_text(str(text), field)
    if value < 0 and not allow_negative:
        raise ValidationError(field, msg("Giá trị không được âm: {value}", "Must not be negative: {value}", value=text))
    if abs(value) > MAX_VND:
        raise ValidationError(field, msg("Số tiền quá lớn: {value}", "Amount too large: {value}", value=text))
    return value


def _parse_text(raw: str, field: str) -> int:
    s = " ".join(raw.strip().split())
    if not s:
        raise ValidationError(field, msg("Chưa nhập số tiền", "No amount given"))
    sign = 1
    if s.startswith("-"):
        sign, s = -1, s[1:].strip()
    s = _CURRENCY.sub("", s).strip()
    short = _SHORT.match(s)
    if short:
        whole, frac, unit = short.groups()
        mult = _MULTIPLIER[unit.lower()]
        frac = frac or ""
        value = int(whole) * mult + (int(frac) * mult // 10 ** len(frac) if frac else 0)
        if frac and (int(frac) * mult) % 10 ** len(frac):
            raise _fraction(field, raw)
        return sign * value
    if _PLAIN.match(s):
        return sign * int(s)
    if _GROUPED.match(s):
        return sign * int(re.sub(r"[.,\s]", "", s))
    if re.match(r"^\d+[.,]\d+$", s) or re.match(r"^[\d.,\s]+[.,]\d{1,2}$", s):
        raise _fraction(field, raw)
    raise _bad(field, raw)


def _bad(field: str, raw: object) -> ValidationError:
    return ValidationError(
        field,
        msg("Số tiền không hợp lệ: '{value}' (ví dụ: 120000, 120.000 ₫, 120k)",
            "Invalid amount: '{value}' (e.g. 120000, 120.000 ₫, 120k)", value=raw),
    )


def _fraction(field: str, raw: str) -> ValidationError:
    return ValidationError(
        field,
        msg("Không nhận số lẻ dưới một đồng: '{value}'", "Fractions of a đồng are not accepted: '{value}'", value=raw),
    )


def group_thousands(value: int) -> str:
    """12345678 -> "12.345.678" (Vietnamese separators)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_vnd(value: int | None) -> str:
    """120000 -> "120.000 ₫"; None -> ""."""
    if value is None:
        return ""
    return f"{group_thousands(value)} ₫"
