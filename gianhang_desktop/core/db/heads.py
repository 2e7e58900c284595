"""A fast start: tell whether the database is already at every migration head without importing Alembic.

Alembic (and the mako templates it pulls in) costs a noticeable share of the window's start time,
yet on almost every start there is nothing to migrate. The revision ids are read from the
migration files with a regular expression; when anything looks unusual the answer is "not sure"
and the caller runs the full Alembic check.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # file_heads() is used before SQLAlchemy is loaded (catalog/first_page.py)
    from sqlalchemy.engine import Engine

VERSIONS_DIR = Path(__file__).resolve().parent.parent / "migrations" / "versions"
_ASSIGN = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


@cache
def file_heads() -> frozenset[str] | None:
    """The head revisions declared by the migration files, or None if a file cannot be read simply."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        found = dict(_ASSIGN.findall(path.read_text(encoding="utf-8")))
        try:
            revision = ast.literal_eval(found["revision"].strip())
            down = ast.literal_eval(found.get("down_revision", "None").strip())
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        parents.update([down] if isinstance(down, str) else (down or ()))
    return frozenset(revisions - parents) if revisions else None


def at_heads(engine: Engine) -> bool:
    """True only when the database's alembic_version rows equal the files' heads (never a false yes)."""
    from sqlalchemy import text

    heads = file_heads()
    if not heads:
        return False
    try:
        with engine.connect() as conn:
            current = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    except Exception:  # no table yet, or another engine's quirk: let Alembic decide
        return False
    return current == set(heads)
