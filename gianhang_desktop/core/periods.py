"""A period of shop days for the cash book and the reports: read, checked, split into days or months."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from . import clock
from .catalog.validation import parse_date
from .errors import ValidationError
from .i18n import msg

MAX_DAYS = 3700  # ten years: beyond that a typing mistake is likelier than a report


def read_period(date_from: date | str | None, date_to: date | str | None, *,
                default_days: int = 1) -> tuple[date, date]:
    """(first day, last day), both inclusive, from what a clerk typed (dd/mm/yyyy or ISO).

    A missing end is today (the shop's); a missing start is `default_days` − 1 days before the end.

    Raises:
        ValidationError: "from"/"to" for a date that cannot be read; "to" when the end comes
            before the start (nothing is computed), or the period spans more than ten years.
    """
    end = parse_date("to", date_to) if date_to not in (None, "") else clock.today()
    start = parse_date("from", date_from) if date_from not in (None, "") else end - timedelta(days=default_days - 1)
    if end < start:
        raise ValidationError("to", msg(
            "Ngày kết thúc {to:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}: hãy đổi lại thứ tự",
            "The end date {to:%d/%m/%Y} is before the start date {start:%d/%m/%Y}: swap them",
            to=end, start=start))
    if (end - start).days >= MAX_DAYS:
        raise ValidationError("from", msg("Khoảng thời gian quá dài (tối đa 10 năm)",
                                          "The period is too long (at most 10 years)"))
    return start, end


def days(start: date, end: date) -> Iterator[date]:
    """Every day from `start` to `end`, inclusive."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def month_start(day: date) -> date:
    return day.replace(day=1)


def week_start(day: date) -> date:
    """The Monday of `day`'s week (ISO weeks, as Vietnamese calendars print them)."""
    return day - timedelta(days=day.weekday())
