"""Real disk faults for the tests: a data folder that truly cannot be written, a disk that is truly full.

Read-only: the folder and its files are chmod'ed read-only and the command runs as a process the
permissions bind. A non-root user is bound already; root is not (CAP_DAC_OVERRIDE), so root runs
the command with that capability dropped (`setpriv`), else as `nobody` (`runuser`), else on a
read-only bind mount. Each way is checked to really refuse a write before it is used; when no
way works the test fails, never skips.

Full disk: a small tmpfs mounted for the test and filled to the last byte. Where mounting is not
allowed (CI containers), the fault is injected at the storage layer instead, with a warning that
says so: every file opened for writing under the folder fails with ENOSPC, and every SQLite
statement that writes fails with SQLite's own "database or disk is full" (SQLITE_FULL); a disk
filled while the database was closed also fails its first connection as SQLite does then
(`inject_no_room_for_the_wal_index`).
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# Read-only -------------------------------------------------------------------------------------

def make_read_only(folder: Path) -> None:
    """chmod a-w over the folder and everything in it (folders keep r-x, files r--)."""
    for path in sorted(Path(folder).rglob("*"), reverse=True):
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    Path(folder).chmod(0o555)


def make_writable(folder: Path) -> None:
    for path in [Path(folder), *Path(folder).rglob("*")]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)


def shared_temp_folder() -> Path:
    """A folder every user can reach (pytest's own tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="gianhang-ro-"))
    folder.chmod(0o755)
    return folder


class ReadOnlyRunner:
    """Runs `gianhang` (or any Python) as a process for which `folder` is truly read-only."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.prefix, self.way = self._choose()

    def _choose(self) -> tuple[list[str], str]:
        tried = []
        ways: list[tuple[list[str], str]] = []
        if os.geteuid() != 0:
            ways.append(([], "chmod (not root)"))
        else:
            if shutil.which("setpriv"):
                ways.append((["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"],
                             "chmod, root without CAP_DAC_OVERRIDE (setpriv)"))
            if shutil.which("runuser"):
                ways.append((["runuser", "-u", "nobody", "--"], "chmod, as nobody (runuser)"))
        for prefix, way in ways:
            ok, detail = self._refuses_writes(prefix)
            if ok:
                return prefix, way
            tried.append(f"{way}: {detail}")
        raise AssertionError("no way to make a genuinely read-only folder here: " + "; ".join(tried))

    def _refuses_writes(self, prefix: list[str]) -> tuple[bool, str]:
        probe = ("import sys, pathlib\n"
                 "p = pathlib.Path(sys.argv[1]) / 'probe'\n"
                 "try:\n    p.write_text('x')\nexcept PermissionError:\n    print('REFUSED')\n"
                 "else:\n    p.unlink(); print('WRITTEN')\n")
        try:
            done = subprocess.run([*prefix, sys.executable, "-c", probe, str(self.folder)],
                                  capture_output=True, text=True, timeout=120)
        except OSError as error:
            return False, str(error)
        return done.stdout.strip() == "REFUSED", (done.stdout + done.stderr).strip()[-200:]

    def run(self, *args: str, lang: str | None = None) -> subprocess.CompletedProcess:
        """`gianhang --data-dir FOLDER ARGS…` under the read-only rules; (code, stdout, stderr)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIANHANG_", "PYTEST"))}
        env["HOME"] = str(self.folder.parent)
        if lang:
            env["GIANHANG_LANG"] = lang
        return subprocess.run([*self.prefix, sys.executable, "-m", "gianhang_desktop", "--data-dir",
                               str(self.folder), *args], capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=300)

    def run_python(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        full = {**os.environ, **(env or {})}
        return subprocess.run([*self.prefix, sys.executable, *args], capture_output=True, text=True, env=full,
                              cwd=ROOT, timeout=300)


# Full disk -------------------------------------------------------------------------------------

class FullDisk:
    """A folder on a disk that `fill()` makes full: a small tmpfs, or injected ENOSPC/SQLITE_FULL."""

    def __init__(self, root: Path, mode: str):
        self.root, self.mode = Path(root), mode
        self.full = False
        self._filler: Path | None = None
        self._patches: contextlib.ExitStack | None = None

    def fill(self) -> None:
        """From now on nothing more fits under `root` (tmpfs: written to the last byte)."""
        self.full = True
        if self.mode == "tmpfs":
            self._filler = self.root / ".filler"
            with open(self._filler, "wb", buffering=0) as fh:
                for size in (1 << 20, 1 << 12, 1):
                    block = b"\0" * size
                    with contextlib.suppress(OSError):
                        while True:
                            fh.write(block)
            assert shutil.disk_usage(self.root).free == 0
        else:
            self._patches = contextlib.ExitStack()
            self._patches.enter_context(_injected_enospc(self.root))

    def release(self) -> None:
        self.full = False
        if self._filler is not None:
            self._filler.unlink(missing_ok=True)
            self._filler = None
        if self._patches is not None:
            self._patches.close()
            self._patches = None


def mount_small_tmpfs(where: Path, size: str = "24m") -> bool:
    """Mount a tmpfs of `size` on `where`; False when the machine does not allow it."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
                          capture_output=True, text=True)
    return done.returncode == 0


def unmount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


@contextlib.contextmanager
def full_disk(tmp_path: Path, prefer: str) -> Iterator[FullDisk]:
    """A FullDisk under `tmp_path`: `prefer="tmpfs"` mounts one when allowed (else injects, with a
    warning naming why), `prefer="injected"` always injects."""
    root = tmp_path / "small-disk"
    root.mkdir()
    mounted = prefer == "tmpfs" and mount_small_tmpfs(root)
    if prefer == "tmpfs" and not mounted:
        warnings.warn("cannot mount a tmpfs here: the full disk is injected (ENOSPC / SQLITE_FULL)", stacklevel=2)
    disk = FullDisk(root, "tmpfs" if mounted else "injected")
    try:
        yield disk
    finally:
        disk.release()
        if mounted:
            unmount(root)


class _FullFile:
    """Stands for a file opened for writing on the 'full' disk: every write fails with ENOSPC."""

    def __init__(self, inner, path: str):
        self._inner, self._path = inner, path

    def write(self, data) -> int:
        if len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self._path)
        return 0

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __iter__(self):
        return iter(self._inner)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._inner.close()


@contextlib.contextmanager
def _injected_enospc(root: Path) -> Iterator[None]:
    """Files opened for writing under `root` fail on write; SQLite writes fail with SQLITE_FULL."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    real_open, real_fdopen = builtins.open, os.fdopen
    prefix = str(Path(root).resolve())

    def under(path) -> bool:
        return isinstance(path, str | os.PathLike) and str(Path(os.fspath(path)).resolve()).startswith(prefix)

    def writing(mode: str) -> bool:
        return any(ch in mode for ch in "wax+")

    def patched_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        return _FullFile(handle, os.fspath(file)) if writing(mode) and under(file) else handle

    def patched_fdopen(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, *args, **kwargs)
        where = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else ""
        return _FullFile(handle, where) if writing(mode) and under(where) else handle

    def full_sqlite(conn, cursor, statement, parameters, context, executemany):
        database = conn.engine.url.database or ""
        if under(database) and statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode, error.sqlite_errorname = 13, "SQLITE_FULL"
            raise error

    builtins.open = io.open = patched_open
    os.fdopen = patched_fdopen
    event.listen(Engine, "before_cursor_execute", full_sqlite)
    try:
        yield
    finally:
        builtins.open = io.open = real_open
        os.fdopen = real_fdopen
        event.remove(Engine, "before_cursor_execute", full_sqlite)


def inject_no_room_for_the_wal_index(folder: Path, monkeypatch) -> None:
    """Injected mode of a disk filled while the database of `folder` was closed: SQLite cannot make
    the `-shm` index of its WAL file (SQLITE_IOERR_SHMSIZE) and the disk reports no room left."""
    from sqlalchemy import event

    from gianhang_desktop.core import database, disk
    from gianhang_desktop.core.paths import DB_FILENAME

    real_make_engine = database.make_engine

    def make_engine(url, *args, **kwargs):
        engine = real_make_engine(url, *args, **kwargs)

        def no_shm(_dbapi_conn, _record):
            if not Path(f"{folder / DB_FILENAME}-shm").exists():
                error = sqlite3.OperationalError("disk I/O error")
                error.sqlite_errorcode, error.sqlite_errorname = 4874, "SQLITE_IOERR_SHMSIZE"
                raise error

        event.listen(engine, "connect", no_shm, insert=True)
        return engine

    real_free = disk.free_space
    monkeypatch.setattr(database, "make_engine", make_engine)
    monkeypatch.setattr(disk, "free_space", lambda where: 0 if str(folder) in str(Path(where).resolve())
                        else real_free(where))
