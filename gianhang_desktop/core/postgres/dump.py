"""Backups of the cooperative's server: `pg_dump` in its custom format, in the app's backup zip.

The zip is the one `core.backup` writes (manifest, photos by content) with `gianhang.pgdump` in
place of the SQLite file. It is checked like any backup (strict manifest, only known members of
the sizes stated, sha256 of every member, schema revisions this app knows) and, for the dump,
with `pg_restore --list` (its table of contents reads back). A restore goes into an EMPTY
database only, never over live data: the clerk makes a new database (or empties one) first.

pg_dump and pg_restore come with PostgreSQL ("Command Line Tools" of the EDB installer). They are
looked for in `Settings.pg_bin_dir`, on PATH and where PostgreSQL installs itself (on Windows
`C:\\Program Files\\PostgreSQL\\<version>\\bin`), newest first; pg_dump must be at least as new as
the server. The password goes to them in the environment (PGPASSWORD), never on their command line.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from ... import __version__
from .. import backup, clock
from ..backup_manifest import FORMAT, MANIFEST_NAME
from ..backup_manifest import parse_manifest as _parse_manifest
from ..database import NewerSchemaError
from ..i18n import msg
from ..settings import Settings
from ..tasks import CancelToken, ProgressFn, report
from .connection import APPLICATION_NAME, CONNECT_TIMEOUT_S, ServerAddress, load_password

log = logging.getLogger(__name__)

DUMP_ENTRY = backup.SERVER_DUMP_ENTRY
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


class ToolMissing(backup.BackupError):
    """pg_dump / pg_restore (new enough for the server) is not on this PC."""


def install_dirs() -> list[Path]:
    """Where PostgreSQL installs its programs on this system, newest version first."""
    found: list[Path] = []
    roots = [Path(os.environ.get(v, "")) / "PostgreSQL" for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
             if os.environ.get(v)]
    for root in roots:  # Windows, the EDB installer
        found += [p / "bin" for p in _by_version(root)]
    found += [p / "bin" for p in _by_version(Path("/usr/lib/postgresql"))]  # Debian, Ubuntu
    found += [p / "bin" for p in _by_version(Path("/Library/PostgreSQL"))]  # macOS, EDB
    return found


def _by_version(root: Path) -> list[Path]:
    try:
        children = [p for p in root.iterdir() if p.is_dir() and p.name.split(".")[0].isdigit()]
    except OSError:
        return []
    return sorted(children, key=lambda p: [int(x) for x in re.findall(r"\d+", p.name)], reverse=True)


def tool_version(path: Path) -> int | None:
    """The major version of a PostgreSQL program (15 for "pg_dump (PostgreSQL) 15.4"), or None."""
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION.search(out)
    return int(match.group(1)) if match else None


def find_tool(name: str, server_major: int, configured: str = "") -> Path:
    """The first `name` (pg_dump, pg_restore) at least as new as the server, from the configured
    folder, PATH, then PostgreSQL's install folders. Raises ToolMissing saying what to install."""
    exe = name + (".exe" if os.name == "nt" else "")
    candidates = [Path(configured) / exe] if configured else []
    on_path = shutil.which(name)
    candidates += [Path(on_path)] if on_path else []
    candidates += [folder / exe for folder in install_dirs()]
    too_old = []
    for candidate in candidates:
        if not candidate.is_file():
            continue
        version = tool_version(candidate)
        if version is not None and version >= server_major:
            return candidate
        too_old.append(f"{candidate} ({version})")
    raise ToolMissing(msg(
        "Không tìm thấy {tool} của PostgreSQL {v} trở lên trên máy này{old}. Hãy cài \"Command Line Tools\" "
        "của PostgreSQL {v} (bộ cài EDB cho Windows, xem docs/multi-pc.md), hoặc ghi thư mục chứa {tool} "
        "vào Cài đặt → pg_bin_dir. Cũng có thể sao lưu trên chính máy chủ.",
        "{tool} of PostgreSQL {v} or later was not found on this PC{old_en}. Install the \"Command Line "
        "Tools\" of PostgreSQL {v} (the EDB installer for Windows, see docs/multi-pc.md), or put the folder "
        "holding {tool} in Settings → pg_bin_dir. You can also back up on the server itself.",
        tool=name, v=server_major, old=f" (chỉ có bản cũ: {', '.join(too_old)})" if too_old else "",
        old_en=f" (only older ones: {', '.join(too_old)})" if too_old else ""))


