"""One balance row per product / warehouse / lot, even without a lot; the migration repairs old data."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.db import migrate
from gianhang_desktop.core.demo import build_demo
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.core.stock.models import StockBalance, StockTotal


def _warehouse_and_product(db, sku: str) -> tuple[int, int]:
    with db.read_session() as s:
        wh = s.scalar(text("SELECT id FROM warehouses WHERE is_default"))
        pid = s.scalar(text("SELECT id FROM products WHERE sku = :sku"), {"sku": sku})
    return wh, pid


def test_a_second_balance_row_without_lot_is_refused_by_the_database(db):
    catalog.add_product(db, "VT-1", "Vải thiều", 100_000)
    stock.receive_stock(db, "VT-1", 5)
    wh, pid = _warehouse_and_product(db, "VT-1")
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("INSERT INTO stock_balances (product_id, warehouse_id, lot_id, on_hand) "
                          "VALUES (:p, :w, NULL, 1)"), {"p": pid, "w": wh})
    stock.receive_stock(db, "VT-1", 2)
    with db.read_session() as s:
        assert s.execute(select(StockBalance.lot_id, StockBalance.on_hand)).all() == [(None, 7)]


def test_the_migration_merges_duplicates_and_rebuilds_balances_from_the_ledger(db):
    """The issue's database: a ledger of 80 in two receipts of 40, two "no lot" rows (40 and 39,
    an update lost) and a total of 79. After the upgrade: one row of 80, a total of 80."""
    catalog.add_product(db, "VT-1", "Vải thiều", 100_000)
    catalog.add_product(db, "MO-1", "Mật ong", 100_000)
    stock.receive_stock(db, "VT-1", 40)
    stock.receive_stock(db, "VT-1", 40)
    stock.receive_stock(db, "MO-1", 6, lot="L1", expiry="2030-01-01")
    wh, pid = _warehouse_and_product(db, "VT-1")
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018_multipc_balance_key")  # the live-changes merge above it first
        command.downgrade(cfg, "multipc@-1")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE stock_balances SET on_hand = 40 WHERE product_id = :p"), {"p": pid})
        conn.execute(text("INSERT INTO stock_balances (product_id, warehouse_id, lot_id, on_hand) "
                          "VALUES (:p, :w, NULL, 39)"), {"p": pid, "w": wh})
        conn.execute(text("UPDATE stock_totals SET on_hand = 79 WHERE product_id = :p"), {"p": pid})
        conn.execute(text("DELETE FROM stock_totals WHERE product_id <> :p"), {"p": pid})
    assert db.migrate() is True
    with db.read_session() as s:
        rows = s.execute(select(StockBalance.product_id, StockBalance.lot_id, StockBalance.on_hand)
                         .order_by(StockBalance.product_id)).all()
        totals = dict(s.execute(select(StockTotal.product_id, StockTotal.on_hand)).all())
    assert [(p, lot is None, q) for p, lot, q in rows] == [(pid, True, 80), (pid + 1, False, 6)]
    assert totals == {pid: 80, pid + 1: 6}
    assert stock.stock_report(db, "VT-1").on_hand == 80


def test_bulk_writers_take_ids_the_services_can_follow(db):
    """The demo catalogue writes rows with explicit ids (fast executemany); on PostgreSQL they
    come from the sequences, so products and lots added afterwards do not collide."""
    build_demo(db, 20, with_extensions=False)
    catalog.add_product(db, "NEW-1", "Sản phẩm mới", 1000)
    stock.receive_stock(db, "NEW-1", 3, lot="L-NEW", expiry="2030-01-01")
    build_demo(db, 5, with_extensions=False)
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(StockTotal)) == 26
    assert stock.stock_report(db, "NEW-1").on_hand == 3
