"""One clock and one formatter per kind of value: times are the shop's (Asia/Ho_Chi_Minh) whatever
this PC's own time zone, dates and times are shown by core.dates, money by core.money."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from gianhang_desktop.core import clock
from gianhang_desktop.core.backup import backup_filename
from gianhang_desktop.core.dates import format_datetime
from gianhang_desktop.core.orders import service
from gianhang_desktop.core.orders.views import OrderFilter
from tests.orders.helpers import draft, stock_up

PACKAGE = Path(__file__).resolve().parents[2] / "gianhang_desktop"
# 18:30 UTC on 30 November is 01:30 on 1 December in Vietnam.
EVENING_UTC = "2026-11-30T18:30:00+00:00"


@pytest.fixture
def pc_in_another_zone(monkeypatch):
    """This PC's own clock set to Los Angeles (UTC−8): nothing the shop sees may follow it."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_orders_are_numbered_filtered_and_shown_by_the_shops_day(db, run_cli, pc_in_another_zone):
    stock_up(db)
    with clock.frozen(EVENING_UTC):
        view, _ = service.add_order(db, draft(("XOAI-1", 1)))
        assert view.code.startswith("GH-2612-")  # December in Vietnam (November in UTC and here)
        assert [o.code for o in service.list_orders(db, OrderFilter(date_from=date(2026, 12, 1)), 10)] == [view.code]
        assert service.list_orders(db, OrderFilter(date_to=date(2026, 11, 30)), 10) == []
        code, out, err = run_cli("orders", "list")
    assert code == 0, err
    assert f"{view.code}\t01/12/2026 01:30\t" in out
    assert format_datetime(view.created_at) == "01/12/2026 01:30"


def test_a_backups_name_and_the_stock_history_follow_the_shops_clock(db, run_cli, pc_in_another_zone):
    stock_up(db)
    with clock.frozen(EVENING_UTC):
        assert backup_filename() == "gianhang-backup-20261201-013000.zip"
        assert run_cli("stock", "adjust", "TRA-1", "1", "--reason", "Kiểm kê")[0] == 0
        code, out, err = run_cli("stock", "history", "TRA-1")
    assert code == 0, err
    assert out.splitlines()[0].startswith("01/12/2026 01:30\t")


# What only clock.py may do, and what only core.dates / core.money format.
FORBIDDEN = {
    r"\.astimezone\(\)": "a time in this PC's zone: use clock.to_local / dates.format_datetime",
    r"\bdatetime\.now\(|\bdt\.datetime\.now\(|\bdate\.today\(|\bdt\.date\.today\(": "use clock.now_utc / clock.today",
    r":,\}\s*(đ|₫)": "money by hand: use money.format_vnd",
}


def test_nothing_reads_this_pcs_clock_or_formats_money_by_hand():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "core/clock.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern, advice in FORBIDDEN.items():
                if re.search(pattern, line):
                    found.append(f"{relative}:{number}: {advice}")
    assert found == []
