"""Vietnamese phone numbers: validate mobile and landline numbers, normalise to 0xxxxxxxxx."""

from __future__ import annotations

import re

from .errors import ValidationError
from .i18n import Msg, msg

# Mobile prefixes after the 2018 renumbering (10 digits in national form).
MOBILE_PREFIXES = frozenset(
    [f"03{d}" for d in "23456789"]
    + ["052", "055", "056", "058", "059"]
    + ["070", "076", "077", "078", "079"]
    + [f"08{d}" for d in "123456789"]
    + ["090", "091", "092", "093", "094", "096", "097", "098", "099"]
)

_SEPARATORS = re.compile(r"[\s.\-()/]")


class PhoneError(ValidationError):
    """The text is not a Vietnamese phone number; the message says why."""

    def __init__(self, message: Msg, field: str = "phone"):
        super().__init__(field, message)


def normalize_phone(text: str, field: str = "phone") -> str:
    """Return the national form ``0xxxxxxxxx`` (mobile) or ``02xxxxxxxxx`` (landline).

    Accepts spaces, dots, dashes and brackets, and the international forms
    ``+84…``, ``84…`` and ``0084…``. Raises :class:`PhoneError` (a ValidationError
    naming ``field``) with the reason otherwise. Hotlines (1800/1900) are refused: a
    courier cannot call a buyer on them.
    """
    raw = _SEPARATORS.sub("", text or "")
    if not raw:
        raise PhoneError(msg("Chưa nhập số điện thoại", "No phone number given"), field)
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("0084"):
        raw = "0" + raw[4:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if raw.startswith("00"):
        raw = raw[1:]  # "+84 0912…" written with the trunk zero kept
    if not raw.isdigit():
        raise PhoneError(msg("Số điện thoại '{value}' chỉ được gồm chữ số (có thể bắt đầu bằng +84)",
                             "Phone number '{value}' may only hold digits (optionally +84 first)",
                             value=text), field)
    if raw.startswith("02"):
        if len(raw) != 11:
            raise PhoneError(msg("Số cố định '{value}' phải có 11 chữ số (ví dụ 024 3826 1234)",
                                 "Landline '{value}' must have 11 digits (e.g. 024 3826 1234)",
                                 value=text), field)
        return raw
    if len(raw) != 10:
        raise PhoneError(msg("Số di động '{value}' phải có 10 chữ số (ví dụ 0912 345 678)",
                             "Mobile number '{value}' must have 10 digits (e.g. 0912 345 678)",
                             value=text), field)
    if raw[:3] not in MOBILE_PREFIXES:
        raise PhoneError(msg("Đầu số {prefix} không phải đầu số di động Việt Nam",
                             "{prefix} is not a Vietnamese mobile prefix", prefix=raw[:3]), field)
    return raw


def is_valid_phone(text: str) -> bool:
    try:
        normalize_phone(text)
    except PhoneError:
        return False
    return True


def format_phone(national: str) -> str:
    """Group digits for printing: ``0912 345 678``, ``024 3826 1234``, ``0236 3822 123``."""
    if len(national) == 10:
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    if len(national) == 11 and national[:3] in ("024", "028"):
        return f"{national[:3]} {national[3:7]} {national[7:]}"
    if len(national) == 11:
        return f"{national[:4]} {national[4:8]} {national[8:]}"
    return national


def to_e164(national: str) -> str:
    """``0912345678`` → ``+84912345678``."""
    return "+84" + national[1:]