def _server_env(address: ServerAddress, password: str | None) -> dict[str, str]:
    env = {**os.environ, "PGCONNECT_TIMEOUT": str(CONNECT_TIMEOUT_S), "PGAPPNAME": APPLICATION_NAME,
           "PGCLIENTENCODING": "UTF8"}
    password = password if password is not None else load_password(address)
    if password is not None:
        env["PGPASSWORD"] = password  # the environment: never on a command line
    return env


def _server_major_and_revisions(url: str, password: str | None) -> tuple[int, list[str]]:
    from sqlalchemy import text

    from ..db.engine import make_engine

    engine = make_engine(url, password=password)
    try:
        with engine.connect() as conn:
            major = int(conn.execute(text("SHOW server_version_num")).scalar()) // 10000
            revisions = sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    except Exception as error:
        raise _as_server_error(error, ServerAddress.from_url(url)) from error
    finally:
        engine.dispose()
    return major, revisions


def _as_server_error(error: Exception, address: ServerAddress) -> Exception:
    from .errors import server_error

    return server_error(error, address.describe()) or error


def _run(args: list[str], env: dict[str, str], what: str, cancel: CancelToken | None = None) -> str:
    """Run a PostgreSQL program; its stdout. Cancelling stops it. Raises BackupError with its error."""
    with subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          encoding="utf-8", errors="replace") as proc:
        while True:
            try:
                out, err = proc.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.cancelled:
                    proc.kill()
                    proc.communicate()
                    cancel.raise_if_cancelled()
    if proc.returncode != 0:
        detail = " ".join((err or out or "").split())[:300]
        raise backup.BackupError(msg("{what} không thành công: {d}", "{what} failed: {d}", what=what, d=detail))
    return out


