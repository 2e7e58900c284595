"""Engines for a database URL: SQLite in the data folder by default, PostgreSQL when configured."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from . import sqlite


def make_engine(url: str, *, immediate: bool = True) -> Engine:
    """An engine for `url`; SQLite engines get the pragmas of `core.db.sqlite`."""
    if url.startswith("sqlite"):
        # The default pool hands each connection to one thread at a time (sessions never cross threads).
        engine = create_engine(url)
        sqlite.configure_engine(engine, immediate=immediate)
        return engine
    return create_engine(url, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
