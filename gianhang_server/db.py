"""Engines and sessions: SQLite (WAL, one writer at a time) by default, PostgreSQL for deployments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from gianhang_server.models import Base

# Execution option that asks for a write transaction (BEGIN IMMEDIATE on SQLite).
WRITE = "gh_write"


@dataclass(frozen=True)
class Database:
    """The engine plus two session factories that share its pool: one for reads, one for writes."""

    engine: Engine
    reader: sessionmaker[Session]
    writer: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def dispose(self) -> None:
        self.engine.dispose()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself so that writes can take the lock up front
        # (BEGIN IMMEDIATE): a deferred transaction that later wants to write can fail with
        # "database is locked" instead of waiting.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        if connection.get_execution_options().get(WRITE):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


# Columns added after the first release, for databases whose tables an older server created
# (create_all makes missing tables, never missing columns).
ADDED_COLUMNS = {"changes": {"source_device": "VARCHAR(64)"}}


def _add_missing_columns(engine: Engine) -> None:
    from sqlalchemy import inspect, text

    inspector = inspect(engine)
    with engine.begin() as connection:
        for table, columns in ADDED_COLUMNS.items():
            present = {column["name"] for column in inspector.get_columns(table)}
            for name, kind in columns.items():
                if name not in present:
                    connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


def open_database(url: str, *, create: bool = True) -> Database:
    """Open (and by default create the tables of) the database at ``url``."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            pool_size=10,
            max_overflow=20,
            connect_args={"check_same_thread": False, "timeout": 30},
        )
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    if create:
        Base.metadata.create_all(engine)
        _add_missing_columns(engine)
    writer_engine = engine.execution_options(**{WRITE: True})
    return Database(
        engine=engine,
        reader=sessionmaker(engine, expire_on_commit=False),
        writer=sessionmaker(writer_engine, expire_on_commit=False),
    )