def create_server_backup(data_dir: Path, url: str, out: Path | None = None, *, reason: str = "manual",
                         include_photos: bool = True, password: str | None = None,
                         progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> backup.BackupInfo:
    """Dump the server's database (pg_dump -Fc) and the photos folder into one backup zip (to
    `out`, or a new file in `<data_dir>/backups/`); appears only when complete.

    Raises ToolMissing (no pg_dump new enough), ServerUnavailable, BackupError, DiskFull.
    """
    from ..disk import disk_error
    from ..photos.store import PhotoStore

    data_dir = Path(data_dir)
    address = ServerAddress.from_url(url)
    settings = Settings.load(data_dir)
    report(progress, 0.0, "Đang sao lưu cơ sở dữ liệu trên máy chủ…")
    major, revisions = _server_major_and_revisions(url, password)
    pg_dump = find_tool("pg_dump", major, settings.pg_bin_dir)
    now = clock.now_utc()
    target = Path(out) if out else backup._new_backup_path(backup.backups_dir(data_dir), now)
    env = _server_env(address, password)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-pg-") as tmp:
            dump = Path(tmp) / DUMP_ENTRY
            _run([str(pg_dump), "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}",
                  f"--host={address.host}", f"--port={address.port}", f"--username={address.user}",
                  f"--dbname={address.database}"], env, "pg_dump", cancel)
            report(progress, 0.5, "Đang kiểm tra bản sao lưu…")
            _check_dump(dump, find_tool("pg_restore", major, settings.pg_bin_dir), env, target)
            after = _server_major_and_revisions(url, password)[1]
            if after != revisions:
                raise backup.BackupError(msg("Dữ liệu vừa được nâng cấp trong lúc sao lưu: hãy sao lưu lại.",
                                             "The data was upgraded during the backup: back it up again."))
            photos_root = PhotoStore.for_data_dir(data_dir).root
            photos = backup._photo_files(photos_root) if include_photos else []
            manifest = _write_zip(Path(tmp), dump, photos, target, now, reason, revisions, progress, cancel)
    except OSError as error:
        raise disk_error(error, target.parent, data_dir) or backup.BackupError(msg(
            "Không ghi được bản sao lưu vào {f} ({d})", "Could not write the backup to {f} ({d})",
            f=str(target), d=str(error))) from error
    report(progress, 1.0, "Đã sao lưu")
    info = backup._info_from_manifest(target, manifest)
    log.info("server backup written: %s (%s, %d bytes, %d photos)", target, reason, info.file_size, info.photo_count)
    return info


def _write_zip(tmp: Path, dump: Path, photos, target: Path, now, reason: str, revisions: list[str],
               progress, cancel):
    manifest = {
        "format": FORMAT, "app": "gianhang-desktop", "app_version": __version__, "created_at": now.isoformat(),
        "reason": reason, "schema_revisions": revisions, "engine": "postgresql",
        "database": {"name": DUMP_ENTRY, "sha256": backup.sha256_file(dump), "size": dump.stat().st_size},
        "photos": [],
    }
    partial = tmp / "backup.zip.part"
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:  # a custom-format dump is compressed
        zf.write(dump, DUMP_ENTRY)
        stored: set[str] = set()
        for index, (rel, path) in enumerate(photos):
            if cancel:
                cancel.raise_if_cancelled()
            digest, size = backup.sha256_file(path), path.stat().st_size
            manifest["photos"].append({"path": rel, "sha256": digest, "size": size})
            if digest not in stored:
                stored.add(digest)
                zf.write(path, f"{backup.PHOTOS_DIRNAME}/{digest}")
            report(progress, 0.6 + 0.35 * (index + 1) / len(photos), "Đang sao lưu ảnh…")
        zf.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2))
    with open(partial, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    return _parse_manifest(json.dumps(manifest).encode("utf-8"), db_name=DUMP_ENTRY, now=now)


def _check_dump(dump: Path, pg_restore: Path, env: dict[str, str], origin: Path) -> None:
    """The dump's table of contents must read back and hold the Gian Hàng tables."""
    try:
        listing = _run([str(pg_restore), "--list", str(dump)], env, "pg_restore --list")
    except backup.BackupError as error:
        raise backup.not_a_backup(origin, f"pg_restore --list: {error.message('en')}") from error
    if not re.search(r"TABLE public alembic_version\b", listing) or not re.search(r"TABLE public products\b", listing):
        raise backup.not_a_backup(origin, "the dump holds no Gian Hàng tables")


def verify_server_backup(path: Path, into: Path, *, bin_dir: str = "", cancel: CancelToken | None = None,
                         server_major: int = 12) -> tuple[backup.BackupInfo, Path]:
    """Check a server backup completely into the folder `into`: (its description, the dump file).

    Raises BackupError (damaged, foreign, a SQLite backup), NewerSchemaError, ToolMissing.
    """
    from ..db import migrate
    from ..restore import _check_members, _copy_member, copy_photos

    manifest = backup.read_manifest(path)
    if manifest.db_name != DUMP_ENTRY:
        raise backup.BackupError(msg(
            "Tệp {f} là bản sao lưu dữ liệu riêng của một máy (SQLite), không phải của máy chủ: không khôi phục "
            "nó vào máy chủ được.",
            "{f} is a backup of one PC's own data (SQLite), not of the server: it cannot be restored into the server.",
            f=Path(path).name))
    info = backup._info_from_manifest(Path(path), manifest)
    dump = Path(into) / DUMP_ENTRY
    try:
        with zipfile.ZipFile(path) as zf:
            _check_members(zf, manifest)
            _copy_member(zf, DUMP_ENTRY, manifest.db_size, dump)
            copy_photos(zf, manifest, Path(into) / backup.PHOTOS_DIRNAME, Path(path), cancel)
    except (OSError, KeyError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error,
            zipfile.BadZipFile) as error:
        raise backup.not_a_backup(path, str(error) or type(error).__name__) from error
    if backup.sha256_file(dump) != info.db_sha256:
        raise backup.not_a_backup(path, "sha256")
    unknown = set(manifest.schema_revisions) - migrate.known_revisions()
    if unknown:
        raise NewerSchemaError(msg(
            "Bản sao lưu {f} được tạo bởi phiên bản mới hơn của ứng dụng ({rev}); hãy cập nhật ứng dụng trước khi khôi phục.",
            "The backup {f} was made by a newer version of the app ({rev}); update the app before restoring it.",
            f=Path(path).name, rev=", ".join(sorted(unknown))))
    _check_dump(dump, find_tool("pg_restore", server_major, bin_dir), dict(os.environ), Path(path))
    return info, dump


def restore_server_backup(data_dir: Path, path: Path, url: str, *, password: str | None = None,
                          progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> backup.BackupInfo:
    """Restore a server backup into the EMPTY database of `url`, then bring it to this app's schema;
    its photos go into the photos folder (files already there are kept).

    Raises BackupError / NewerSchemaError / ToolMissing (the backup, checked fully first), Conflict
    (the database is not empty: nothing is touched), ServerUnavailable.
    """
    from ..database import Database
    from ..errors import Conflict
    from ..photos.store import PhotoStore
    from .setup import EMPTY, check_server

    data_dir = Path(data_dir)
    address = ServerAddress.from_url(url)
    settings = Settings.load(data_dir)
    report(progress, 0.0, "Đang kiểm tra tệp sao lưu…")
    target = check_server(url, password)
    if not target.connected:
        from .errors import ServerUnavailable

        raise ServerUnavailable(target.message, target.status)
    major = int(target.server_version.split(".")[0].split()[0]) if target.server_version else 12
    with tempfile.TemporaryDirectory(prefix="gianhang-restore-pg-") as tmp:
        info, dump = verify_server_backup(path, Path(tmp), bin_dir=settings.pg_bin_dir, cancel=cancel,
                                          server_major=major)
        if target.status != EMPTY:
            raise Conflict(msg(
                "Chỉ khôi phục vào một cơ sở dữ liệu trống: {w} đang có dữ liệu. Hãy tạo một cơ sở dữ liệu mới "
                "trên máy chủ (xem docs/multi-pc.md) rồi khôi phục vào đó.",
                "Backups are restored into an empty database only: {w} holds data. Create a new database "
                "on the server (see docs/multi-pc.md) and restore into it.", w=address.describe()), field="database")
        if cancel:
            cancel.raise_if_cancelled()
        report(progress, 0.4, "Đang khôi phục vào máy chủ…")
        pg_restore = find_tool("pg_restore", major, settings.pg_bin_dir)
        _run([str(pg_restore), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              f"--host={address.host}", f"--port={address.port}", f"--username={address.user}",
              f"--dbname={address.database}", str(dump)], _server_env(address, password), "pg_restore")
        photos = Path(tmp) / backup.PHOTOS_DIRNAME
        if photos.is_dir():
            root = PhotoStore.for_data_dir(data_dir).root
            for source in sorted(p for p in photos.rglob("*") if p.is_file()):
                dest = root / source.relative_to(photos)
                if not dest.exists():
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, dest)
    report(progress, 0.9, "Đang nâng cấp dữ liệu…")
    Database.open(data_dir, url=url, password=password).dispose()  # an older backup's schema to this app's
    log.info("restored server backup %s into %s", path, address.describe())
    report(progress, 1.0, "Đã khôi phục")
    return info

