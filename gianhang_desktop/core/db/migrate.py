"""Apply Alembic migrations at start: every branch (one per feature area) to its head."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revisions() -> set[str]:
    """The revisions a fully migrated database is at (one per branch)."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine) -> None:
    """Bring the database to the heads of every branch, in one transaction.

    On PostgreSQL several PCs may start the new version at once: the first takes an advisory
    lock and migrates, the others wait for it and then find nothing left to do (Alembic reads
    the version table after the lock). SQLite's write transaction already excludes the others.
    """
    with _migrating(engine) as (cfg, conn):
        if conn.dialect.name == "postgresql":
            from sqlalchemy import text

            from .locks import MIGRATIONS, advisory_key

            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(MIGRATIONS)})
        command.upgrade(cfg, "heads")


def upgrade_to(engine: Engine, revisions: set[str]) -> None:
    """Bring an empty database to exactly `revisions` (one per branch), e.g. to compare a backup's
    tables with what this app's migrations made at its revisions."""
    with _migrating(engine) as (cfg, _conn):
        for revision in sorted(revisions):
            command.upgrade(cfg, revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[tuple[Config, Connection]]:
    """One transaction for the migrations. On SQLite, foreign keys are off meanwhile: a batch
    migration recreates a table, and dropping a table that others reference would otherwise
    cascade-delete their rows (SQLite runs an implicit DELETE with its actions). The references
    are checked before the commit instead."""
    cfg = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # only honoured outside a transaction
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                yield cfg, conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")
