"""Backup and restore on the command line: `gianhang backup [--out FILE]`, `gianhang restore FILE`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..core import backup, clock, restore
from ..core.database import Database
from ..core.i18n import msg
from ..core.paths import resolve_data_dir
from ..core.settings import Settings
from .common import add_json_flag, command_user, emit, open_db, sign_in


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="sao lưu dữ liệu vào một tệp / back up the data to one file")
    p.add_argument("--out", metavar="FILE", help="tệp .zip đích (mặc định: thư mục backups) / target .zip")
    p.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu / list the backups")
    add_json_flag(p)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="khôi phục từ tệp sao lưu / restore from a backup file")
    p.add_argument("file", metavar="FILE")
    add_json_flag(p)
    p.set_defaults(handler=cmd_restore)


def cmd_backup(args) -> int:
    if args.list:
        found, unusable = backup.scan_backups(resolve_data_dir(args.data_dir))
        unusable_label = msg("KHÔNG DÙNG ĐƯỢC", "UNUSABLE").text()
        lines = [f"{clock.to_local(b.created_at):%d/%m/%Y %H:%M}  {b.reason:<15} {b.file_size:>12,} B  {b.path}"
                 for b in found]
        lines += [f"{unusable_label:<32} {b.file_size:>12,} B  {b.path}: {b.problem}" for b in unusable]
        emit(args, [*found, *unusable], "\n".join(lines) or msg("Chưa có bản sao lưu nào", "No backups yet").text())
        return 0
    db = open_db(args)  # creates/migrates the database, so there is something to back up
    db.dispose()
    out = _absolute(args.out) if args.out else None
    if out is None:  # backups/ is in the data folder: --out FILE elsewhere still works
        db.require_writable()
    info = backup.create_backup(db.data_dir, out)
    if not out:
        backup.rotate_backups(db.data_dir, _keep(db.data_dir))
    emit(args, info, f"Đã sao lưu vào {info.path} ({info.file_size:,} byte, {info.photo_count} ảnh)")
    return 0


def cmd_restore(args) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    access = None
    if command_user(args):  # who restores, checked against the data being replaced
        db = Database.open(data_dir, migrate_now=False)
        try:
            sign_in(args, db)
            access = db.access
        finally:
            db.dispose()
    result = restore.restore_backup(data_dir, _absolute(args.file), access=access)
    # An older schema is migrated now, not at the next start.
    Database.open(data_dir).dispose()
    safety = f"; dữ liệu cũ đã được sao lưu vào {result.safety_backup.path}" if result.safety_backup else ""
    emit(args, result, f"Đã khôi phục từ {Path(args.file).name}{safety}")
    return 0


def _absolute(name: str) -> Path:
    """The file named on the command line, absolute (not resolved: a link loop is the core's to report)."""
    return Path(os.path.abspath(Path(name).expanduser()))


def _keep(data_dir: Path) -> int:
    return Settings.load(data_dir).backups_to_keep
