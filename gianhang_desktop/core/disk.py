"""The disk under the data: a read-only folder and a full disk told in one line, files written whole.

Every writer of the app (the database, the photo store, backups, exports, settings, logs) meets
the same two faults: the disk is full (ENOSPC, SQLite's SQLITE_FULL, PostgreSQL's disk_full) or
the place cannot be written (a read-only folder or medium, no permission: EROFS, EACCES,
SQLITE_READONLY). `disk_error` recognises both in any exception (also wrapped by SQLAlchemy) and
turns them into `DiskFull` or `ReadOnlyFolder`; `write_atomically` writes a file under a temporary
name and renames it, so a failure never leaves half a file under the target's name.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import GianHangError
from .i18n import msg

_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
# Windows: ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL; ERROR_ACCESS_DENIED, ERROR_WRITE_PROTECT.
_FULL_WINERRORS = {39, 112}
_READ_ONLY_WINERRORS = {5, 19}
_PG_DISK_FULL = "53100"
NEARLY_FULL = 1 << 20  # an SQLite I/O error with less free than this is the full disk

FULL, READ_ONLY = "full", "read_only"

_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK  # what a file written the ordinary way gets (mkstemp gives 0600)


class DiskFull(GianHangError):
    """The disk (or the user's quota) is full; nothing was written."""

    def __init__(self, folder: Path, needed: int | None = None, free: int | None = None):
        if needed is None:
            message = msg(
                "Ổ đĩa đã đầy: không ghi được vào {folder}. Hãy giải phóng dung lượng rồi thử lại; "
                "không có gì bị ghi dở.",
                "The disk is full: could not write to {folder}. Free some space and try again; "
                "nothing was half-written.",
                folder=str(folder),
            )
        else:
            message = msg(
                "Ổ đĩa đã đầy: cần {needed} trống trong {folder} nhưng chỉ còn {free}. Hãy giải phóng "
                "dung lượng rồi thử lại; chưa có gì bị thay đổi.",
                "The disk is full: {folder} needs {needed} free but has {free}. Free some space and "
                "try again; nothing was changed.",
                folder=str(folder), needed=human_size(needed), free=human_size(free or 0),
            )
        super().__init__(message)
        self.folder = Path(folder)


class ReadOnlyFolder(GianHangError):
    """The data folder (or the target of a file) cannot be written."""

    def __init__(self, folder: Path, *, data_folder: bool = True, detail: str = ""):
        if data_folder:
            message = msg(
                "Thư mục dữ liệu {folder} chỉ cho phép đọc: không lưu được thay đổi nào{detail}. "
                "Vẫn xem, tìm, xuất và sao lưu ra nơi khác được.",
                "The data folder {folder} is read-only: no change can be saved{detail}. Viewing, "
                "searching, exports and backups to another place still work.",
                folder=str(folder), detail=detail,
            )
        else:
            message = msg(
                "Không có quyền ghi vào {folder} (chỉ đọc)",
                "Cannot write to {folder} (read-only or no permission)",
                folder=str(folder),
            )
        super().__init__(message)
        self.folder = Path(folder)


def human_size(size: int) -> str:
    """12,3 MB: a size the user reads (Vietnamese decimal comma)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            text = f"{value:.0f}" if unit == "B" else f"{value:.1f}"
            return f"{text.replace('.', ',')} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def disk_fault(error: BaseException | None, folder: Path | None = None) -> str | None:
    """FULL, READ_ONLY or None: what kind of disk fault `error` (or what it wraps) is.

    SQLite reports some writes on a full disk only as an I/O error (SQLITE_IOERR_SHMSIZE when the
    `-shm` file of a WAL database cannot grow, at the first connection): given the `folder`
    written to, such an error on a disk with almost no room left counts as FULL.
    """
    seen: set[int] = set()
    io_error = False
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        kind = _own_fault(error)
        if kind:
            return kind
        io_error = io_error or str(getattr(error, "sqlite_errorname", "")).startswith("SQLITE_IOERR")
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
    if io_error and folder is not None and free_space(folder) < NEARLY_FULL:
        return FULL
    return None


def free_space(folder: Path) -> int:
    """Bytes free on the disk holding `folder` (its nearest existing parent); -1 if unknown."""
    probe = Path(os.path.abspath(folder))
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return -1


def _own_fault(error: BaseException) -> str | None:
    if isinstance(error, OSError):
        if error.errno in _FULL_ERRNOS or getattr(error, "winerror", None) in _FULL_WINERRORS:
            return FULL
        if error.errno in _READ_ONLY_ERRNOS or getattr(error, "winerror", None) in _READ_ONLY_WINERRORS:
            return READ_ONLY
        return None
    name = getattr(error, "sqlite_errorname", None)
    if isinstance(name, str):
        if name.startswith("SQLITE_FULL"):
            return FULL
        if name.startswith("SQLITE_READONLY"):
            return READ_ONLY
    if getattr(error, "sqlstate", None) == _PG_DISK_FULL or getattr(error, "pgcode", None) == _PG_DISK_FULL:
        return FULL
    if type(error).__module__.startswith("sqlite3"):
        text = str(error)
        if "database or disk is full" in text:
            return FULL
        if "readonly database" in text:
            return READ_ONLY
    return None


def disk_error(error: BaseException, folder: Path, data_dir: Path | None = None) -> GianHangError | None:
    """The one-line error for a disk fault met while writing to `folder`; None for other errors.

    A read-only fault inside `data_dir` names the data folder; elsewhere (an export target, a USB
    stick) it names the folder written to. A file named by the OSError wins over `folder`.
    """
    kind = disk_fault(error, folder)
    if kind is None:
        return None
    where = Path(os.path.abspath(folder))
    filename = getattr(error, "filename", None)
    if isinstance(filename, str | os.PathLike) and str(filename):
        where = Path(os.path.abspath(filename)).parent
    if kind == FULL:
        return DiskFull(where if data_dir is None or not _inside(where, data_dir) else Path(data_dir))
    if data_dir is not None and _inside(where, data_dir):
        return ReadOnlyFolder(Path(data_dir))
    return ReadOnlyFolder(where, data_folder=False)


@contextmanager
def disk_errors(folder: Path, data_dir: Path | None = None) -> Iterator[None]:
    """Turn a disk fault raised inside the block into DiskFull / ReadOnlyFolder (others pass)."""
    try:
        yield
    except GianHangError:
        raise
    except Exception as error:
        translated = disk_error(error, folder, data_dir)
        if translated is None:
            raise
        raise translated from error


def write_atomically(
    target: Path,
    content: bytes | Callable[[BinaryIO], object],
    *,
    data_dir: Path | None = None,
    mode: int = FILE_MODE,
) -> Path:
    """Write `content` (bytes, or a function writing to a binary file) to `target`, whole or not at all.

    The bytes go to a hidden temporary file beside `target`, are flushed to the disk, and the
    file is renamed over `target`; any failure removes the temporary file and leaves an existing
    `target` as it was. Returns `target`.

    Raises:
        DiskFull: the disk filled up while writing.
        ReadOnlyFolder: the folder cannot be written (names the data folder when inside `data_dir`).
    """
    target = Path(target)
    with disk_errors(target.parent, data_dir):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(content, bytes | bytearray | memoryview):
                    out.write(content)
                else:
                    content(out)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target


def folder_writable(folder: Path) -> bool:
    """Whether files can be created in `folder` (tried for real: permissions do not bind root)."""
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".gianhang-probe-")
    except OSError as error:
        if disk_fault(error) == READ_ONLY:
            return False
        raise
    os.close(fd)
    os.unlink(name)
    return True


def file_writable(path: Path) -> bool:
    """Whether an existing file can be opened for writing (it is not changed)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as error:
        if disk_fault(error) == READ_ONLY:
            return False
        raise
    os.close(fd)
    return True


def ensure_free_space(folder: Path, needed: int, data_dir: Path | None = None) -> None:
    """Raise DiskFull when `folder`'s disk has fewer than `needed` bytes free (checked up front)."""
    free = free_space(folder)
    if free >= 0 and needed > free:
        raise DiskFull(Path(data_dir) if data_dir is not None else Path(folder), needed, free)


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(folder))
    except ValueError:
        return False
    return True
