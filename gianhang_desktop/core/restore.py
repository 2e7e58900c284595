"""Restoring a backup, and the integrity check at start with its way out (the last good backup).

A restore never leaves the data half replaced: the backup is fully extracted and checked (zip
CRC and sizes, the manifest's sha256, `PRAGMA integrity_check`, schema revisions known to this
app, tables of a Gian Hàng database) into a staging folder beside the data, the current data is
backed up, and only then is the swap decided by writing a journal (`core.restore_journal`) and
done by renames. A restore killed at any step is finished, or undone, by the next open of the
data folder. The caller closes its database connections first (`Database.dispose()`); on Windows
an open file cannot be replaced.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from . import backup, restore_journal
from .backup_manifest import Manifest
from .changes import Changes
from .database import NewerSchemaError
from .disk import (
    FULL,
    READ_ONLY,
    DiskFull,
    ReadOnlyFolder,
    disk_errors,
    disk_fault,
    ensure_free_space,
)
from .i18n import msg
from .paths import DB_FILENAME
from .restore_journal import Journal, checkpoint
from .settings import Settings
from .staff.access import Access
from .tasks import CancelToken, ProgressFn, report

log = logging.getLogger(__name__)

_SIDE_FILES = restore_journal.SIDE_FILES
_CHUNK = 1 << 20


@dataclass(frozen=True)
class RestoreResult:
    restored: backup.BackupInfo
    safety_backup: backup.BackupInfo | None  # the data as it was before the restore
    damaged_copy: Path | None  # set when the old database was too damaged to back up

    @property
    def changes(self) -> Changes:
        """All data was replaced: every screen reads everything again."""
        return Changes(reset=True)

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
    """Check a backup file completely without touching any data; its description when good.

    Raises BackupError (damaged, foreign, not a Gian Hàng database) or NewerSchemaError.

    Raises:
        BackupError: damaged, foreign, or not a Gian Hàng database.
        NewerSchemaError: made by a newer version of the app.
    """
    with tempfile.TemporaryDirectory(prefix="gianhang-verify-") as tmp:
        if backup.read_manifest(path).db_name == backup.SERVER_DUMP_ENTRY:
            from .postgres.dump import verify_server_backup

            return verify_server_backup(Path(path), Path(tmp), cancel=cancel)[0]
        return _extract_checked(Path(path), Path(tmp), cancel=cancel)


def restore_backup(
    data_dir: Path,
    path: Path,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    access: Access | None = None,
) -> RestoreResult:
    """Replace the data of `data_dir` by the backup `path`, after checking it and backing up.

    Raises BackupError (damaged or foreign file), NewerSchemaError (made by a newer app),
    DiskFull (not enough room to unpack it), ReadOnlyFolder, RestoreInProgress (another process
    is restoring into the folder); the current data is then untouched. An older schema is
    accepted: opening the database afterwards migrates it. A data folder that works on the
    cooperative's server restores into the server's database, only when it is empty
    (`core.postgres.dump.restore_server_backup`). `access` is who is signed in (`db.access`):
    restoring needs `backup.restore` when the data asks everyone to sign in.

    Raises:
        BackupError: a damaged or foreign file.
        NewerSchemaError: made by a newer version of the app.
        DiskFull: not enough room to unpack it.
        ReadOnlyFolder: the data folder cannot be written.
        RestoreInProgress: another process is restoring into the folder.
        PermissionDenied, NotSignedIn: the data asks everyone to sign in and `access` may not restore.
        Cancelled: `cancel` was set.
        (In every case the current data is untouched.)
    """
    data_dir = Path(data_dir)
    may_restore(data_dir, access)
    server = backup.server_url(data_dir)
    if server is not None:  # several PCs: into the server's database, which must be empty
        from .postgres.dump import restore_server_backup

        info = restore_server_backup(data_dir, Path(path), server, progress=progress, cancel=cancel)
        return RestoreResult(info, None, None)
    with disk_errors(data_dir, data_dir):
        data_dir.mkdir(parents=True, exist_ok=True)
        lock = restore_journal.lock_data_folder(data_dir)
    decided = False
    try:
        with disk_errors(data_dir, data_dir):
            restore_journal.finish_locked(data_dir)  # an earlier restore that was killed comes first
            token = secrets.token_hex(4)
            staging = data_dir / f"{restore_journal.PREFIX}new-{token}"
            staging.mkdir()
        checkpoint("staging")
        report(progress, 0.0, "Đang kiểm tra tệp sao lưu…")
        info = _extract_checked(Path(path), staging, cancel=cancel, data_dir=data_dir)
        checkpoint("extracted")
        report(progress, 0.5, "Đang sao lưu dữ liệu hiện tại…")
        safety, damaged = _save_current(data_dir)
        checkpoint("safety-backup")
        if cancel:
            cancel.raise_if_cancelled()
        report(progress, 0.8, "Đang thay dữ liệu…")
        journal = Journal(staging.name, f"{restore_journal.PREFIX}old-{token}", info.db_sha256, str(path))
        with disk_errors(data_dir, data_dir):
            restore_journal.write_journal(data_dir, journal)
        decided = True
        _swap(data_dir, journal)
        restore_journal.clean_up(data_dir, journal)
    finally:
        if not decided:  # stopped before the swap: the old data is whole, only the staging goes
            restore_journal.clean_up(data_dir, None)
        lock.release()
    if safety is not None:
        backup.rotate_backups(data_dir, Settings.load(data_dir).backups_to_keep)
    log.info("restored %s into %s (safety backup %s)", path, data_dir, safety.path if safety else None)
    report(progress, 1.0, "Đã khôi phục")
    return RestoreResult(info, safety, damaged)


def may_restore(data_dir: Path, access: Access | None) -> None:
    """Refuse unless `access` may restore into `data_dir` (`backup.restore`); data that cannot be
    read (damaged, foreign, missing, older than accounts) is not in the way: restoring is how it
    is mended. A SQLite file is only read (never opened for writing: its files stay as they are)."""
    from .staff.access import NotSignedIn, PermissionDenied, Policy, require_in_policy
    from .staff.roles import Permission

    server = backup.server_url(data_dir)
    if server is None:
        path = data_dir / DB_FILENAME
        if not path.is_file():
            return
        from .db.sqlite import connect_readonly

        try:
            con = connect_readonly(path)
        except sqlite3.Error:
            return
        try:
            policy = Policy.read_sqlite(con, access.actor.user_id if access and access.actor else None)
        except sqlite3.Error:
            return
        finally:
            con.close()
        require_in_policy(policy, access, Permission.BACKUP_RESTORE)
        return
    from .database import Database
    from .staff.access import require

    try:
        db = Database.open(data_dir, migrate_now=False)
    except Exception:
        return
    try:
        with db.read_session() as session:
            session.info["access"] = access or Access()
            require(session, Permission.BACKUP_RESTORE)
    except (PermissionDenied, NotSignedIn):
        raise
    except Exception:  # no accounts table yet (an older schema), or the data is damaged
        return
    finally:
        db.dispose()


def _swap(data_dir: Path, journal: Journal) -> None:
    """The decided swap; a failure before the new database is in place puts the old data back."""
    try:
        restore_journal.swap(data_dir, journal)
    except OSError as error:  # Windows: a file still open, e.g. the app is running
        log.exception("restore failed while swapping files")
        if not (data_dir / journal.staging / DB_FILENAME).exists():
            raise  # the new database is in place: the next open finishes the photos
        restore_journal.roll_back(data_dir, journal)
        restore_journal.clean_up(data_dir, journal)
        raise backup.BackupError(msg(
            "Không thay được dữ liệu ({d}); dữ liệu hiện tại vẫn nguyên vẹn. Hãy đóng ứng dụng Gian Hàng rồi thử lại.",
            "Could not replace the data ({d}); the current data is untouched. Close the Gian Hàng app and try again.",
            d=str(error),
        )) from error


def check_database(data_dir: Path) -> IntegrityReport:
    """`PRAGMA quick_check` of the data folder's database (a missing database is fine; so is one
    on the cooperative's server, which checks its own: a local file left there is not the data)."""
    db_path = Path(data_dir) / DB_FILENAME
    if not db_path.exists() or backup.server_url(Path(data_dir)) is not None:
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


