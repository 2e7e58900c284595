"""The demo catalogue on PostgreSQL: ids come from (or advance) the sequences, so work goes on after it."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from gianhang_desktop.core.database import Database
from gianhang_desktop.core.db.base import Base
from tests.postgres import create_database, postgres_port  # noqa: F401

pytestmark = pytest.mark.postgres
SINGLETONS = {"shop_profile", "sync_state"}  # one row, always id 1: never numbered by a sequence


def test_demo_then_everyday_work_on_postgresql(postgres_port, tmp_path, run_cli):  # noqa: F811
    url = create_database(postgres_port, "demo_" + uuid.uuid4().hex[:10])
    Database.open(tmp_path / "pg", url=url).dispose()  # the cooperative's server, set up (migrated)
    env = {"GIANHANG_DB_URL": url}
    code, _out, err = run_cli("demo", "--products", "40", env=env)
    assert code == 0, err
    # What a clerk does next: a new product, its stock, a new warehouse.
    code, _out, err = run_cli("product", "add", "--sku", "MOI-1", "--name", "Sản phẩm mới", "--price", "12000", env=env)
    assert code == 0, err
    code, _out, err = run_cli("stock", "receive", "MOI-1", "5", "--lot", "L-MOI", "--expiry", "2030-01-01", env=env)
    assert code == 0, err
    # And no table the demo filled is left with a sequence behind its ids (the whole kind, not one table).
    db = Database.open(tmp_path / "pg", url=url)
    try:
        with db.engine.connect() as conn:
            behind = []
            for table in Base.metadata.sorted_tables:
                if "id" not in table.c or table.name in SINGLETONS:
                    continue
                sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar()
                if sequence is None:
                    continue
                biggest = conn.execute(text(f"SELECT max(id) FROM {table.name}")).scalar() or 0
                last, called = conn.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
                next_id = last + 1 if called else last
                if next_id <= biggest:
                    behind.append((table.name, biggest, next_id))
        assert behind == []
    finally:
        db.dispose()
