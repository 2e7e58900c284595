"""Live changes between PCs: what another process commits reaches this one's feed as Changes within
2 s; its own, rolled-back and bulk changes are handled; a server that goes away and comes back is
reported both ways and followed by a full refresh."""

from __future__ import annotations

import queue
import time

import pytest

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.changes import Changes
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.errors import Conflict
from gianhang_desktop.core.postgres.changefeed import RESYNC, ChangeFeed, changes_from
from gianhang_desktop.core.stock import service as stock
from tests.core import hammer
from tests.orders.helpers import draft, stock_up
from tests.postgres import PostgresServer

LIVE_REFRESH_S = 2.0
# SQLite has one PC: nothing to listen to (the window starts no feed there).
ONLY_ON_THE_SERVER = pytest.mark.postgresql_only("LISTEN/NOTIFY between PCs")


class Heard:
    """What a feed delivered, with the time it arrived."""

    def __init__(self) -> None:
        self.changes: queue.Queue[tuple[float, Changes]] = queue.Queue()
        self.status: queue.Queue[tuple[bool, str]] = queue.Queue()
        self.seen: list[tuple[float, Changes]] = []

    def on_changes(self, changes: Changes) -> None:
        self.changes.put((time.monotonic(), changes))

    def on_status(self, connected: bool, message) -> None:
        self.status.put((connected, message.text() if message else ""))

    def until(self, wanted, timeout: float = 30.0) -> tuple[float, Changes]:
        """The first delivery (already seen or still to come) for which `wanted(changes)` holds."""
        for at, changes in self.seen:
            if wanted(changes):
                return at, changes
        deadline = time.monotonic() + timeout
        while True:
            at, changes = self.changes.get(timeout=max(0.01, deadline - time.monotonic()))
            self.seen.append((at, changes))
            if wanted(changes):
                return at, changes


def feed_for(db: Database, heard: Heard, **options) -> ChangeFeed:
    feed = ChangeFeed(db.url, heard.on_changes, heard.on_status, **options).start()
    assert heard.status.get(timeout=30) == (True, "")
    return feed


def _another_pc(barrier, index, data_dir, url, out):
    """Another PC's clerk: receives stock, enters an order, renames a product; after each commit
    puts (what, ids, monotonic time of the commit) on `out`."""
    from gianhang_desktop.core.orders import service as orders

    db = hammer.open_database(data_dir, url)
    barrier.wait()
    _, changes = stock.receive_stock(db, "MO-500", 3, lot="M-2", expiry="2027-09-01")
    out.put(("stock", sorted(changes.stock), time.monotonic()))
    view, _ = orders.add_order(db, draft(("TRA-1", 1)))
    out.put(("orders", [view.id], time.monotonic()))
    _, changes = catalog.update_product(db, "XOAI-1", name="Xoài cát Hòa Lộc loại đặc biệt")
    out.put(("products", sorted(changes.products), time.monotonic()))
    db.dispose()


@ONLY_ON_THE_SERVER
def test_another_pcs_commits_arrive_within_two_seconds(db):
    pg = db
    stock_up(pg)
    heard = Heard()
    feed = feed_for(pg, heard)
    try:
        out = hammer.SPAWN.Queue()
        hammer.run_processes(_another_pc, 1, str(pg.data_dir), pg.url, out)
        for _ in range(3):
            field, ids, committed_at = out.get(timeout=30)
            at, changes = heard.until(lambda c, f=field, i=ids: set(i) <= getattr(c, f))
            assert at - committed_at < LIVE_REFRESH_S, f"{field} took {at - committed_at:.2f} s"
    finally:
        feed.stop()


@ONLY_ON_THE_SERVER
def test_own_and_rolled_back_changes_are_not_announced(db):
    pg = db
    stock_up(pg)
    heard = Heard()
    feed = feed_for(pg, heard)
    try:
        stock.receive_stock(pg, "MO-500", 1)  # this process's own: its window knows already
        out = hammer.SPAWN.Queue()
        hammer.run_processes(_refused_then_marker, 1, str(pg.data_dir), pg.url, out)
        _at, changes = heard.until(lambda c: bool(c))
        assert changes.products == {out.get(timeout=5)} and not changes.stock
    finally:
        feed.stop()


def _refused_then_marker(barrier, index, data_dir, url, out):
    db = hammer.open_database(data_dir, url)
    barrier.wait()
    try:
        stock.adjust_stock(db, "TRA-1", -50, reason="kiểm kê", lot=None)  # refused: rolled back
    except Conflict:
        pass
    _, changes = catalog.update_product(db, "TRA-1", price=360_000)
    out.put(next(iter(changes.products)))
    db.dispose()


def test_a_bulk_change_asks_for_a_reload():
    payload = '{"s": "gianhang other", "t": "products", "ids": null}'
    assert changes_from([payload], own_name="gianhang me").catalog_reset
    assert not changes_from([payload], own_name="gianhang other")
    mixed = changes_from(['{"s": "x", "t": "stock_totals", "ids": [4, 5]}', '{"s": "x", "t": "outbox", "ids": null}',
                          '{"s": "x", "t": "orders", "ids": [9]}', 'not json', '{"s": "x", "t": "lots", "ids": [1]}'],
                         own_name="me")
    assert (mixed.stock, mixed.orders, mixed.sync, mixed.catalog_reset) == ({4, 5}, {9}, True, False)


def test_a_server_that_goes_away_is_reported_and_followed_by_a_full_refresh(tmp_path):
    server = PostgresServer(durable=True)
    server.start()
    try:
        db = Database.open(tmp_path, url=server.create_database())
        catalog.add_product(db, "MO-1", "Mật ong", 100_000)
        heard = Heard()
        feed = feed_for(db, heard, retry_seconds=(0.2,), heartbeat_seconds=0.5)
        try:
            server.stop()
            connected, message = heard.status.get(timeout=30)
            assert not connected and "Mất kết nối" in message
            server.start()
            assert heard.status.get(timeout=30) == (True, "")
            heard.until(lambda c: c == RESYNC)
        finally:
            feed.stop()
        # The same Database object works again without a restart.
        stock.receive_stock(db, "MO-1", 2)
        assert stock.stock_report(db, "MO-1").on_hand == 2
        db.dispose()
    finally:
        server.remove()
