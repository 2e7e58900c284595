"""Restoring a backup, and the integrity check at start with its way out (the last good backup).

A restore never leaves the data half replaced: the backup is fully extracted and checked
(zip CRC, the manifest's sha256, `PRAGMA integrity_check`, schema revisions known to this app)
into a staging folder beside the data, the current data is backed up, and only then are the
files swapped by renames; any failure puts the old files back. The caller closes its database
connections first (`Database.dispose()`); on Windows an open file cannot be replaced.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from . import backup
from .database import NewerSchemaError
from .i18n import msg
from .paths import DB_FILENAME
from .tasks import CancelToken, ProgressFn, report

log = logging.getLogger(__name__)

_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RestoreResult:
    restored: backup.BackupInfo
    safety_backup: backup.BackupInfo | None  # the data as it was before the restore
    damaged_copy: Path | None  # set when the old database was too damaged to back up

    def to_json(self) -> dict:
        return {
            "restored": self.restored.to_json(),
            "safety_backup": self.safety_backup.to_json() if self.safety_backup else None,
            "damaged_copy": str(self.damaged_copy) if self.damaged_copy else None,
        }


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    detail: str  # "ok", or what SQLite found wrong
    last_good: backup.BackupInfo | None = None  # what to offer when not ok


def verify_backup(path: Path, cancel: CancelToken | None = None) -> backup.BackupInfo:
    """Check a backup file completely without touching any data; its description when good."""
    with tempfile.TemporaryDirectory(prefix="gianhang-verify-") as tmp:
        return _extract_checked(Path(path), Path(tmp), cancel=cancel)


def restore_backup(
    data_dir: Path,
    path: Path,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> RestoreResult:
    """Replace the data of `data_dir` by the backup `path`, after checking it and backing up.

    Raises BackupError (damaged or foreign file) or NewerSchemaError (made by a newer app) and
    then leaves the current data untouched. An older schema is accepted: opening the database
    afterwards migrates it.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".restore-new-"))
    old = Path(tempfile.mkdtemp(dir=data_dir, prefix=".restore-old-"))
    try:
        report(progress, 0.0, "Đang kiểm tra tệp sao lưu…")
        info = _extract_checked(Path(path), staging, cancel=cancel)
        report(progress, 0.5, "Đang sao lưu dữ liệu hiện tại…")
        safety, damaged = _save_current(data_dir)
        if cancel:
            cancel.raise_if_cancelled()
        report(progress, 0.8, "Đang thay dữ liệu…")
        try:
            _swap_in(data_dir, staging, old)
        except OSError as error:  # Windows: a file still open, e.g. the app is running
            raise backup.BackupError(msg(
                "Không thay được dữ liệu ({d}); dữ liệu hiện tại vẫn nguyên vẹn. Hãy đóng ứng dụng Gian Hàng rồi thử lại.",
                "Could not replace the data ({d}); the current data is untouched. Close the Gian Hàng app and try again.",
                d=str(error),
            )) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    log.info("restored %s into %s (safety backup %s)", path, data_dir, safety.path if safety else None)
    report(progress, 1.0, "Đã khôi phục")
    return RestoreResult(info, safety, damaged)


def check_database(data_dir: Path) -> IntegrityReport:
    """`PRAGMA quick_check` of the data folder's database (a missing database is fine)."""
    db_path = Path(data_dir) / DB_FILENAME
    if not db_path.exists():
        return IntegrityReport(True, "ok")
    verdict = backup.check_sqlite(db_path, quick=True)
    if verdict == "ok":
        return IntegrityReport(True, "ok")
    log.error("database integrity check failed: %s", verdict)
    return IntegrityReport(False, verdict, last_good_backup(data_dir))


def last_good_backup(data_dir: Path) -> backup.BackupInfo | None:
    """The newest backup in `<data_dir>/backups/` that verifies completely."""
    for candidate in backup.list_backups(data_dir):
        try:
            return verify_backup(candidate.path)
        except (backup.BackupError, NewerSchemaError):
            continue
    return None