def _extract_checked(
    path: Path, into: Path, cancel: CancelToken | None = None, data_dir: Path | None = None
) -> backup.BackupInfo:
    manifest = backup.read_manifest(path)
    if manifest.db_name != backup.DB_ENTRY:
        raise backup.BackupError(msg(
            "Tệp {f} là bản sao lưu của máy chủ HTX: chỉ khôi phục được vào một cơ sở dữ liệu trống trên máy "
            "chủ (xem docs/multi-pc.md), không vào dữ liệu riêng của máy này.",
            "{f} is a backup of the cooperative's server: it can only be restored into an empty database on "
            "the server (see docs/multi-pc.md), not into this PC's own data.", f=Path(path).name))
    info = backup.backup_info(path)
    try:
        with zipfile.ZipFile(path) as zf:
            _check_members(zf, manifest)
            ensure_free_space(into, manifest.db_size + manifest.photo_bytes + (1 << 20), data_dir or into)
            # Reading every member to its end makes zipfile check its CRC; no member is inflated
            # beyond the size the manifest gives (a "zip bomb" stops there).
            _copy_member(zf, backup.DB_ENTRY, manifest.db_size, into / DB_FILENAME)
            checkpoint("extracting")
            copy_photos(zf, manifest, into / backup.PHOTOS_DIRNAME, path, cancel)
    except OSError as error:
        kind = disk_fault(error)
        if kind == FULL:
            raise DiskFull(data_dir or into) from error
        if kind == READ_ONLY and str(getattr(error, "filename", "") or "").startswith(str(into)):
            raise ReadOnlyFolder(data_dir or into, data_folder=data_dir is not None) from error
        raise backup.not_a_backup(path, str(error) or type(error).__name__) from error
    except (KeyError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error, zipfile.BadZipFile) as error:
        raise backup.not_a_backup(path, str(error) or type(error).__name__) from error
    db_out = into / DB_FILENAME
    if backup.sha256_file(db_out) != info.db_sha256:
        raise backup.not_a_backup(path, "sha256")
    verdict = backup.check_sqlite(db_out, quick=False)
    if verdict != "ok":
        raise backup.not_a_backup(path, f"integrity_check: {verdict}")
    _check_gianhang_database(path, db_out, manifest)
    return info


