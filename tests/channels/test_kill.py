"""A sync killed at any of its kill points loses nothing and duplicates nothing.

Each run stops the sync dead at the n-th kill point (the engine's hook raises an exception no code
catches, so no clean-up runs: exactly what a kill leaves in the database, where only committed
transactions survive). Then a normal sync runs, and the platform and the app must agree.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gianhang_desktop.core.channels.models import ChannelOrderRecord
from gianhang_desktop.core.channels.service import sync_channels
from gianhang_desktop.core.channels.shipping import queue_arrangement
from gianhang_desktop.core.orders.models import Order
from gianhang_desktop.core.stock.service import receive_stock

from .helpers import catalogue, channel


class Killed(BaseException):
    """Not an Exception: nothing in the engine catches it, as nothing survives a SIGKILL."""


def killer(at: int, account: str = "Shop A"):
    """Kill at the ``at``-th kill point of ``account`` (accounts run in parallel threads: counting
    one account's points keeps the test deterministic)."""
    seen = []

    def hook(point: str) -> None:
        if point.startswith(account + ":"):
            seen.append(point)
            if len(seen) == at:
                raise Killed(point)

    return hook, seen


def scenario(db):
    catalogue(db)
    a = channel(db, "Shop A", "k1")
    b = channel(db, "Shop B", "k2")
    sync_channels(db)
    first = a.place([("GAO-1KG", 2), ("GAO-5KG", 1)])
    b.place([("GAO-1KG", 1)])
    with db.session() as session:
        pass
    sync_channels(db)
    with db.session() as session:
        queue_arrangement(session, first)
    a.place([("Chè", 3)])
    b.place([("GAO-5KG", 2)], status="UNPAID")
    receive_stock(db, "MAT-ONG", 4)
    return a, b


def expected(db, a, b):
    # GAO-1KG 20 − 2 − 1, GAO-5KG 10 − 1 − 2, Chè 7 − 3, MAT-ONG 0 + 4: every channel shows it
    return {"GAO-1KG": 17, "GAO-5KG": 7, "Chè": 4, "MAT-ONG": 4}


def count_points(db_factory, account: str) -> int:
    db = db_factory()
    scenario(db)
    hook, seen = killer(10**9, account)
    sync_channels(db, hook=hook)
    return len(seen)


@pytest.fixture
def fresh_db(tmp_path, template_dir):
    import shutil

    from gianhang_desktop.core.database import Database
    from gianhang_desktop.core.paths import DB_FILENAME

    made = []

    def make():
        folder = tmp_path / f"d{len(made)}"
        folder.mkdir()
        shutil.copy2(template_dir / DB_FILENAME, folder / DB_FILENAME)
        db = Database.open(folder)
        made.append(db)
        return db

    yield make
    for db in made:
        db.dispose()


@pytest.mark.parametrize("account", ["Shop A", "Shop B"])
def test_kill_at_every_point_then_sync_agrees(fresh_db, account):
    points = count_points(fresh_db, account)
    assert points >= 5  # orders fetched/applied, (ship), stock attempted/answered/recorded
    for at in range(1, points + 1):
        db = fresh_db()
        a, b = scenario(db)
        hook, seen = killer(at, account)
        with pytest.raises(Killed):
            sync_channels(db, hook=hook)
        report = sync_channels(db)
        assert report.ok, (at, seen[-1], report.to_json())
        for fake in (a, b):
            assert {sku: fake.unit(sku).stock for sku in expected(db, a, b)} == expected(db, a, b), (at, seen[-1])
        with db.read_session() as session:
            assert session.scalar(select(func.count()).select_from(Order)) == 4
            assert session.scalar(select(func.count()).select_from(ChannelOrderRecord)) == 4
            arranged = session.scalar(select(ChannelOrderRecord).where(ChannelOrderRecord.arranged_at.is_not(None)))
        assert arranged is not None
        shipped = [o for o in a.orders.values() if o.arranged]
        assert len(shipped) == 1 and shipped[0].tracking == f"TRK{shipped[0].id}", (at, seen[-1])
