"""Engines for a database URL: SQLite in the data folder by default, PostgreSQL when configured."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from . import sqlite


def make_engine(url: str, *, immediate: bool = True, password: str | None = None) -> Engine:
    """An engine for `url`; SQLite engines get the pragmas of `core.db.sqlite`.

    PostgreSQL engines connect with `core.postgres.connection.connect_args` (the saved password
    unless `password` is given, timeouts, keepalives) and test each pooled connection before
    use, so a server that went away and came back is reconnected to without a restart.
    """
    if url.startswith("sqlite"):
        # The default pool hands each connection to one thread at a time (sessions never cross threads).
        engine = create_engine(url)
        sqlite.configure_engine(engine, immediate=immediate)
        return engine
    from ..postgres.connection import connect_args

    return create_engine(url, pool_pre_ping=True, connect_args=connect_args(url, password))


def make_readonly_engine(url: str) -> Engine:
    """A SQLite engine that only reads the file of `url` (a read-only data folder): every connection
    comes from `sqlite.connect_readonly`, transactions are deferred, the journal mode is left alone."""
    from sqlalchemy.engine import make_url

    path = make_url(url).database
    engine = create_engine(url, creator=lambda: sqlite.connect_readonly(path, check_same_thread=False))
    sqlite.configure_engine(engine, immediate=False, read_only=True)
    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