_PHOTO_MEMBER = re.compile(r"photos/[0-9a-f]{64}")
MAX_PATHS_PER_PICTURE = 8  # originals, market and thumbs of one picture: 3; a few more by accident


def _check_members(zf: zipfile.ZipFile, manifest: Manifest) -> None:
    """The zip holds only what a backup holds, once each, with the manifest's sizes.

    Raises BadZipFile naming the first stranger: another file (e.g. `../../x` or an absolute
    path), a repeated name, a picture missing or of another size, a picture claimed by many paths
    (a manifest that would unpack one file a million times).
    """
    sizes: dict[str, int] = {}
    for member in zf.infolist():
        name = member.filename
        if name in sizes:
            raise zipfile.BadZipFile(f"entry {name[:80]!r} twice")
        if name not in (backup.MANIFEST_NAME, manifest.db_name) and not _PHOTO_MEMBER.fullmatch(name):
            raise zipfile.BadZipFile(f"unexpected entry {name[:80]!r}")
        sizes[name] = member.file_size
    if sizes.get(manifest.db_name) != manifest.db_size:
        raise zipfile.BadZipFile(f"{manifest.db_name}: {sizes.get(manifest.db_name)} bytes, manifest says {manifest.db_size}")
    uses: dict[str, int] = {}
    for entry in manifest.photos:
        name = f"{backup.PHOTOS_DIRNAME}/{entry.sha256}"
        if sizes.get(name) != entry.size:
            raise zipfile.BadZipFile(f"{entry.path}: {sizes.get(name)} bytes, manifest says {entry.size}")
        uses[entry.sha256] = uses.get(entry.sha256, 0) + 1
        if uses[entry.sha256] > MAX_PATHS_PER_PICTURE:
            raise zipfile.BadZipFile(f"{name} used by more than {MAX_PATHS_PER_PICTURE} paths")


