"""The restore's journal: the swap of the data by renames, finished or undone at the next start.

A restore (`core.restore`) first prepares everything beside the data: the backup extracted and
checked in `.restore-new-<id>/`, the current data backed up. Then it writes this journal,
`.restore-journal.json` (whole or not at all), naming the staging folder, the folder
`.restore-old-<id>/` the replaced files go to, and the sha256 of the staged database. From that
moment the restore is decided; the swap is a series of renames, each of which checks whether it
is already done, so the same `swap` finishes the job after a kill at any step:

1. the database's `-wal`/`-shm`/`-journal` companions go to the old folder;
2. `photos/` goes to the old folder;
3. the old database is kept in the old folder (a hard link, else a rename);
4. the staged database is renamed over `gianhang.sqlite3`;
5. the staged `photos/` is renamed into place;
6. the journal is deleted, then both folders.

Whoever opens the data folder next (`Database.open`, used by every command and the window) calls
`finish_interrupted_restore`: with a journal it replays the steps (or, when the staged database
is gone or no longer matches the journal before step 4, moves the old files back), then cleans
up; `.restore-*` entries without a journal belong to a restore killed before it decided, whose
data is still wholly the old one: they are deleted. Half-written backups in `backups/` whose
writer died go too. One process at a time: a restore holds the lock on `.gianhang.lock` from
start to end, and the check takes it only when there is something to do.

`checkpoint(name)` marks each step as the kill point `restore.<name>` (core/killpoints.py): the
tests stop a child process there and kill it (`STEPS` lists them in order).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import killpoints, locks
from .disk import ReadOnlyFolder, folder_writable
from .errors import GianHangError
from .i18n import msg
from .paths import DB_FILENAME

log = logging.getLogger(__name__)

PREFIX = ".restore-"
JOURNAL_NAME = ".restore-journal.json"
LOCK_NAME = ".gianhang.lock"
PHOTOS = "photos"
SIDE_FILES = ("-wal", "-shm", "-journal")
BACKUP_TEMP_PREFIX = ".backup-"  # core.backup writes each backup in such a folder (locks.owned_temp_folder)

# Every point a restore passes, in order (the first five are in core.restore, before the journal).
STEPS = (
    "staging",  # the staging folder exists, empty
    "extracting",  # the database is extracted, the photos not yet
    "extracted",  # everything extracted and checked
    "safety-backup-writing",  # the safety backup of the current data is half written
    "safety-backup",  # the safety backup is complete
    "journal-temp",  # the journal is written under its temporary name
    "journal",  # the journal is in place: the restore is decided
    "side-files",
    "photos-aside",
    "old-db-kept",
    "db-swapped",
    "photos-in",
    "journal-removed",
    "staging-removed",
    "old-removed",
)



def checkpoint(name: str) -> None:
    """A restore step is done: the kill point `restore.<name>` (tests stop the process here)."""
    killpoints.reached(f"restore.{name}")


class RestoreInProgress(GianHangError):
    """Another process is restoring a backup into this data folder right now."""

    def __init__(self, folder: Path):
        super().__init__(msg(
            "Đang khôi phục bản sao lưu vào thư mục dữ liệu {folder} (ở cửa sổ hoặc lệnh khác): "
            "hãy đợi xong rồi thử lại.",
            "A backup is being restored into the data folder {folder} (by another window or command): "
            "wait until it ends and try again.",
            folder=str(folder),
        ))


@dataclass(frozen=True)
class Journal:
    """What a decided restore is doing: its two folders (names inside the data folder) and the
    sha256 of the database it puts in place."""

    staging: str
    old: str
    db_sha256: str
    backup: str = ""

    def to_json(self) -> dict:
        return {"format": 1, "staging": self.staging, "old": self.old, "db_sha256": self.db_sha256,
                "backup": self.backup}


def lock_data_folder(data_dir: Path) -> locks.FileLock:
    """The restore lock of `data_dir`; raises RestoreInProgress when another process holds it."""
    lock = locks.try_lock(Path(data_dir) / LOCK_NAME, remove=True)
    if lock is None:
        raise RestoreInProgress(Path(data_dir))
    return lock


def write_journal(data_dir: Path, journal: Journal) -> None:
    """Write the journal whole (temporary file, flushed, renamed; the folder flushed too)."""
    data_dir = Path(data_dir)
    tmp = data_dir / f"{JOURNAL_NAME}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(journal.to_json(), fh)
        fh.flush()
        os.fsync(fh.fileno())
    checkpoint("journal-temp")
    os.replace(tmp, data_dir / JOURNAL_NAME)
    _sync_folder(data_dir)
    checkpoint("journal")


def read_journal(data_dir: Path) -> Journal | None:
    """The journal of an interrupted restore, or None (none, or not one this app wrote whole)."""
    try:
        raw = json.loads((Path(data_dir) / JOURNAL_NAME).read_text(encoding="utf-8"))
        journal = Journal(str(raw["staging"]), str(raw["old"]), str(raw["db_sha256"]), str(raw.get("backup", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    for name in (journal.staging, journal.old):
        if not name.startswith(PREFIX) or "/" in name or "\\" in name or name in (".", ".."):
            return None
    return journal


def swap(data_dir: Path, journal: Journal) -> None:
    """Steps 1–5: put the staged database and photos in place, the replaced ones in the old folder.

    Each step checks whether it is done already, so running this again after a kill finishes it.
    """
    data_dir = Path(data_dir)
    db, photos = data_dir / DB_FILENAME, data_dir / PHOTOS
    staging, old = data_dir / journal.staging, data_dir / journal.old
    old.mkdir(exist_ok=True)
    if (staging / DB_FILENAME).exists():  # the database is not in place yet
        # A stale -wal beside the new file would be replayed into it: the companions go first.
        for suffix in SIDE_FILES:
            _move(Path(f"{db}{suffix}"), old / f"{DB_FILENAME}{suffix}")
        checkpoint("side-files")
        if photos.exists() and not (old / PHOTOS).exists():
            os.replace(photos, old / PHOTOS)
        checkpoint("photos-aside")
        if db.exists() and not (old / DB_FILENAME).exists():
            try:  # the old file stays reachable while the new one is renamed over it
                os.link(db, old / DB_FILENAME)
            except OSError:  # no hard links (FAT32, exFAT): the journal covers the moment without
                os.replace(db, old / DB_FILENAME)
        checkpoint("old-db-kept")
        os.replace(staging / DB_FILENAME, db)
        _sync_folder(data_dir)
    checkpoint("db-swapped")
    if (staging / PHOTOS).exists():
        if photos.exists() and not (old / PHOTOS).exists():  # the old photos/, not moved aside yet
            os.replace(photos, old / PHOTOS)
        elif photos.exists():  # an empty photos/ made after step 2 (the old ones are kept aside)
            _remove(photos)
        os.replace(staging / PHOTOS, photos)
    photos.mkdir(exist_ok=True)  # never a data folder without its photos/
    _sync_folder(data_dir)
    checkpoint("photos-in")


def roll_back(data_dir: Path, journal: Journal) -> None:
    """Undo steps 1–3 (step 4 never ran): the old database, companions and photos go back."""
    data_dir = Path(data_dir)
    db, photos = data_dir / DB_FILENAME, data_dir / PHOTOS
    old = data_dir / journal.old
    if (old / DB_FILENAME).exists():
        if db.exists() and os.path.samefile(old / DB_FILENAME, db):
            (old / DB_FILENAME).unlink()  # the hard link of step 3 (Windows cannot rename over an open file)
        else:
            os.replace(old / DB_FILENAME, db)
    for suffix in SIDE_FILES:
        _move(old / f"{DB_FILENAME}{suffix}", Path(f"{db}{suffix}"))
    if (old / PHOTOS).exists():
        if photos.exists():
            shutil.rmtree(photos)
        os.replace(old / PHOTOS, photos)
    _sync_folder(data_dir)


def clean_up(data_dir: Path, journal: Journal | None) -> None:
    """Step 6: the journal first (the restore is over), then every `.restore-*` entry."""
    data_dir = Path(data_dir)
    (data_dir / JOURNAL_NAME).unlink(missing_ok=True)
    (data_dir / f"{JOURNAL_NAME}.tmp").unlink(missing_ok=True)
    _sync_folder(data_dir)
    checkpoint("journal-removed")
    ordered = [journal.staging, journal.old] if journal else []
    others = sorted(e.name for e in os.scandir(data_dir) if e.name.startswith(PREFIX) and e.name not in ordered)
    for index, name in enumerate([*ordered, *others]):
        _remove(data_dir / name)
        if index < 2 and journal:
            checkpoint("staging-removed" if index == 0 else "old-removed")


def restore_pending(data_dir: Path) -> bool:
    """Whether the folder holds a restore's leftovers (finished by the next `Database.open`)."""
    try:
        return any(e.name.startswith(PREFIX) for e in os.scandir(data_dir))
    except OSError:
        return False


