"""Migrations build the schema from nothing, agree with the models, and refuse newer databases."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from gianhang_desktop.core.database import Database, NewerSchemaError
from gianhang_desktop.core.db import migrate
from gianhang_desktop.core.models import Base


def test_empty_database_migrates_to_every_head(tmp_path):
    db = Database.open(tmp_path)
    assert db.schema_revisions() == migrate.head_revisions()
    tables = set(inspect(db.engine).get_table_names())
    assert {"products", "stock_movements", "stock_balances", "lots", "warehouses", "outbox"} <= tables
    with db.read_session() as s:
        assert s.execute(text("SELECT name FROM warehouses WHERE is_default")).scalar() == "Kho chính"
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert Database.open(tmp_path).migrate() is False  # already at head: nothing to do


def test_models_and_migrations_do_not_drift(tmp_path):
    db = Database.open(tmp_path)
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": lambda o, name, type_, r, c: not (type_ == "table" and name.startswith("products_fts")),
            },
        )
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_downgrade_to_base_and_up_again(tmp_path):
    from alembic import command

    db = Database.open(tmp_path)
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "products" not in inspect(db.engine).get_table_names()
    assert db.migrate() is True
    assert "products" in inspect(db.engine).get_table_names()


def test_database_from_a_newer_app_is_refused(tmp_path):
    db = Database.open(tmp_path)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999_future')"))
    with pytest.raises(NewerSchemaError):
        Database.open(tmp_path)
