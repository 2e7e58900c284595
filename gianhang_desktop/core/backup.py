"""Backups: one zip file holding a consistent copy of the database, the photo files and a manifest.

A backup file `gianhang-backup-YYYYMMDD-HHMMSS.zip` contains

- `gianhang.sqlite3`: the database, copied with SQLite's online backup API, so it is consistent
  even while the app (or another process) writes;
- `photos/<path>`: every file of `<data_dir>/photos/`. The photo rows are in the database, but
  the pictures themselves would be lost with a dead disk, so they are included. Photo files are
  already named by the sha256 of their content, are stored once per distinct content and without
  recompression (JPEG/PNG do not shrink);
- `manifest.json`: format, app version, schema revisions (Alembic heads), creation time (UTC),
  the database's sha256 and size, and the photo index (path, sha256, size).

Automatic backups go to `<data_dir>/backups/`, at most once a day and before every migration;
the newest `Settings.backups_to_keep` are kept. Restoring lives in `core.restore`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .. import __version__
from . import clock, locks
from .backup_manifest import (
    FORMAT,
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    Manifest,
    ManifestError,
    NewerFormat,
)
from .backup_manifest import parse_manifest as _parse_manifest
from .db.sqlite import connect_readonly, online_backup
from .disk import disk_error
from .errors import GianHangError, NotFound
from .i18n import msg
from .paths import DB_FILENAME
from .restore_journal import BACKUP_TEMP_PREFIX
from .settings import Settings
from .settings import update as update_settings
from .tasks import CancelToken, ProgressFn, report

log = logging.getLogger(__name__)

BACKUP_DIRNAME = "backups"
PHOTOS_DIRNAME = "photos"
DB_ENTRY = DB_FILENAME
SERVER_DUMP_ENTRY = "gianhang.pgdump"  # a backup of the cooperative's server (core.postgres.dump)
FILE_PREFIX = "gianhang-backup-"
AUTO_BACKUP_EVERY = timedelta(days=1)
_CHUNK = 1 << 20


class BackupError(GianHangError):
    """A backup could not be made, or a backup file is damaged or unusable."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, read from its manifest."""

    path: Path
    created_at: datetime
    app_version: str
    schema_revisions: tuple[str, ...]
    db_sha256: str
    db_size: int
    photo_count: int
    photo_bytes: int
    reason: str
    file_size: int

    def to_json(self) -> dict:
        return {
            "path": str(self.path),
            "created_at": self.created_at.isoformat(),
            "app_version": self.app_version,
            "schema_revisions": list(self.schema_revisions),
            "db_sha256": self.db_sha256,
            "db_size": self.db_size,
            "photo_count": self.photo_count,
            "photo_bytes": self.photo_bytes,
            "reason": self.reason,
            "file_size": self.file_size,
            "usable": True,
        }


@dataclass(frozen=True)
class UnusableBackup:
    """A file in `backups/` that looks like a backup but cannot be restored, and why."""

    path: Path
    problem: str  # one line, in the current language
    file_size: int

    def to_json(self) -> dict:
        return {"path": str(self.path), "usable": False, "problem": self.problem, "file_size": self.file_size}


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIRNAME


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sqlite_revisions(db_path: Path) -> set[str]:
    """The Alembic revisions recorded in a SQLite file (empty for a database never migrated)."""
    con = connect_readonly(db_path)
    try:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return set()
        return {row[0] for row in con.execute("SELECT version_num FROM alembic_version")}
    finally:
        con.close()


