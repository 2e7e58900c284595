"""Several PCs on one server: `gianhang db check|init|connect|local|status`.

The password never goes on the command line (it would stay in the shell's history and in every
process listing) nor in a URL: it comes from the credential store (saved by `db connect` or the
window), from `--password-stdin` (one line), or from a prompt when the command runs in a
terminal. libpq's own PGPASSWORD and pgpass file work too.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from ..core.database import database_url
from ..core.errors import Conflict, ValidationError
from ..core.i18n import msg
from ..core.paths import resolve_data_dir
from ..core.postgres import connection, setup
from ..core.postgres.errors import ServerUnavailable
from ..core.settings import update as update_settings
from .common import add_json_flag, emit


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="cơ sở dữ liệu dùng chung (máy chủ HTX) / shared database (server)")
    actions = db.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    p = actions.add_parser("check", help="kiểm tra kết nối máy chủ / test the server connection")
    _server_args(p, required=False)
    p.set_defaults(handler=cmd_check)

    p = actions.add_parser("init", help="tạo dữ liệu Gian Hàng trên cơ sở dữ liệu trống / set up an empty database")
    _server_args(p, required=False)
    p.set_defaults(handler=cmd_init)

    p = actions.add_parser("connect", help="dùng máy chủ của HTX cho máy này / use the cooperative's server")
    p.add_argument("--host", required=True, help="tên hoặc IP máy chủ / server name or IP")
    p.add_argument("--port", default=str(connection.DEFAULT_PORT))
    p.add_argument("--database", default=connection.DEFAULT_DATABASE)
    p.add_argument("--user", default="gianhang")
    p.add_argument("--init", action="store_true", help="khởi tạo/nâng cấp nếu cần / set up or upgrade if needed")
    _password_arg(p)
    add_json_flag(p)
    p.set_defaults(handler=cmd_connect)

    p = actions.add_parser("local", help="quay về dữ liệu riêng trên máy này / back to this PC's own data")
    add_json_flag(p)
    p.set_defaults(handler=cmd_local)

    p = actions.add_parser("status", help="máy này đang dùng cơ sở dữ liệu nào / which database this PC uses")
    add_json_flag(p)
    p.set_defaults(handler=cmd_status)


def _server_args(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--url", required=required, metavar="URL",
                   help="postgresql://người_dùng@máy_chủ:5432/tên_csdl (không kèm mật khẩu); mặc định: máy chủ đã chọn")
    _password_arg(p)
    add_json_flag(p)


def _password_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="đọc mật khẩu từ một dòng trên stdin / read the password from one line of stdin")


def _url(args) -> str:
    if args.url:
        if connection.url_password(args.url):
            raise ValidationError("url", msg(
                "Không ghi mật khẩu trong --url (lộ trong lịch sử lệnh và danh sách tiến trình): dùng "
                "--password-stdin, hoặc để lệnh hỏi mật khẩu.",
                "Do not put the password in --url (it shows in the shell history and process list): use "
                "--password-stdin, or let the command ask for it."))
        connection.ServerAddress.from_url(args.url)
        return args.url
    url = database_url(resolve_data_dir(args.data_dir))
    if url.startswith("sqlite"):
        raise ValidationError("url", msg(
            "Máy này chưa dùng máy chủ: cho biết --url postgresql://người_dùng@máy_chủ:5432/tên_csdl",
            "This PC uses no server yet: give --url postgresql://user@host:5432/database"))
    return url


def _password(args, address: connection.ServerAddress) -> str | None:
    """--password-stdin, else the saved one (None: the engine finds it), else a prompt in a terminal."""
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise ValidationError("password", msg("Không đọc được mật khẩu từ stdin", "No password on stdin"))
        return password
    if connection.load_password(address) is not None:
        return None
    import os

    if not os.environ.get("PGPASSWORD") and sys.stdin.isatty():
        return getpass.getpass(msg("Mật khẩu của {a}: ", "Password for {a}: ", a=address.describe()).text())
    return None


def cmd_check(args) -> int:
    url = _url(args)
    result = setup.check_server(url, _password(args, connection.ServerAddress.from_url(url)))
    return _report(args, result, ok_statuses=(setup.OK,))


def cmd_init(args) -> int:
    url = _url(args)
    password = _password(args, connection.ServerAddress.from_url(url))
    result = setup.init_database(url, resolve_data_dir(args.data_dir), password)
    return _report(args, result, ok_statuses=(setup.OK,))


def cmd_connect(args) -> int:
    address = connection.validated(args.host, args.port, args.database, args.user)
    password = _password(args, address)
    url = address.url()
    result = setup.check_server(url, password)
    if args.init and result.status in (setup.EMPTY, setup.OLDER):
        result = setup.init_database(url, resolve_data_dir(args.data_dir), password)
    if result.status != setup.OK:
        return _report(args, result, ok_statuses=(setup.OK,))
    data_dir = resolve_data_dir(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    update_settings(data_dir, db_host=address.host, db_port=address.port, db_name=address.database,
                    db_user=address.user)
    stored = connection.save_password(address, password) if password is not None else True
    note = "" if stored else msg(" (máy này không có kho mật khẩu: mật khẩu chỉ dùng cho lệnh này)",
                                 " (no credential store here: the password served this command only)").text()
    emit(args, {**result.to_json(), "saved": True, "password_stored": stored},
         result.message.text() + note)
    return 0


def cmd_local(args) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    update_settings(data_dir, db_host="")
    emit(args, {"database": database_url(data_dir)},
         msg("Máy này dùng lại dữ liệu riêng trong {d}", "This PC uses its own data in {d} again", d=str(data_dir)).text())
    return 0


def cmd_status(args) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    url = database_url(data_dir)
    if url.startswith("sqlite"):
        emit(args, {"engine": "sqlite", "where": str(data_dir)},
             msg("Dữ liệu riêng của máy này: {d}", "This PC's own data: {d}", d=str(data_dir)).text())
    else:
        where = connection.ServerAddress.from_url(url).describe()
        emit(args, {"engine": "postgresql", "where": where},
             msg("Máy chủ của HTX: {w}", "The cooperative's server: {w}", w=where).text())
    return 0


def _report(args, result: setup.ServerCheck, ok_statuses: tuple[str, ...]) -> int:
    if result.status in ok_statuses:
        emit(args, result.to_json(), result.message.text())
        return 0
    if getattr(args, "json", False):
        emit(args, result.to_json(), "")
    if result.connected:
        raise Conflict(result.message, field="database")
    raise ServerUnavailable(result.message, result.status)

