"""What every command shares: opening the database, JSON output, and turning errors into exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from ..core.backup import backup_before_upgrade
from ..core.database import Database
from ..core.errors import GianHangError, ValidationError
from ..core.i18n import current_language


class ExitCode(IntEnum):
    """The one table of the command line's exit codes (also in the README): scripts may rely on it."""

    OK = 0
    """The command did what was asked."""
    UNEXPECTED = 1
    """An unexpected error (a bug, or the system failing): one line on stderr, details in the log."""
    BAD_INPUT = 2
    """Refused: bad input, a missing thing, a conflict, a full disk. Nothing was written; one line
    on stderr names the field."""
    INCOMPLETE = 3
    """`sync` or `channel sync` stopped before the end (offline, items the store refused, a channel
    unreachable or wanting a new sign-in): what was done is kept; run it again later."""
    INTERRUPTED = 130
    """Stopped with Ctrl+C."""


EXIT_OK = ExitCode.OK
EXIT_BAD_INPUT = ExitCode.BAD_INPUT


class UsageError(GianHangError):
    """A command line that cannot be understood (raised by the argument parser)."""


def open_db(args: argparse.Namespace) -> Database:
    """The database of --data-dir (or GIANHANG_DATA_DIR, or the per-user default), migrated.

    Pending migrations are preceded by a backup of the data (core.backup). With --user (or
    GIANHANG_USER) that person is signed in (core.staff): the password is asked, or read from stdin.
    """
    db = Database.open(getattr(args, "data_dir", None), before_upgrade=backup_before_upgrade)
    sign_in(args, db)
    return db


def command_user(args: argparse.Namespace) -> str | None:
    """The account a command runs as: --user, else GIANHANG_USER, else None."""
    return getattr(args, "user", None) or os.environ.get("GIANHANG_USER") or None


def sign_in(args: argparse.Namespace, db: Database) -> None:
    """Sign the command's user in on `db` (once per command: a second database gets the same actor).

    Raises:
        WrongPassword, AccountLocked: see core.staff.users.sign_in.
    """
    name = command_user(args)
    if not name:
        return
    actor = getattr(args, "_actor", None)
    if actor is None:
        from ..core.staff import users
        from .users import ask_password

        actor = users.sign_in(db, name, ask_password(f"Mật khẩu của {name} / password: "))
        args._actor = actor
    db.access.actor = actor


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


def error_json(error: BaseException, code: ExitCode) -> dict[str, Any]:
    """What a `--json` command writes on stderr when it fails (one line of JSON):
    {"ok": false, "exit_code": 2, "error": {"type": "ValidationError", "field": "price",
    "message": "<in the user's language>", "vi": "…", "en": "…"}}."""
    if isinstance(error, GianHangError):
        detail = {"type": type(error).__name__, "field": getattr(error, "field", None),
                  "message": " ".join(error.message(current_language()).splitlines()),
                  "vi": error.message("vi"), "en": error.message("en")}
    else:
        detail = {"type": "UnexpectedError", "field": None, "message": f"{type(error).__name__}: {error}"}
    return {"ok": False, "exit_code": int(code), "error": detail}


def fail(error: BaseException, as_json: bool = False, code: ExitCode = ExitCode.BAD_INPUT) -> int:
    """Report a refused command on stderr (one line; JSON with `--json`) and return its exit code."""
    if as_json:
        print(json.dumps(error_json(error, code), ensure_ascii=False), file=sys.stderr)
    elif isinstance(error, GianHangError):
        print(error_line(error), file=sys.stderr)
    else:
        lang = current_language()
        text = ("Unexpected error: {e} (details in the log file of the data folder)" if lang == "en" else
                "Lỗi không mong muốn: {e} (chi tiết trong tệp nhật ký của thư mục dữ liệu)")
        print(text.format(e=f"{type(error).__name__}: {error}"), file=sys.stderr)
    return int(code)


__all__ = [
    "EXIT_BAD_INPUT", "EXIT_OK", "ExitCode", "UsageError", "error_json", "ValidationError", "add_json_flag", "emit", "error_line", "fail",
    "open_db", "print_json", "to_jsonable",
]
