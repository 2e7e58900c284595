"""Dates as Vietnamese clerks type them: day first, with or without separators, always dd/mm/yyyy out.

One reader for every face of the app (the window's date fields, the command line, imports):

* ``15/06/2028``, ``15-06-2028``, ``15.06.2028``, ``15 06 2028``, ``1/6/2028``;
* ``15062028`` (ddmmyyyy) and ``150628`` (ddmmyy);
* ``15/6/28`` (two-digit year: 20yy);
* ``15/6`` (no year: this year, by the shop's clock);
* ``2028-06-15`` (ISO, as scripts write it).

An impossible date (31/02/2027, month 13) or one outside 2000–2100 is refused with a message
saying why, never turned into another date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from . import clock
from .errors import ValidationError
from .i18n import msg

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
DISPLAY_FORMAT = "%d/%m/%Y"

_DAY_FIRST = re.compile(r"(\d{1,2})[/.\- ]+(\d{1,2})(?:[/.\- ]+(\d{2}|\d{4}))?")
_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def format_date(value: date | None) -> str:
    """dd/mm/yyyy, or "" for no date."""
    return value.strftime(DISPLAY_FORMAT) if value else ""


def format_datetime(moment: datetime | None) -> str:
    """A stored time as the shop's wall clock shows it (Asia/Ho_Chi_Minh, whatever this PC's own
    time zone), "dd/mm/yyyy HH:MM"; "" for none. A naive time is taken as UTC, as stored."""
    return clock.to_local(moment).strftime(DISPLAY_FORMAT + " %H:%M") if moment else ""


def parse_typed_date(field: str, text: str, *, earliest: date = EARLIEST, latest: date = LATEST) -> date | None:
    """The date `text` means (None when blank). Raises ValidationError(field) saying what is wrong."""
    text = (text or "").strip()
    if not text:
        return None
    parts = _split(text)
    if parts is None:
        raise ValidationError(field, msg(
            "Ngày không hợp lệ: '{value}' (gõ dd/mm/yyyy, ví dụ 15/06/2028)",
            "Invalid date: '{value}' (type dd/mm/yyyy, e.g. 15/06/2028)", value=text))
    day, month, year = parts
    if not 1 <= month <= 12:
        raise ValidationError(field, msg("Ngày không hợp lệ: '{value}' (không có tháng {month})",
                                         "Invalid date: '{value}' (there is no month {month})", value=text, month=month))
    if not earliest.year <= year <= latest.year:
        raise ValidationError(field, msg(
            "Ngày không hợp lệ: '{value}' (năm phải từ {first} đến {last})",
            "Invalid date: '{value}' (the year must be from {first} to {last})",
            value=text, first=earliest.year, last=latest.year))
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise ValidationError(field, msg(
            "Ngày không có thật: '{value}' (tháng {month}/{year} chỉ có {days} ngày)",
            "No such date: '{value}' ({month}/{year} has only {days} days)",
            value=text, month=month, year=year, days=last_day))
    result = date(year, month, day)
    if not earliest <= result <= latest:
        raise ValidationError(field, msg(
            "Ngày không hợp lệ: '{value}' (phải từ {first} đến {last})",
            "Invalid date: '{value}' (must be from {first} to {last})",
            value=text, first=format_date(earliest), last=format_date(latest)))
    return result


def _split(text: str) -> tuple[int, int, int] | None:
    iso = _ISO.fullmatch(text)
    if iso:
        return int(iso.group(3)), int(iso.group(2)), int(iso.group(1))
    found = _DAY_FIRST.fullmatch(text) or _DIGITS.fullmatch(text)
    if not found:
        return None
    day, month, year = found.group(1), found.group(2), found.group(3)
    if year is None:
        return int(day), int(month), clock.today().year
    return int(day), int(month), int(year) + 2000 if len(year) == 2 else int(year)
