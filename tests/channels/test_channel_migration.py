"""Migration 0016_channels on a database with orders: nothing is lost, marketplace names fit."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from gianhang_desktop.core.database import Database
from gianhang_desktop.core.db import migrate


def test_upgrade_keeps_every_order_line_and_allows_account_names(tmp_path):
    db = Database.open(tmp_path, migrate_now=False)
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        for revision in ("0002_photos", "0003_orders", "0004_sync"):
            command.upgrade(cfg, revision)
    with db.engine.begin() as conn:  # a product row as the tables stood then (any columns they had)
        given = {"id": 1, "sku": "GAO-1", "sku_key": "gao-1", "name": "Gạo", "price": 1000, "status": "active",
                 "unit": "túi", "version": 1}
        values = {}
        for _cid, column, kind, notnull, default, _pk in conn.execute(text("PRAGMA table_info(products)")):
            if column in given:
                values[column] = given[column]
            elif notnull and default is None:
                values[column] = "2026-11-01 00:00:00" if "DATETIME" in kind else 0 if "INT" in kind else ""
        conn.execute(text(f"INSERT INTO products ({', '.join(values)}) VALUES ({', '.join(':' + c for c in values)})"),
                     values)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO orders (id, code, channel, status, buyer_name, phone, address_line, "
                          "shipping_fee, cod_amount, note, search_text, created_at, updated_at, status_changed_at) "
                          "VALUES (1, 'GH-1', 'phone', 'unpaid', 'A', '0912345678', 'x', 0, 0, '', '', "
                          "'2026-11-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00')"))
        conn.execute(text("INSERT INTO order_items (id, order_id, line_no, product_id, sku, name, quantity, unit_price) "
                          "VALUES (1, 1, 1, 1, 'GAO-1', 'Gạo', 2, 1000)"))
    assert db.migrate() is True
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM order_items")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM orders")).scalar() == 1
        conn.execute(text("UPDATE orders SET channel = 'Shopee HTX Chè Tân Cương - Thái Nguyên'"))
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
