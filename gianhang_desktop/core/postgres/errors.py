"""What went wrong with the cooperative's server, in words a clerk can act on.

psycopg gives no error code for a failed connection (libpq only has the server's text), so the
reason is read from the message (the server's own messages are English: PostgreSQL ships no
Vietnamese translation). A dropped connection mid-transaction has codes (class 08, 57P01…).
"""

from __future__ import annotations

from ..errors import GianHangError
from ..i18n import Msg, msg

# Why a connection failed, for the connection test and the messages.
UNREACHABLE = "unreachable"
BAD_PASSWORD = "bad_password"
NO_PASSWORD = "no_password"
NO_USER = "no_user"
NO_DATABASE = "no_database"
NOT_ALLOWED = "not_allowed"
BUSY = "busy"
DROPPED = "dropped"
OTHER = "other"

_DROPPED_STATES = {"57P01", "57P02", "57P03", "57P05", "25P03"}


class ServerUnavailable(GianHangError):
    """The server cannot be reached or refused us; `reason` is one of the constants above."""

    def __init__(self, message: Msg, reason: str):
        super().__init__(message)
        self.reason = reason


def reason_of(error: BaseException) -> str | None:
    """Which of the reasons above a database error is, or None when it is not about the connection
    (a constraint, a bad statement: a programming or data matter)."""
    orig = getattr(error, "orig", None) or error
    text = str(orig)
    state = getattr(orig, "sqlstate", None) or ""
    if "password authentication failed" in text:
        return BAD_PASSWORD
    if "no password supplied" in text or "password is missing" in text:
        return NO_PASSWORD
    if "no pg_hba.conf entry" in text:
        return NOT_ALLOWED
    if text.count('"') >= 2 and "does not exist" in text and "database" in text and "FATAL" in text:
        return NO_DATABASE
    if 'role "' in text and "does not exist" in text and "FATAL" in text:
        return NO_USER
    if "too many connections" in text or "remaining connection slots" in text \
            or "starting up" in text or "shutting down" in text or state == "57P03":
        return BUSY
    if state.startswith("08") or state in _DROPPED_STATES or getattr(error, "connection_invalidated", False):
        return DROPPED
    if any(s in text for s in ("server closed the connection", "consuming input failed", "connection is lost",
                               "connection already closed", "terminating connection", "SSL SYSCALL error",
                               "the connection is closed", "sending query failed")):
        return DROPPED
    if any(s in text for s in ("connection failed", "failed to resolve host", "Connection refused", "timeout expired",
                               "could not connect", "No route to host", "Network is unreachable",
                               "could not translate host name", "connection to server at")):
        return UNREACHABLE
    return None


def message_for(reason: str, where: str, *, committing: bool = False, detail: str = "") -> Msg:
    """The clerk's message for `reason`; `where` names the server ("gianhang@192.168.1.10:5432/gianhang")."""
    if reason == BAD_PASSWORD:
        return msg("Sai mật khẩu (hoặc tên người dùng) cho máy chủ {w}. Nhập lại mật khẩu.",
                   "Wrong password (or user name) for the server {w}. Enter the password again.", w=where)
    if reason == NO_PASSWORD:
        return msg("Chưa có mật khẩu cho máy chủ {w}. Nhập mật khẩu để kết nối.",
                   "No password for the server {w}. Enter the password to connect.", w=where)
    if reason == NO_USER:
        return msg("Máy chủ {w} không có người dùng này. Kiểm tra tên người dùng (xem docs/multi-pc.md).",
                   "The server {w} has no such user. Check the user name (see docs/multi-pc.md).", w=where)
    if reason == NO_DATABASE:
        return msg("Máy chủ không có cơ sở dữ liệu này ({w}). Kiểm tra tên, hoặc tạo nó theo hướng dẫn docs/multi-pc.md.",
                   "The server has no such database ({w}). Check the name, or create it as docs/multi-pc.md says.",
                   w=where)
    if reason == NOT_ALLOWED:
        return msg("Máy chủ {w} chưa cho phép máy này kết nối. Người quản trị cần thêm mạng LAN vào pg_hba.conf "
                   "(xem docs/multi-pc.md).",
                   "The server {w} does not let this PC connect. The administrator must add the LAN to "
                   "pg_hba.conf (see docs/multi-pc.md).", w=where)
    if reason == BUSY:
        return msg("Máy chủ {w} đang khởi động, đang tắt hoặc quá nhiều kết nối. Thử lại sau ít phút.",
                   "The server {w} is starting, stopping or has too many connections. Try again in a few minutes.",
                   w=where)
    if reason == DROPPED and committing:
        return msg("Mất kết nối tới máy chủ {w} đúng lúc đang lưu: chưa chắc thay đổi đã được lưu. "
                   "Khi kết nối lại, hãy kiểm tra trước khi nhập lại.",
                   "The connection to the server {w} dropped while saving: the change may or may not be "
                   "saved. Once reconnected, check before entering it again.", w=where)
    if reason == DROPPED:
        return msg("Mất kết nối tới máy chủ {w} giữa chừng: thay đổi chưa được lưu, không có gì bị ghi dở. "
                   "Ứng dụng đang kết nối lại; hãy thử lại sau.",
                   "The connection to the server {w} dropped: the change was not saved and nothing was "
                   "half-written. The app is reconnecting; try again shortly.", w=where)
    if reason == UNREACHABLE:
        return msg("Không kết nối được máy chủ {w}. Kiểm tra máy chủ đã bật, cùng mạng LAN, tường lửa mở "
                   "cổng này (xem docs/multi-pc.md).",
                   "Cannot reach the server {w}. Check that it is on, on the same LAN, and that its firewall "
                   "opens this port (see docs/multi-pc.md).", w=where)
    return msg("Lỗi máy chủ {w}: {d}", "Server error {w}: {d}", w=where, d=detail)


def connection_lost(where: str) -> Msg:
    """For the window's banner while the server is away."""
    return msg("Mất kết nối tới máy chủ {w}. Đang thử kết nối lại… Những gì đang nhập vẫn được giữ; "
               "hãy lưu lại khi đã kết nối.",
               "Lost the connection to the server {w}. Reconnecting… What you are typing is kept; save "
               "it again once connected.", w=where)


def server_error(error: BaseException, where: str, *, committing: bool = False) -> GianHangError | None:
    """The error to show for a database error of the server: ServerUnavailable for the connection,
    Conflict for a clash with another PC's simultaneous write; None for anything else (a bug)."""
    reason = reason_of(error)
    if reason is not None:
        return ServerUnavailable(message_for(reason, where, committing=committing), reason)
    return clash(error)


# Another PC wrote the same thing at the same moment: a unique key taken meanwhile (23505), or
# two transactions waiting for each other (40P01) or serialised apart (40001). The stock writes
# lock in one order and never get here; other writes check, then insert, and may.
_CLASH_STATES = {"23505", "40P01", "40001"}


def clash(error: BaseException) -> GianHangError | None:
    """A Conflict saying that nothing was saved and to try again, for a clash with another PC."""
    from ..errors import Conflict

    orig = getattr(error, "orig", None) or error
    if (getattr(orig, "sqlstate", None) or "") not in _CLASH_STATES:
        return None
    return Conflict(msg(
        "Máy khác vừa thay đổi cùng dữ liệu này đúng lúc đó: thay đổi của bạn chưa được lưu. Hãy xem lại "
        "(dữ liệu trên màn hình đã được cập nhật) rồi thử lại.",
        "Another PC changed the same data at that very moment: your change was not saved. Look again (the "
        "screen has been refreshed) and try again."))
