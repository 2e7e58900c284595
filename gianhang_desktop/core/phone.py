"""Vietnamese phone numbers: validate mobile and landline numbers, normalise to 0xxxxxxxxx."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ValidationError
from .i18n import Msg, msg
from .text import normalize_text

# Mobile prefixes after the 2018 renumbering (10 digits in national form).
MOBILE_PREFIXES = frozenset(
    [f"03{d}" for d in "23456789"]
    + ["052", "055", "056", "058", "059"]
    + ["070", "076", "077", "078", "079"]
    + [f"08{d}" for d in "123456789"]
    + ["090", "091", "092", "093", "094", "096", "097", "098", "099"]
)

# The 2018 renumbering of 11-digit mobile numbers (Bộ TT&TT, in force from 15/09/2018; old numbers
# stopped working after 30/06/2019): the first four digits change, the last seven stay.
OLD_MOBILE_PREFIXES = {
    # Viettel
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
    "0168": "038", "0169": "039",
    # MobiFone
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
    # VinaPhone
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    # Vietnamobile
    "0186": "056", "0188": "058",
    # Gmobile (Gtel)
    "0199": "059",
}

_SEPARATORS = re.compile(r"[\s.\-()/\u00a0]")


class PhoneError(ValidationError):
    """The text is not a Vietnamese phone number; the message says why.

    `suggestion` is the number it probably is (an old 11-digit mobile number's new form), or None.
    """

    def __init__(self, message: Msg, field: str = "phone", suggestion: str | None = None):
        super().__init__(field, message)
        self.suggestion = suggestion


@dataclass(frozen=True)
class PhoneReading:
    """A phone number in national form, with a note when the text needed mending."""

    number: str
    note: Msg | None = None


def new_number(old: str) -> str | None:
    """The 10-digit number an old 11-digit mobile number became in 2018 (``01681234567`` →
    ``0381234567``), or None when `old` is not one."""
    digits = _SEPARATORS.sub("", old or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 12:
        digits = "0" + digits[2:]
    elif len(digits) == 10 and digits.startswith("1"):
        digits = "0" + digits  # the leading zero lost in a spreadsheet
    if len(digits) != 11 or not digits.isdigit() or digits[:4] not in OLD_MOBILE_PREFIXES:
        return None
    return OLD_MOBILE_PREFIXES[digits[:4]] + digits[4:]


def read_phone(text: str, field: str = "phone") -> PhoneReading:
    """Like `normalize_phone`, also accepting a number whose leading zero a spreadsheet dropped
    (``912345678`` → ``0912345678``, ``2438261234`` → ``02438261234``), with a note saying so."""
    raw = _SEPARATORS.sub("", normalize_text(text or ""))
    if raw.isdigit() and (len(raw) == 9 and raw[0] in "35789" or len(raw) == 10 and raw[0] == "2"):
        fixed = normalize_phone("0" + raw, field)
        return PhoneReading(fixed, msg("Đã thêm lại số 0 đầu bị mất: {raw} → {fixed}",
                                       "Put back the lost leading zero: {raw} → {fixed}", raw=raw, fixed=fixed))
    return PhoneReading(normalize_phone(text, field))


def normalize_phone(text: str, field: str = "phone") -> str:
    """Return the national form ``0xxxxxxxxx`` (mobile) or ``02xxxxxxxxx`` (landline).

    Accepts spaces, dots, dashes and brackets, and the international forms
    ``+84…``, ``84…`` and ``0084…``. Raises :class:`PhoneError` (a ValidationError
    naming ``field``) with the reason otherwise; for an old 11-digit mobile number
    (``0168 xxx xxxx``) the error offers the new number (`PhoneError.suggestion`).
    Hotlines (1800/1900) are refused: a courier cannot call a buyer on them.
    """
    raw = _SEPARATORS.sub("", normalize_text(text or ""))
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
    suggestion = new_number(raw)
    if suggestion is not None:
        raise PhoneError(msg("Số {value} là số di động 11 số cũ, đã đổi sang 10 số từ 2018: số mới là {new}",
                             "{value} is an old 11-digit mobile number, renumbered in 2018: the new number is {new}",
                             value=text, new=format_phone(suggestion)), field, suggestion)
    if len(raw) != 10:
        raise PhoneError(msg("Số di động '{value}' phải có 10 chữ số (ví dụ 0912 345 678)",
                             "Mobile number '{value}' must have 10 digits (e.g. 0912 345 678)",
                             value=text), field)
    if raw[:3] not in MOBILE_PREFIXES:
        raise PhoneError(msg("Đầu số {prefix} không phải đầu số di động Việt Nam",
                             "{prefix} is not a Vietnamese mobile prefix", prefix=raw[:3]), field)
    return raw


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
