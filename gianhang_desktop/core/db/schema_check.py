"""Is a SQLite file a Gian Hàng database? Its tables, columns, indexes and triggers are compared with
what this app's own migrations make at the revisions the file says it is at.

A restore must not accept a file that merely is SQLite: an empty one would wipe the catalogue,
and one with other tables (or a `products` table of another shape) would break every later
command when the app tries to migrate it.
"""

from __future__ import annotations

import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

from .sqlite import connect_readonly

Schema = dict[str, tuple]  # "table products" -> its columns; "index ix_…" -> its table


def describe(con: sqlite3.Connection) -> Schema:
    """The shape of a database: every table, view, index and trigger (SQLite's own left out), and
    each table's columns as (name, declared type, not null, primary key position)."""
    shape: Schema = {}
    rows = con.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for kind, name, table in rows:
        if kind in ("table", "view"):
            columns = con.execute(f'PRAGMA table_info("{name.replace(chr(34), chr(34) * 2)}")').fetchall()
            shape[f"{kind} {name}"] = tuple(sorted((c[1], str(c[2]).upper(), c[3], c[5]) for c in columns))
        else:
            shape[f"{kind} {name}"] = (table,)
    return shape


@lru_cache(maxsize=8)
def reference_schema(revisions: frozenset[str]) -> Schema:
    """The shape this app's migrations give a new database at `revisions` (built once per process)."""
    from ..paths import sqlite_url
    from . import migrate
    from .engine import make_engine

    with tempfile.TemporaryDirectory(prefix="gianhang-schema-") as tmp:
        engine = make_engine(sqlite_url(Path(tmp)))
        try:
            migrate.upgrade_to(engine, set(revisions))
        finally:
            engine.dispose()
        con = connect_readonly(Path(tmp) / "gianhang.sqlite3")
        try:
            return describe(con)
        finally:
            con.close()


def schema_problem(db_path: Path, revisions: set[str]) -> str | None:
    """None when the file at `db_path` has the shape of a Gian Hàng database at `revisions`
    (revisions this app knows); otherwise a short English description of the first differences.

    Every table (with exactly its columns), index, trigger and view the migrations make must be
    there; objects added beside them (a technician's table, ANALYZE's statistics) are harmless.
    """
    if not revisions:
        return "no Gian Hàng schema revision (alembic_version)"
    con = connect_readonly(db_path)
    try:
        actual = describe(con)
    finally:
        con.close()
    expected = reference_schema(frozenset(revisions))
    missing = sorted(set(expected) - set(actual))
    changed = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    parts = [f"{what} {', '.join(names[:3])}{'…' if len(names) > 3 else ''}"
             for what, names in (("other shape:", changed), ("missing:", missing)) if names]
    return "; ".join(parts) or None


def foreign_tables(con: sqlite3.Connection) -> list[str]:
    """The tables of a database that has no Gian Hàng schema record (none: a new, empty file)."""
    names = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return [] if "alembic_version" in names else names