def check_sqlite(db_path: Path, *, quick: bool = True) -> str:
    """'ok', or what `PRAGMA quick_check` (or the full `integrity_check`) found wrong."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = connect_readonly(db_path)
        try:
            rows = [row[0] for row in con.execute(f"PRAGMA {pragma}")]
        finally:
            con.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "ok" if rows == ["ok"] else "; ".join(str(r) for r in rows[:5])


def create_backup(
    data_dir: Path,
    out: Path | None = None,
    *,
    reason: str = "manual",
    include_photos: bool = True,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> BackupInfo:
    """Write one backup file of `data_dir` (to `out`, or a new file in `<data_dir>/backups/`).

    The file appears only when complete (written in a work folder beside it, then renamed), so a
    full disk or a kill never leaves part of a zip under the target's name. A database that
    fails its integrity check is refused: a backup must be good to restore. Works from a
    read-only data folder when `out` is elsewhere.

    Raises:
        NotFound: no database in `data_dir`.
        DiskFull: the target's disk filled up (nothing is left behind).
        ReadOnlyFolder: the target cannot be written (the data folder is named when it is there).
        BackupError: the database is damaged, or another failure to write the file.
    """
    data_dir = Path(data_dir)
    server = server_url(data_dir)
    if server is not None:  # several PCs: the server's database, with pg_dump
        from .postgres.dump import create_server_backup

        return create_server_backup(data_dir, server, out, reason=reason, include_photos=include_photos,
                                    progress=progress, cancel=cancel)
    source = data_dir / DB_FILENAME
    if not source.is_file():
        raise NotFound(msg("Không có cơ sở dữ liệu trong {d}", "No database in {d}", d=str(data_dir)))
    now = clock.now_utc()
    target = Path(out) if out else _new_backup_path(backups_dir(data_dir), now)
    report(progress, 0.0, "Đang sao lưu cơ sở dữ liệu…")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        manifest = _write_backup(data_dir, source, target, now, reason, include_photos, progress, cancel)
    except OSError as error:  # disk full, USB stick pulled out, no permission
        raise disk_error(error, target.parent, data_dir) or BackupError(msg(
            "Không ghi được bản sao lưu vào {f} ({d})", "Could not write the backup to {f} ({d})",
            f=str(target), d=str(error),
        )) from error
    report(progress, 1.0, "Đã sao lưu")
    info = _info_from_manifest(target, manifest)
    log.info("backup written: %s (%s, %d bytes, %d photos)", target, reason, info.file_size, info.photo_count)
    return info


def _write_backup(data_dir, source, target, now, reason, include_photos, progress, cancel) -> Manifest:
    with locks.owned_temp_folder(target.parent, BACKUP_TEMP_PREFIX) as tmp:
        snapshot = Path(tmp) / DB_ENTRY
        try:
            online_backup(str(source), str(snapshot))
            _make_self_contained(snapshot)
        except sqlite3.DatabaseError as error:
            if translated := disk_error(error, target.parent, data_dir):
                raise translated from error
            raise _damaged_source(str(error)) from error
        verdict = check_sqlite(snapshot)
        if verdict != "ok":
            raise _damaged_source(verdict)
        if cancel:
            cancel.raise_if_cancelled()
        photos = _photo_files(data_dir / PHOTOS_DIRNAME) if include_photos else []
        manifest = {
            "format": FORMAT,
            "app": "gianhang-desktop",
            "app_version": __version__,
            "created_at": now.isoformat(),
            "reason": reason,
            "schema_revisions": sorted(sqlite_revisions(snapshot)),
            "database": {"name": DB_ENTRY, "sha256": sha256_file(snapshot), "size": snapshot.stat().st_size},
            "photos": [],
        }
        partial = Path(tmp) / "backup.zip.part"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.write(snapshot, DB_ENTRY)
            stored: set[str] = set()
            for index, (rel, path) in enumerate(photos):
                if cancel:
                    cancel.raise_if_cancelled()
                digest, size = sha256_file(path), path.stat().st_size
                manifest["photos"].append({"path": rel, "sha256": digest, "size": size})
                if digest not in stored:
                    stored.add(digest)
                    zf.write(path, f"{PHOTOS_DIRNAME}/{digest}", compress_type=zipfile.ZIP_STORED)
                report(progress, 0.3 + 0.65 * (index + 1) / len(photos), "Đang sao lưu ảnh…")
            zf.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2))
        with open(partial, "rb+") as fh:  # on the disk before it takes the target's name
            os.fsync(fh.fileno())
        os.replace(partial, target)
    return _parse_manifest(json.dumps(manifest).encode("utf-8"), db_name=DB_ENTRY, now=now)


def read_manifest(path: Path) -> Manifest:
    """The checked manifest of a backup file (see `core.backup_manifest`).

    Raises:
        BackupError: the file is not a readable Gian Hàng backup (one line saying why), or was
            made by a newer version of the app.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            entry = zf.getinfo(MANIFEST_NAME)
            if entry.file_size > MAX_MANIFEST_BYTES:  # a manifest "zip bomb": never inflated
                raise ManifestError(f"manifest of {entry.file_size} bytes")
            with zf.open(entry) as fh:
                raw = fh.read(MAX_MANIFEST_BYTES + 1)
        return _parse_manifest(raw, db_name=(DB_ENTRY, SERVER_DUMP_ENTRY))
    except NewerFormat as error:
        raise BackupError(msg(
            "Tệp sao lưu {f} được tạo bởi phiên bản mới hơn của ứng dụng ({d}); hãy cập nhật ứng dụng.",
            "The backup {f} was made by a newer version of the app ({d}); please update the app.",
            f=Path(path).name, d=error.reason,
        )) from error
    except ManifestError as error:
        raise not_a_backup(path, error.reason) from error
    except KeyError:
        raise not_a_backup(path, "no manifest.json") from None
    except FileNotFoundError:
        raise BackupError(msg("Không tìm thấy tệp {f}", "File not found: {f}", f=str(path))) from None
    except (OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error, zipfile.BadZipFile) as error:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method.
        raise not_a_backup(path, str(error) or type(error).__name__) from error