def copy_photos(zf: zipfile.ZipFile, manifest: Manifest, photos_root: Path, origin: Path,
                cancel: CancelToken | None = None) -> None:
    """Unpack a checked backup's pictures under `photos_root` (made even when there are none),
    each checked against its sha256 (BackupError naming the first that differs).

    Raises:
        BackupError: a picture differs from its sha256 (the first one is named).
        zipfile.BadZipFile: a member longer than the manifest says.
        Cancelled: `cancel` was set.
    """
    photos_root.mkdir(exist_ok=True)
    for entry in manifest.photos:
        if cancel:
            cancel.raise_if_cancelled()
        target = photos_root.joinpath(*entry.path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_member(zf, f"{backup.PHOTOS_DIRNAME}/{entry.sha256}", entry.size, target)
        if backup.sha256_file(target) != entry.sha256:
            raise backup.not_a_backup(origin, f"sha256 {entry.path}")


def _copy_member(zf: zipfile.ZipFile, name: str, size: int, target: Path) -> None:
    """Copy one zip member of `size` bytes (checked by `_check_members`), never more."""
    written = 0
    with zf.open(name) as src, open(target, "wb") as dst:
        while chunk := src.read(min(_CHUNK, size - written + 1)):
            written += len(chunk)
            if written > size:
                raise zipfile.BadZipFile(f"{name}: more than {size} bytes")
            dst.write(chunk)


def _check_gianhang_database(path: Path, db_out: Path, manifest: Manifest) -> None:
    """The extracted database must be a Gian Hàng one, at revisions this app knows."""
    from .db import migrate  # Alembic only when a backup is actually checked (fast start)
    from .db.schema_check import schema_problem

    try:
        revisions = backup.sqlite_revisions(db_out)
    except sqlite3.DatabaseError as error:
        raise backup.not_a_backup(path, str(error)) from error
    unknown = revisions - migrate.known_revisions()
    if unknown:
        raise NewerSchemaError(msg(
            "Bản sao lưu {f} được tạo bởi phiên bản mới hơn của ứng dụng ({rev}); hãy cập nhật ứng dụng trước khi khôi phục.",
            "The backup {f} was made by a newer version of the app ({rev}); update the app before restoring it.",
            f=path.name, rev=", ".join(sorted(unknown)),
        ))
    try:
        problem = schema_problem(db_out, revisions)
    except sqlite3.DatabaseError as error:
        problem = str(error)
    if problem is None and set(manifest.schema_revisions) not in (set(), revisions):
        problem = "schema revisions differ from the manifest"
    if problem is not None:
        raise backup.BackupError(msg(
            "Tệp {f} không phải bản sao lưu Gian Hàng hợp lệ: cơ sở dữ liệu bên trong không phải của Gian Hàng ({d})",
            "{f} is not a valid Gian Hàng backup: the database inside is not a Gian Hàng one ({d})",
            f=path.name, d=problem,
        ))


def _save_current(data_dir: Path) -> tuple[backup.BackupInfo | None, Path | None]:
    db_path = data_dir / DB_FILENAME
    if not db_path.exists():
        return None, None
    first = []

    def progress(_fraction: float, _message: str = "") -> None:
        if not first:
            first.append(True)
            checkpoint("safety-backup-writing")

    try:
        return backup.create_backup(data_dir, reason="before-restore", progress=progress), None
    except backup.BackupError:
        # Too damaged to back up: keep the raw files beside the backups for a technician.
        from . import clock

        stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
        keep = backup.backups_dir(data_dir) / f"damaged-{stamp}"
        with disk_errors(keep, data_dir):
            keep.mkdir(parents=True, exist_ok=True)
            for suffix in ("", *_SIDE_FILES):
                src = db_path.with_name(db_path.name + suffix)
                if src.exists():
                    shutil.copy2(src, keep / src.name)
        log.warning("damaged database kept in %s", keep)
        return None, keep
