"""The shop's clock: UTC for storage, Asia/Ho_Chi_Minh for every "today" a clerk sees.

Vietnam has kept UTC+7 without daylight saving since 1975, but the zone is still taken from the
tz database (the `tzdata` package on Windows, which ships none), so a report or an expiry check
agrees with the shop's wall clock and never with the machine's own zone or UTC.

Tests move the clock with `frozen(...)` in process, or with the environment variable
`GIANHANG_NOW` (an ISO 8601 time with its offset, e.g. `2026-06-15T23:30:00+07:00`) for a
command run in a child process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SHOP_TZ_NAME = "Asia/Ho_Chi_Minh"
_frozen: datetime | None = None


@cache
def shop_tz():
    """The shop's time zone (a fixed UTC+7 if the tz database is missing altogether)."""
    try:
        return ZoneInfo(SHOP_TZ_NAME)
    except ZoneInfoNotFoundError:  # no tz database and no tzdata package: Vietnam is UTC+7 all year
        return timezone(timedelta(hours=7), "ICT")


def now_utc() -> datetime:
    """The current time, aware, in UTC (what the database stores)."""
    if _frozen is not None:
        return _frozen.astimezone(UTC)
    forced = os.environ.get("GIANHANG_NOW")
    if forced:
        moment = datetime.fromisoformat(forced)
        if moment.tzinfo is None:
            raise ValueError("GIANHANG_NOW needs an offset, e.g. 2026-06-15T23:30:00+07:00")
        return moment.astimezone(UTC)
    return datetime.now(UTC)


def local_now() -> datetime:
    """The current time on the shop's wall clock (aware, Asia/Ho_Chi_Minh)."""
    return now_utc().astimezone(shop_tz())


def today() -> date:
    """The shop's local date: what "today", "expired" and a day's report mean."""
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    """An aware time shown on the shop's wall clock; a naive one is taken as UTC (as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(shop_tz())


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day, in UTC, for querying UTC-stored times by shop day."""
    start = datetime(day.year, day.month, day.day, tzinfo=shop_tz())
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


@contextmanager
def frozen(moment: datetime | str) -> Iterator[datetime]:
    """Hold the clock at `moment` (aware, or ISO text with an offset) inside the block (tests)."""
    global _frozen
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        raise ValueError("frozen() needs an aware time")
    previous, _frozen = _frozen, moment
    try:
        yield moment
    finally:
        _frozen = previous
