"""The cooperative's server going away mid-work: a clear message, nothing half-written, and the same
Database object working again once the server is back (no restart).

A throwaway server of the test's own is stopped at a chosen statement (an engine hook: no sleep).
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.postgres.errors import ServerUnavailable
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.core.stock.models import StockMovement
from tests.core import hammer
from tests.postgres import PostgresServer


@pytest.fixture
def server():
    server = PostgresServer(durable=True)
    server.start()
    yield server
    server.remove()


@pytest.fixture
def shop(server, tmp_path):
    db = Database.open(tmp_path, url=server.create_database())
    catalog.add_product(db, "MO-1", "Mật ong hoa nhãn", 180_000)
    stock.add_warehouse(db, "KHO-2", "Kho đóng gói")
    stock.receive_stock(db, "MO-1", 10, lot="L1", expiry="2030-01-01")
    yield db
    db.dispose()


def stop_at(db: Database, when, action) -> None:
    """Run `action()` once, just before the first statement for which `when(sql)` holds."""

    done = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def hook(conn, cursor, statement, parameters, context, executemany):
        if not done and when(statement):
            done.append(True)
            action()


def test_a_move_cut_off_half_way_writes_nothing_and_the_app_carries_on(server, shop):
    # The server stops after the move's first ledger line went in, before its second.
    inserts = iter(range(2))
    stop_at(shop, lambda sql: sql.startswith("INSERT INTO stock_movements") and next(inserts) == 1, server.stop)
    with pytest.raises(ServerUnavailable) as lost:
        stock.transfer_stock(shop, "MO-1", 4, source="KHO-CHINH", target="KHO-2")
    assert "Mất kết nối" in str(lost.value) and "chưa được lưu" in str(lost.value)
    with pytest.raises(ServerUnavailable) as away:  # while it is away: a clear message, at once
        stock.stock_report(shop, "MO-1")
    assert "Không kết nối được máy chủ" in str(away.value)
    server.start()
    report = stock.stock_report(shop, "MO-1")  # the same Database object, no restart
    assert {w.warehouse: w.on_hand for w in report.warehouses} == {"KHO-CHINH": 10}
    with shop.read_session() as s:
        assert s.scalar(select(func.count()).select_from(StockMovement)) == 1
    assert hammer.check_ledger(shop) == []
    stock.transfer_stock(shop, "MO-1", 4, source="KHO-CHINH", target="KHO-2")
    assert {w.warehouse: w.on_hand for w in stock.stock_report(shop, "MO-1").warehouses} == {
        "KHO-CHINH": 6, "KHO-2": 4}


def test_a_connection_dropped_mid_transaction_says_nothing_was_saved(server, shop):
    def terminate_me():
        with server.admin() as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                          (shop.engine.url.database,))

    stop_at(shop, lambda sql: sql.startswith("INSERT INTO stock_movements"), terminate_me)
    with pytest.raises(ServerUnavailable) as dropped:
        stock.receive_stock(shop, "MO-1", 5)
    assert "không có gì bị ghi dở" in str(dropped.value) and dropped.value.reason == "dropped"
    assert stock.stock_report(shop, "MO-1").on_hand == 10
    assert hammer.check_ledger(shop) == []


def test_a_connection_dropped_during_commit_says_the_change_may_be_saved(server, shop):
    """Only the server knows whether a COMMIT that lost its answer went through: the clerk is told
    to look before typing it again (and the ledger is whole either way)."""

    done = []

    @event.listens_for(shop.engine, "commit")
    def cut(conn):
        if done:
            return
        done.append(True)
        with server.admin() as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                          (shop.engine.url.database,))

    with pytest.raises(ServerUnavailable) as dropped:
        stock.receive_stock(shop, "MO-1", 5)
    assert "chưa chắc thay đổi đã được lưu" in str(dropped.value)
    assert stock.stock_report(shop, "MO-1").on_hand in (10, 15)
    assert hammer.check_ledger(shop) == []
