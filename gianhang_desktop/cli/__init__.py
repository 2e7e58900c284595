"""The `gianhang` command line: a stable contract for scripts, on the same services as the window."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..core.errors import GianHangError
from ..core.i18n import msg
from ..core.logs import configure_logging
from ..core.paths import resolve_data_dir
from ..core.text import normalize_text
from .common import EXIT_BAD_INPUT, ExitCode, UsageError, fail

# Each area adds its commands in its own module with a `register(subparsers)` function.
COMMAND_MODULES = ["catalog", "stock", "shop", "orders", "photos", "sync", "backup", "spreadsheet", "db",
                   "channels", "shipping", "users"]

COMMAND_MODULES += ["counter", "customers", "purchases", "cashbook", "reports"]  # #19: the counter, money, reports


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so bad usage becomes the same one-line error."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(msg("Sai cú pháp lệnh: {m} (xem --help)", "Bad command line: {m} (see --help)", m=message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gianhang",
        description="Gian Hàng Desktop: quản lý kho, ảnh, đơn hàng và đồng bộ gian hàng Việt trực tuyến.",
    )
    parser.add_argument("--version", action="version", version=f"gianhang {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="thư mục dữ liệu / data folder")
    parser.add_argument("--user", metavar="NAME", help="tài khoản nhân viên (mật khẩu được hỏi hoặc đọc từ stdin; "
                        "hoặc GIANHANG_USER) / staff account (password asked or read from stdin)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code from `common.ExitCode` (0 ok, 2 refused, 3 sync incomplete…),
    with a one-line error on stderr (a line of JSON when `--json` was given)."""
    _utf8_streams()
    data_dir = None
    argv = normalized_argv(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
        data_dir = resolve_data_dir(args.data_dir)
        _start_logging(data_dir)
        return int(args.handler(args) or ExitCode.OK)
    except GianHangError as error:
        return fail(error, as_json)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Exception as error:  # a full disk or a read-only place met outside the core's own checks
        from ..core.disk import disk_error

        translated = disk_error(error, data_dir or Path.cwd(), data_dir)
        if translated is not None:
            return fail(translated, as_json)
        logging.getLogger("gianhang_desktop.cli").exception("Unexpected error in %s", " ".join(argv))
        return fail(error, as_json, ExitCode.UNEXPECTED)


def normalized_argv(argv: Sequence[str]) -> list[str]:
    """Arguments in NFC without control characters (a pasted name can hold a decomposed "ễ" or a
    zero-width space); an argument naming an existing file is left as the file system spells it."""
    return [arg if _is_existing_path(arg) else normalize_text(arg, multiline=True) for arg in argv]


def _is_existing_path(arg: str) -> bool:
    try:
        return os.path.exists(arg)
    except (OSError, ValueError):
        return False


def _start_logging(data_dir: Path) -> None:
    try:
        configure_logging(data_dir)
    except OSError:
        pass  # a read-only or missing folder must not stop the command; it reports its own error


def _utf8_streams() -> None:
    # Windows consoles default to a legacy code page; Vietnamese must come out whole.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass


def run() -> None:
    sys.exit(main())


__all__ = ["EXIT_BAD_INPUT", "ExitCode", "main", "run"]