def backup_info(path: Path) -> BackupInfo:
    """Describe a backup file from its manifest (does not verify its content). Raises BackupError.

    Raises:
        BackupError: as `read_manifest`.
    """
    return _info_from_manifest(Path(path), read_manifest(path))


def scan_backups(data_dir: Path) -> tuple[list[BackupInfo], list[UnusableBackup]]:
    """Every `gianhang-backup-*.zip` of `<data_dir>/backups/`: the readable ones newest first, and
    the unusable ones (damaged, foreign, from a newer app) with the reason, by name."""
    found, unusable = [], []
    try:
        paths = sorted(backups_dir(data_dir).glob(f"{FILE_PREFIX}*.zip"))
    except OSError:
        paths = []
    for path in paths:
        try:
            found.append(backup_info(path))
        except GianHangError as error:
            log.warning("unusable backup skipped: %s (%s)", path, error.message("en"))
            unusable.append(UnusableBackup(path, str(error), _size(path)))
    found.sort(key=lambda b: (b.created_at, b.path.name), reverse=True)
    return found, unusable


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The readable backups in `<data_dir>/backups/`, newest first (unusable files are left out)."""
    return scan_backups(data_dir)[0]


def rotate_backups(data_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of `<data_dir>/backups/`; the deleted paths.

    Raises:
        OSError: a backup file could not be deleted (those before it are gone).
    """
    keep = max(1, keep)
    files = [b.path for b in list_backups(data_dir)]  # newest first, by the manifest's time
    removed = []
    for path in files[keep:]:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            log.warning("could not delete old backup %s", path)
    # Half-written backups of a run that was killed (never renamed into place; their writer is gone).
    for stale in locks.dead_temp_folders(backups_dir(data_dir), BACKUP_TEMP_PREFIX):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    return removed


def backup_due(settings: Settings, now: datetime | None = None) -> bool:
    """True when no automatic backup was made in the last day."""
    if not settings.last_backup_at:
        return True
    try:
        last = datetime.fromisoformat(settings.last_backup_at)
    except ValueError:
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    now = now or clock.now_utc()
    return now - last >= AUTO_BACKUP_EVERY or last > now


