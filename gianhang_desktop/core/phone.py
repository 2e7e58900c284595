"""Vietnamese phone numbers: mobile (10 digits, 03/05/07/08/09) and landline (02x area codes)."""

from __future__ import annotations

import re

from .errors import ValidationError
from .i18n import msg

_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$")
_LANDLINE = re.compile(r"^02\d{9}$")
_HOTLINE = re.compile(r"^1[89]00\d{4,6}$")


def normalise_phone(value: str, field: str = "phone") -> str:
    """"+84 912 345 678" / "84912345678" / "0912.345.678" -> "0912345678"; refuses anything else."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if _MOBILE.match(digits) or _LANDLINE.match(digits) or _HOTLINE.match(digits):
        return digits
    raise ValidationError(
        field,
        msg(
            "Số điện thoại không hợp lệ: '{value}' (ví dụ: 0912 345 678)",
            "Invalid Vietnamese phone number: '{value}' (e.g. 0912 345 678)",
            value=value,
        ),
    )


def format_phone(digits: str) -> str:
    """"0912345678" -> "0912 345 678" for labels."""
    if len(digits) == 10:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return digits
