"""Hand-made backup files for the restore tests: any database bytes, any manifest, any zip entries."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

from gianhang_desktop.core import backup
from gianhang_desktop.core.paths import DB_FILENAME


def sqlite_bytes(tmp: Path, *statements: str) -> bytes:
    """The bytes of a new SQLite file after `statements` (none: an empty database)."""
    path = tmp / f"made-{abs(hash(statements))}.sqlite3"
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()
    return path.read_bytes()


def good_manifest(db_bytes: bytes, photos: dict[str, bytes] | None = None, **overrides) -> dict:
    """The manifest the app would write for these bytes (then `overrides` on top)."""
    manifest = {
        "format": 1,
        "app": "gianhang-desktop",
        "app_version": "1.0",
        "created_at": "2026-11-29T08:00:00+00:00",
        "reason": "manual",
        "schema_revisions": [],
        "database": {"name": DB_FILENAME, "sha256": hashlib.sha256(db_bytes).hexdigest(), "size": len(db_bytes)},
        "photos": [{"path": rel, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                   for rel, data in (photos or {}).items()],
    }
    manifest.update(overrides)
    return manifest


def write_backup(
    dest: Path,
    db_bytes: bytes,
    manifest: dict | list | str | bytes | None = None,
    photos: dict[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A zip with the database, the photos by sha256, `extra` entries, and the manifest (a dict is
    dumped as JSON; bytes are written as they are)."""
    manifest = good_manifest(db_bytes, photos) if manifest is None else manifest
    raw = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode("utf-8")
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(DB_FILENAME, db_bytes)
        for data in {hashlib.sha256(d).hexdigest(): d for d in (photos or {}).values()}.items():
            zf.writestr(f"{backup.PHOTOS_DIRNAME}/{data[0]}", data[1])
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        zf.writestr(backup.MANIFEST_NAME, raw)
    return dest


def gianhang_db_bytes(data_dir: Path) -> bytes:
    """The data folder's own database as one self-contained file (WAL folded in)."""
    con = sqlite3.connect(data_dir / DB_FILENAME)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return (data_dir / DB_FILENAME).read_bytes()