def auto_backup_if_due(
    data_dir: Path,
    settings: Settings | None = None,
    *,
    now: datetime | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> BackupInfo | None:
    """The daily automatic backup: made when due, then old ones rotated; None when not due.

    Raises:
        As `create_backup`; DiskFull, ReadOnlyFolder too when the settings file cannot be written.
        Cancelled: `cancel` was set (no backup file is left).
    """
    data_dir = Path(data_dir)
    settings = settings or Settings.load(data_dir)
    server = server_url(data_dir)
    if (server is None and not (data_dir / DB_FILENAME).is_file()) or not backup_due(settings, now):
        return None
    try:
        info = create_backup(data_dir, reason="daily", progress=progress, cancel=cancel)
    except BackupError as error:
        if server is None:
            raise
        # On a PC without pg_dump the daily backup is another PC's job (or the server's): say so in
        # the log; a backup asked for by hand gives the whole message.
        log.warning("daily server backup not made: %s", error.message("en"))
        return None
    settings.last_backup_at = (now or info.created_at).isoformat()
    update_settings(data_dir, last_backup_at=settings.last_backup_at)  # only this key: others may have changed
    rotate_backups(data_dir, settings.backups_to_keep)
    return info


def backup_before_upgrade(db) -> BackupInfo | None:
    """`Database.migrate` hook: back up a database holding data before its schema changes (on the
    server with pg_dump; a PC without it migrates without, saying so in the log).

    Raises:
        As `create_backup`: the migration does not start without its backup.
    """
    if not db.is_sqlite:
        if not db.schema_revisions():
            return None  # a new, empty server database: nothing to back up yet
        from .postgres.dump import create_server_backup

        try:
            return create_server_backup(db.data_dir, db.url, reason="before-upgrade")
        except GianHangError as error:
            log.warning("no backup before upgrading the server's data: %s", error.message("en"))
            return None
    path = db.sqlite_path
    if path is None or not path.is_file() or not sqlite_revisions(path):
        return None
    info = create_backup(db.data_dir, reason="before-upgrade")
    rotate_backups(db.data_dir, Settings.load(db.data_dir).backups_to_keep)
    return info


def not_a_backup(path: Path, detail: str) -> BackupError:
    """'X is not a valid backup (why)': one line whatever the detail holds."""
    detail = " ".join(str(detail).split())
    return BackupError(msg(
        "Tệp {f} không phải bản sao lưu Gian Hàng hợp lệ hoặc đã bị hỏng ({d})",
        "{f} is not a valid Gian Hàng backup or it is damaged ({d})",
        f=Path(path).name, d=detail if len(detail) <= 200 else detail[:199] + "…",
    ))


def _damaged_source(detail: str) -> BackupError:
    return BackupError(msg(
        "Cơ sở dữ liệu hiện tại bị hỏng, không thể sao lưu ({d})",
        "The current database is damaged and cannot be backed up ({d})",
        d=detail,
    ))


def _make_self_contained(db_path: Path) -> None:
    # The backup API copies pages; the copy keeps the source's WAL mode. Switch it back to a
    # rollback journal so the file is complete on its own, without -wal/-shm companions.
    con = sqlite3.connect(db_path)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _photo_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files.append((path.relative_to(root).as_posix(), path))
    return files


def backup_filename(now: datetime | None = None) -> str:
    """`gianhang-backup-YYYYMMDD-HHMMSS.zip`, in local time (what the user sees in the folder)."""
    return f"{FILE_PREFIX}{clock.to_local(now or clock.now_utc()):%Y%m%d-%H%M%S}.zip"


def _new_backup_path(folder: Path, now: datetime) -> Path:
    path = folder / backup_filename(now)
    stem, n = path.stem, 2
    while path.exists():
        path = folder / f"{stem}-{n}.zip"
        n += 1
    return path


def _info_from_manifest(path: Path, manifest: Manifest) -> BackupInfo:
    return BackupInfo(
        path=path,
        created_at=manifest.created_at,
        app_version=manifest.app_version,
        schema_revisions=manifest.schema_revisions,
        db_sha256=manifest.db_sha256,
        db_size=manifest.db_size,
        photo_count=len(manifest.photos),
        photo_bytes=manifest.photo_bytes,
        reason=manifest.reason,
        file_size=_size(path),
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def server_url(data_dir: Path) -> str | None:
    """The server's database URL when this data folder works on the cooperative's server, else None."""
    from .database import database_url

    url = database_url(Path(data_dir))
    return None if url.startswith("sqlite") else url
