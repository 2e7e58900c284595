"""Fast multi-row inserts for bulk loaders (demo catalogues, imports).

On SQLite the rows go straight to the driver's executemany with each column's bind processor
applied once per value, skipping SQLAlchemy's per-row parameter building (three times faster
at 100,000 rows). Other engines use SQLAlchemy's own executemany.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection


def insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table` in the current transaction."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), list(rows))
        return
    names = list(rows[0].keys())
    processors = [table.c[name].type._cached_bind_processor(conn.dialect) for name in names]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    columns = []
    for name, process in zip(names, processors, strict=True):
        values = [row[name] for row in rows]
        if process is not None:
            # Bulk rows repeat values (one timestamp, a few dates): process each distinct one once.
            done: dict = {}
            values = [done[v] if v in done else done.setdefault(v, process(v)) for v in values]
        columns.append(values)
    conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))


def next_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` fresh ids for rows of `table` that a bulk writer inserts with explicit ids.

    SQLite: the ids after the highest one (the write transaction holds the database's one write
    lock, so nobody else takes them). PostgreSQL: drawn from the table's id sequence, so other
    PCs writing at the same time, and later inserts, never collide with them.
    """
    if count <= 0:
        return []
    if conn.dialect.name == "sqlite":
        first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        return list(range(first, first + count))
    return list(conn.execute(
        text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
        {"table": table.name, "count": count}).scalars())
