"""The shop's clock: local dates in Asia/Ho_Chi_Minh, whatever UTC or the machine's zone says."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from gianhang_desktop.core import clock


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-06-15T23:30:00+07:00", date(2026, 6, 15)),  # 16:30 UTC, same day
        ("2026-06-16T00:30:00+07:00", date(2026, 6, 16)),  # 17:30 UTC of the 15th: already the 16th here
        ("2026-06-15T17:30:00+00:00", date(2026, 6, 16)),
    ],
)
def test_today_is_the_shops_local_date(moment, expected):
    with clock.frozen(moment):
        assert clock.today() == expected
        assert clock.now_utc().tzinfo is not None


def test_local_day_bounds_are_utc_seven_hours_earlier():
    start, end = clock.local_day_bounds(date(2026, 6, 16))
    assert start == datetime(2026, 6, 15, 17, 0, tzinfo=UTC)
    assert end == datetime(2026, 6, 16, 17, 0, tzinfo=UTC)


def test_stored_times_follow_the_frozen_clock():
    from gianhang_desktop.core.db.base import utcnow

    with clock.frozen("2026-01-01T00:00:00+07:00"):
        assert utcnow() == datetime(2025, 12, 31, 17, 0, tzinfo=UTC)


def test_frozen_needs_an_offset():
    with pytest.raises(ValueError):
        with clock.frozen("2026-01-01T00:00:00"):
            pass


def test_child_process_reads_the_clock_from_the_environment():
    env = {**os.environ, "GIANHANG_NOW": "2026-06-16T00:30:00+07:00", "TZ": "UTC"}
    out = subprocess.run(
        [sys.executable, "-c", "from gianhang_desktop.core import clock; print(clock.today())"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert out == "2026-06-16"