def _extract_checked(path: Path, into: Path, cancel: CancelToken | None = None) -> backup.BackupInfo:
    manifest = backup.read_manifest(path)
    info = backup.backup_info(path)
    db_out = into / DB_FILENAME
    try:
        with zipfile.ZipFile(path) as zf:
            # Reading every member to its end makes zipfile check its CRC.
            with zf.open(manifest["database"]["name"]) as src, open(db_out, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            photos_root = into / backup.PHOTOS_DIRNAME
            for entry in manifest.get("photos") or []:
                if cancel:
                    cancel.raise_if_cancelled()
                target = photos_root / _safe_relative(entry["path"], path)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(f"{backup.PHOTOS_DIRNAME}/{entry['sha256']}") as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                if backup.sha256_file(target) != entry["sha256"]:
                    raise backup.not_a_backup(path, f"sha256 {entry['path']}")
    except (OSError, KeyError, TypeError, EOFError, zlib.error, zipfile.BadZipFile) as error:
        raise backup.not_a_backup(path, str(error) or type(error).__name__) from error
    if backup.sha256_file(db_out) != info.db_sha256:
        raise backup.not_a_backup(path, "sha256")
    verdict = backup.check_sqlite(db_out, quick=False)
    if verdict != "ok":
        raise backup.not_a_backup(path, f"integrity_check: {verdict}")
    try:
        revisions = backup.sqlite_revisions(db_out)
    except sqlite3.DatabaseError as error:
        raise backup.not_a_backup(path, str(error)) from error
    from .db import migrate  # Alembic only when a backup is actually checked (fast start)

    unknown = revisions - migrate.known_revisions()
    if unknown:
        raise NewerSchemaError(msg(
            "Bản sao lưu {f} được tạo bởi phiên bản mới hơn của ứng dụng ({rev}); hãy cập nhật ứng dụng trước khi khôi phục.",
            "The backup {f} was made by a newer version of the app ({rev}); update the app before restoring it.",
            f=path.name, rev=", ".join(sorted(unknown)),
        ))
    return info


def _safe_relative(rel: str, backup_path: Path) -> Path:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", "") or ":" in p or "\\" in p for p in parts):
        raise backup.not_a_backup(backup_path, f"path {rel!r}")
    return Path(*parts)


def _save_current(data_dir: Path) -> tuple[backup.BackupInfo | None, Path | None]:
    db_path = data_dir / DB_FILENAME
    if not db_path.exists():
        return None, None
    try:
        return backup.create_backup(data_dir, reason="before-restore"), None
    except backup.BackupError:
        # Too damaged to back up: keep the raw files beside the backups for a technician.
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        keep = backup.backups_dir(data_dir) / f"damaged-{stamp}"
        keep.mkdir(parents=True, exist_ok=True)
        for suffix in ("", *_SIDE_FILES):
            src = db_path.with_name(db_path.name + suffix)
            if src.exists():
                shutil.copy2(src, keep / src.name)
        log.warning("damaged database kept in %s", keep)
        return None, keep


def _swap_in(data_dir: Path, staging: Path, old: Path) -> None:
    """Rename the staged database and photos into place; on any failure rename the old back."""
    db_path = data_dir / DB_FILENAME
    photos = data_dir / backup.PHOTOS_DIRNAME
    moved: list[tuple[Path, Path]] = []  # (original place, where it went)

    def move_aside(src: Path) -> None:
        if src.exists():
            dest = old / src.name
            os.replace(src, dest)
            moved.append((src, dest))

    try:
        # A stale -wal beside the new file would be replayed into it: move the companions first.
        for suffix in _SIDE_FILES:
            move_aside(db_path.with_name(db_path.name + suffix))
        move_aside(photos)
        if db_path.exists():
            # Keep the old file reachable (hard link, else a copy) while the new one is renamed
            # over it in one atomic step: there is never a moment without a database.
            try:
                os.link(db_path, old / db_path.name)
            except OSError:
                shutil.copy2(db_path, old / db_path.name)
            moved.append((db_path, old / db_path.name))
        os.replace(staging / DB_FILENAME, db_path)
        if (staging / backup.PHOTOS_DIRNAME).exists():
            os.replace(staging / backup.PHOTOS_DIRNAME, photos)
    except BaseException:
        log.exception("restore failed while swapping files; putting the old data back")
        if photos.exists() and any(orig == photos for orig, _ in moved):
            shutil.rmtree(photos, ignore_errors=True)
        for original, dest in reversed(moved):
            os.replace(dest, original)
        raise
