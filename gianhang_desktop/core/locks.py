"""Advisory file locks that die with their process: who owns a restore, a half-written backup.

A lock is an exclusive OS lock on a small file (`fcntl.flock` on Linux and macOS, `msvcrt.locking`
on Windows). The OS drops it when the process ends, even when killed, so "can I take the lock?"
answers "is its owner still alive?" without guessing from process ids or file ages.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class FileLock:
    """An exclusive lock held on `path` until `release()` (or the process ends)."""

    def __init__(self, path: Path, fd: int, remove: bool = False):
        self.path, self._fd, self._remove = path, fd, remove

    def release(self) -> None:
        if self._fd < 0:
            return
        if self._remove and os.name != "nt":  # removed while still held: see try_lock
            Path(self.path).unlink(missing_ok=True)
        os.close(self._fd)  # closing the descriptor drops the lock
        self._fd = -1
        if self._remove and os.name == "nt":  # pragma: no cover - Windows deletes closed files only
            try:
                Path(self.path).unlink(missing_ok=True)
            except OSError:
                pass  # another process has it open: it will take the lock


def try_lock(path: Path, *, remove: bool = False) -> FileLock | None:
    """Take the lock on `path` (created if missing) without waiting; None when another holds it.

    With `remove`, the file is deleted on release, leaving nothing behind; a process that opened
    it just before may then lock the deleted file, so after locking the path must still be the
    file locked (same inode), else it tries again.

    Raises OSError when the file cannot be created or opened (e.g. a read-only folder).
    """
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _lock(fd):
            os.close(fd)
            return None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            return FileLock(Path(path), fd, remove)
        os.close(fd)


def owner_alive(path: Path) -> bool:
    """True when the process that locked `path` still holds it; a missing file has no owner."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        return not _lock(fd)
    finally:
        os.close(fd)


@contextmanager
def held(path: Path) -> Iterator[FileLock | None]:
    """`try_lock` for a block: yields the lock, or None when another process holds it."""
    lock = try_lock(path)
    try:
        yield lock
    finally:
        if lock is not None:
            lock.release()


@contextmanager
def owned_temp_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A temporary folder `<parent>/<prefix>XXXX/` marked as ours by a lock on `<prefix>XXXX.lock`.

    The lock file is made and locked before the folder exists and removed after it, so
    `dead_temp_folders` never mistakes a live writer's folder for a leftover. Removed at the end.
    """
    import shutil
    import tempfile

    while True:  # a cleaner probing the fresh file at that very moment: take another name
        fd, lock_name = tempfile.mkstemp(dir=parent, prefix=prefix, suffix=".lock")
        if _lock(fd):
            break
        os.close(fd)
    lock = FileLock(Path(lock_name), fd)
    folder = Path(lock_name[: -len(".lock")])
    try:
        folder.mkdir()
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        lock.release()  # (Windows cannot delete an open file)
        Path(lock_name).unlink(missing_ok=True)


def dead_temp_folders(parent: Path, prefix: str) -> list[Path]:
    """What `owned_temp_folder` left in `parent` when its process died (folders and lock files)."""
    try:
        names = {e.name: e.is_dir() for e in os.scandir(parent) if e.name.startswith(prefix)}
    except (FileNotFoundError, NotADirectoryError):
        return []
    dead = []
    for name, is_dir in names.items():
        lock = Path(parent) / (f"{name}.lock" if is_dir else name)
        if not (is_dir or name.endswith(".lock")):
            continue
        if not owner_alive(lock):
            dead.append(Path(parent) / name)
    return dead