def finish_interrupted_restore(data_dir: Path) -> str | None:
    """Finish (or undo) a restore that was killed, and remove what killed backups left; at every open.

    Returns "finished", "rolled back", "cleaned" or None (nothing to do, the common case: one
    directory listing). Raises RestoreInProgress while another process restores, ReadOnlyFolder
    when a decided restore waits in a folder that cannot be written.
    """
    data_dir = Path(data_dir)
    try:  # a lock file left by a killed restore goes too (taken, then removed on release)
        names = [e.name for e in os.scandir(data_dir) if e.name.startswith(PREFIX) or e.name == LOCK_NAME]
    except (FileNotFoundError, NotADirectoryError):
        return None
    stale_backups = _dead_backup_temps(data_dir)
    if not names and not stale_backups:
        return None
    if not folder_writable(data_dir):
        if JOURNAL_NAME in names:
            raise ReadOnlyFolder(data_dir, detail=msg(
                " (một lần khôi phục bị gián đoạn cần được hoàn tất)",
                " (an interrupted restore must be finished first)").text())
        return None  # the old data is whole; its leftovers wait for a writable start
    lock = lock_data_folder(data_dir)
    try:
        return finish_locked(data_dir)
    finally:
        lock.release()


def finish_locked(data_dir: Path) -> str | None:
    """`finish_interrupted_restore` for a caller that holds the lock already (a new restore)."""
    data_dir = Path(data_dir)
    outcome = None
    if any(e.name.startswith(PREFIX) for e in os.scandir(data_dir)):
        outcome = _finish(data_dir)
    for leftover in _dead_backup_temps(data_dir):
        _remove(leftover)
        outcome = outcome or "cleaned"
    return outcome


def _finish(data_dir: Path) -> str:
    journal = read_journal(data_dir)
    if journal is None:
        clean_up(data_dir, None)
        log.warning("removed the leftovers of a restore that was stopped before the swap")
        return "cleaned"
    staged = data_dir / journal.staging / DB_FILENAME
    if staged.exists():
        forward = _sha256(staged) == journal.db_sha256
    else:  # step 4 ran, unless the staging folder was lost
        forward = (data_dir / DB_FILENAME).exists() and _sha256(data_dir / DB_FILENAME) == journal.db_sha256
    if forward:
        swap(data_dir, journal)
        outcome = "finished"
    else:
        roll_back(data_dir, journal)
        outcome = "rolled back"
    clean_up(data_dir, journal)
    log.warning("an interrupted restore of %s was %s", journal.backup or "a backup", outcome)
    return outcome


def _dead_backup_temps(data_dir: Path) -> list[Path]:
    """`backups/.backup-*` work folders whose writer is gone (a killed backup, safety backups too)."""
    return locks.dead_temp_folders(data_dir / "backups", BACKUP_TEMP_PREFIX)


def _move(src: Path, dest: Path) -> None:
    if src.exists():
        os.replace(src, dest)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (POSIX; Windows has no directory handles to flush)."""
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
