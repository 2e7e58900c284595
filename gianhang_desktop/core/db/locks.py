"""Locks that keep several PCs' writes apart on PostgreSQL (SQLite has one writer at a time anyway).

On SQLite every write transaction starts with BEGIN IMMEDIATE, which takes the database's one
write lock: read-then-write inside it is already safe. On PostgreSQL two PCs' transactions run
side by side, so a write that reads before it decides must lock what it read: rows with
`SELECT … FOR UPDATE`, and things that are not rows (the next order number) with an advisory
lock named here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

# Advisory lock names: one per kind of write serialised across PCs.
ORDER_CODES = "gianhang:order-codes"
EXPIRY_SWEEP = "gianhang:expiry-sweep"
MIGRATIONS = "gianhang:migrations"
STORE_SYNC = "gianhang:store-sync"


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (PostgreSQL advisory locks are numbered)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def serialise(session: Session, name: str) -> None:
    """Make this transaction wait for (and then hold off) any other transaction serialising on
    `name`, until it commits or rolls back. Nothing to do on SQLite."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(name)})


@contextmanager
def held_by_this_pc(engine: Engine, name: str) -> Iterator[bool]:
    """Try to hold `name` for the whole block (many transactions), without waiting: yields True
    when this PC has it, False when another PC holds it. PostgreSQL: a session advisory lock on a
    connection kept for the block (released if the PC dies); SQLite: always True."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as conn:
        key = advisory_key(name)
        held = bool(conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar())
        conn.commit()
        try:
            yield held
        finally:
            if held:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()
