"""Staff accounts and the audit log on the command line: `gianhang user …`, `gianhang audit`.

Who runs a command: `--user NAME` (or GIANHANG_USER); the password is never an argument. It is
asked on the terminal, or read from stdin, one line per password asked, in the order asked
(`printf '%s\\n' "$PW" | gianhang --user lan stock receive …`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..core import clock
from ..core.catalog.validation import parse_date
from ..core.errors import ValidationError
from ..core.i18n import current_language, msg
from ..core.staff import audit, users
from ..core.staff.roles import Role
from .common import add_json_flag, emit, open_db


def register(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help="tài khoản nhân viên / staff accounts").add_subparsers(
        dest="action", metavar="ACTION")
    user.required = True
    p = user.add_parser("add", help="thêm tài khoản (mật khẩu được hỏi) / add an account (password asked)")
    p.add_argument("username")
    p.add_argument("--role", required=True, help="manager | stock_clerk | sales (quản lý, thủ kho, bán hàng)")
    p.add_argument("--full-name", default="")
    add_json_flag(p)
    p.set_defaults(handler=cmd_add)

    p = user.add_parser("list", help="danh sách tài khoản / list accounts")
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = user.add_parser("passwd", help="đổi mật khẩu (được hỏi) / change a password (asked)")
    p.add_argument("username")
    p.set_defaults(handler=cmd_passwd)

    for action, text in (("disable", "khóa tài khoản / disable an account"),
                         ("enable", "mở lại tài khoản / enable an account")):
        p = user.add_parser(action, help=text)
        p.add_argument("username")
        add_json_flag(p)
        p.set_defaults(handler=cmd_set_active, active=action == "enable")

    p = user.add_parser("role", help="đổi vai trò / change a role")
    p.add_argument("username")
    p.add_argument("role", help="manager | stock_clerk | sales")
    add_json_flag(p)
    p.set_defaults(handler=cmd_role)

    p = user.add_parser("login-required", help="bắt đăng nhập khi mở (SQLite) / sign-in at start (SQLite)")
    p.add_argument("state", choices=("on", "off"))
    p.set_defaults(handler=cmd_login_required)

    p = sub.add_parser("audit", help="nhật ký thao tác / the audit log")
    p.add_argument("--user", dest="by_user", metavar="NAME", help="chỉ của người này / only this person's")
    p.add_argument("--action", help="vd. product.update, order. (tiền tố) / e.g. product.update, order.")
    p.add_argument("--target", help="SKU, mã đơn, tài khoản / SKU, order code, account")
    p.add_argument("--since", help="từ ngày (dd/mm/yyyy)")
    p.add_argument("--until", help="đến ngày (dd/mm/yyyy)")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--out", metavar="FILE.xlsx", help="xuất ra tệp Excel / export to an Excel file")
    add_json_flag(p)
    p.set_defaults(handler=cmd_audit)


def ask_password(prompt: str, field: str = "password") -> str:
    """One password: typed on the terminal without echo, or one line of stdin when it is not one.

    Raises:
        ValidationError: stdin ended before a password was given.
    """
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise ValidationError(field, msg("Thiếu mật khẩu: hãy gõ khi được hỏi hoặc đưa vào stdin (một dòng)",
                                         "No password: type it when asked or give it on stdin (one line)"))
    return line.rstrip("\r\n")


def new_password(field: str = "password") -> str:
    """A new password, typed twice on a terminal (once from stdin)."""
    first = ask_password(_t("Mật khẩu mới: ", "New password: "), field)
    if sys.stdin is not None and sys.stdin.isatty():
        if getpass.getpass(_t("Nhập lại mật khẩu mới: ", "New password again: ")) != first:
            raise ValidationError(field, msg("Hai lần nhập mật khẩu không khớp", "The two passwords differ"))
    return first


def cmd_add(args) -> int:
    db = open_db(args)
    view, _ = users.add_user(db, args.username, new_password(), args.role, full_name=args.full_name)
    emit(args, view, _t(f"Đã thêm tài khoản {view.username} ({Role(view.role).label.vi})",
                        f"Added account {view.username} ({Role(view.role).label.en})"))
    return 0


def cmd_list(args) -> int:
    views = users.list_users(open_db(args))
    lang = current_language()
    lines = [f"{v.username}\t{Role(v.role).label.text(lang)}\t{v.full_name}\t"
             f"{_t('đang dùng', 'active') if v.active else _t('đã khóa', 'disabled')}" for v in views]
    emit(args, views, "\n".join(lines) or _t("Chưa có tài khoản nào", "No accounts yet"))
    return 0


def cmd_passwd(args) -> int:
    db = open_db(args)
    actor = db.access.actor
    own = actor is not None and users.username_key(actor.username) == users.username_key(args.username)
    old = ask_password(_t("Mật khẩu hiện tại: ", "Current password: ")) if own else None
    users.change_password(db, args.username, new_password("new_password"), old_password=old)
    print(_t(f"Đã đổi mật khẩu của {args.username}", f"Changed the password of {args.username}"))
    return 0


def cmd_set_active(args) -> int:
    db = open_db(args)
    view, _ = (users.enable_user if args.active else users.disable_user)(db, args.username)
    emit(args, view, _t(f"Đã {'mở lại' if view.active else 'khóa'} tài khoản {view.username}",
                        f"Account {view.username} {'enabled' if view.active else 'disabled'}"))
    return 0


def cmd_role(args) -> int:
    view, _ = users.set_role(open_db(args), args.username, args.role)
    emit(args, view, _t(f"{view.username}: {Role(view.role).label.vi}", f"{view.username}: {Role(view.role).label.en}"))
    return 0


def cmd_login_required(args) -> int:
    users.set_login_required(open_db(args), args.state == "on")
    print(_t("Đã bật đăng nhập khi mở" if args.state == "on" else "Đã tắt đăng nhập khi mở",
             "Sign-in at start is on" if args.state == "on" else "Sign-in at start is off"))
    return 0


def cmd_audit(args) -> int:
    db = open_db(args)
    filters = dict(user=args.by_user, action=args.action, target=args.target,
                   since=parse_date("since", args.since), until=parse_date("until", args.until))
    if args.out:
        path = audit.export_audit(db, Path(args.out).expanduser(), **filters)
        emit(args, {"path": str(path)}, _t(f"Đã xuất nhật ký ra {path}", f"Exported the audit log to {path}"))
        return 0
    entries = audit.list_audit(db, limit=max(1, min(args.limit, 100_000)), **filters)
    lang = current_language()
    lines = [f"{clock.to_local(e.at):%d/%m/%Y %H:%M:%S}\t{e.user_name}\t{audit.action_label(e.action, lang)}\t"
             f"{e.target}\t{audit.describe(e.before, lang)} → {audit.describe(e.after, lang)}" for e in entries]
    emit(args, entries, "\n".join(lines) or _t("Nhật ký trống", "The audit log is empty"))
    return 0


def _t(vi: str, en: str) -> str:
    return en if current_language() == "en" else vi
