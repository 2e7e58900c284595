"""What every command shares: opening the database, JSON output, and turning errors into exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any

from ..core.backup import backup_before_upgrade
from ..core.database import Database
from ..core.errors import GianHangError, ValidationError
from ..core.i18n import current_language

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class UsageError(GianHangError):
    """A command line that cannot be understood (raised by the argument parser)."""


def open_db(args: argparse.Namespace) -> Database:
    """The database of --data-dir (or GIANHANG_DATA_DIR, or the per-user default), migrated.

    Pending migrations are preceded by a backup of the data (core.backup).
    """
    return Database.open(getattr(args, "data_dir", None), before_upgrade=backup_before_upgrade)


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="in JSON on stdout / in JSON trên stdout")


def to_jsonable(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    json.dump(to_jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def emit(args: argparse.Namespace, value: Any, text: str) -> None:
    """JSON when --json was given, otherwise the human sentence."""
    if getattr(args, "json", False):
        print_json(value)
    else:
        print(text)


def error_line(error: GianHangError) -> str:
    """One line for stderr: "Lỗi [price]: Giá trị không được âm: -5"."""
    lang = current_language()
    prefix = "Error" if lang == "en" else "Lỗi"
    field = getattr(error, "field", None)
    where = f" [{field}]" if field else ""
    text = " ".join(error.message(lang).splitlines())  # one line, whatever a detail carried
    return f"{prefix}{where}: {text}"


def fail(error: GianHangError) -> int:
    print(error_line(error), file=sys.stderr)
    return EXIT_BAD_INPUT


__all__ = [
    "EXIT_BAD_INPUT", "EXIT_OK", "UsageError", "ValidationError", "add_json_flag", "emit", "error_line", "fail",
    "open_db", "print_json", "to_jsonable",
]
