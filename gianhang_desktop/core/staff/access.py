"""Who is signed in on this PC, and the check every guarded service makes (`require`).

A `Database` holds one `Access` (`db.access`): the window or the command line signs a person in
(`core.staff.users.sign_in`) and every write session carries it (`session.info["access"]`), so
session-level services check and record the same person. Nobody signed in is fine while the
database asks no one to sign in (SQLite by default); once it does (always on a shared server
that has accounts, on SQLite when a manager turned it on), guarded services refuse.
"""

from __future__ import annotations

import getpass
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import GianHangError
from ..i18n import msg
from .models import AccessPolicy, User
from .roles import Permission, Role, allowed

# How long a "nobody needs to sign in" answer is trusted before the database is asked again.
POLICY_TTL_S = 30.0


class PermissionDenied(GianHangError):
    """The signed-in person's role lacks `permission`; the message names it."""

    def __init__(self, permission: Permission, username: str, role: Role):
        super().__init__(msg(
            "Tài khoản '{user}' ({role}) không có quyền '{label}' ({perm}); hãy nhờ chủ HTX / quản lý",
            "Account '{user}' ({role_en}) lacks the permission '{label_en}' ({perm}); ask the owner or a manager",
            user=username, role=role.label.vi, role_en=role.label.en, label=permission.label.vi,
            label_en=permission.label.en, perm=permission.value))
        self.permission = permission
        self.field = "permission"


class NotSignedIn(GianHangError):
    """This database asks everyone to sign in and nobody is (or the account was disabled meanwhile)."""

    def __init__(self, permission: Permission | None = None, disabled: str | None = None):
        if disabled:
            message = msg("Tài khoản '{user}' đã bị khóa hoặc xóa; hãy đăng nhập lại",
                          "Account '{user}' was disabled or removed; sign in again", user=disabled)
        else:
            what = permission.value if permission else "-"
            message = msg("Cần đăng nhập tài khoản nhân viên để làm việc này ({perm}); dòng lệnh: --user "
                          "hoặc GIANHANG_USER",
                          "Sign in with a staff account to do this ({perm}); command line: --user or "
                          "GIANHANG_USER", perm=what)
        super().__init__(message)
        self.permission = permission
        self.field = "user"


@dataclass(frozen=True)
class Actor:
    """The person signed in: what is recorded on ledger lines, order steps and the audit log."""

    user_id: int
    username: str
    full_name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return allowed(self.role, permission)


class Access:
    """The sign-in state of one `Database`: the actor (or None) and the cached sign-in policy."""

    def __init__(self) -> None:
        self.actor: Actor | None = None
        self._lock = threading.Lock()
        self._required: bool | None = None
        self._checked_at = 0.0

    def required(self, session: Session) -> bool:
        """Whether this database asks everyone to sign in (a "yes" is kept; a "no" for 30 s)."""
        with self._lock:
            if self._required or (self._required is False and time.monotonic() - self._checked_at < POLICY_TTL_S):
                return bool(self._required)
        answer = login_required_in(session)
        with self._lock:
            self._required, self._checked_at = answer, time.monotonic()
        return answer

    def forget_policy(self) -> None:
        """Ask the database again next time (after accounts or the policy changed here)."""
        with self._lock:
            self._required = None


def login_required_in(session: Session) -> bool:
    """The policy as stored: on a shared server, as soon as one active account exists; on SQLite,
    when a manager turned sign-in on (and an active manager exists to sign in with)."""
    has_manager = session.scalar(
        select(User.id).where(User.active.is_(True), User.role == Role.MANAGER.value).limit(1)) is not None
    if session.get_bind().dialect.name != "sqlite":
        return has_manager or session.scalar(select(User.id).where(User.active.is_(True)).limit(1)) is not None
    policy = session.scalar(select(AccessPolicy.login_required).where(AccessPolicy.id == 1))
    return bool(policy) and has_manager


@dataclass(frozen=True)
class Policy:
    """What `require` needs, read outside a session: whether sign-in is asked, and the actor's
    account as stored (role, active) — for checks on a file the app must not open for writing."""

    required: bool
    role: str | None = None
    active: bool = False

    @classmethod
    def read_sqlite(cls, con, user_id: int | None) -> Policy:
        """From a stdlib sqlite3 connection (read-only); sqlite3.Error when the tables are missing."""
        policy = con.execute("SELECT login_required FROM access_policy WHERE id = 1").fetchone()
        manager = con.execute("SELECT 1 FROM users WHERE active AND role = 'manager' LIMIT 1").fetchone()
        row = con.execute("SELECT role, active FROM users WHERE id = ?", (user_id,)).fetchone() if user_id else None
        return cls(bool(policy and policy[0]) and manager is not None,
                   row[0] if row else None, bool(row and row[1]))


def require_in_policy(policy: Policy, access: Access | None, permission: Permission) -> None:
    """`require` against a `Policy` read beforehand (same rules, same refusals)."""
    actor = access.actor if access else None
    if actor is None:
        if policy.required:
            raise NotSignedIn(permission)
        return
    if policy.role is None or not policy.active:
        raise NotSignedIn(permission, disabled=actor.username)
    if not allowed(policy.role, permission):
        raise PermissionDenied(permission, actor.username, Role(policy.role))


def access_of(session: Session) -> Access:
    """The Access a session carries (`Database.session` puts it there), or a fresh one."""
    access = session.info.get("access")
    if access is None:
        access = session.info["access"] = Access()
    return access


def require(session: Session, permission: Permission, *, signed_in: bool = False) -> Actor | None:
    """Refuse unless the signed-in person's role has `permission` (roles.PERMISSIONS).

    The account is read again (role, active), so a change made on another PC counts at once.
    Returns the actor, or None when nobody is signed in and nobody has to be (`signed_in=True`:
    someone must be, whatever the policy: managing accounts).

    Raises:
        PermissionDenied: naming the permission.
        NotSignedIn: the database asks everyone to sign in, or the account was disabled.
    """
    access = access_of(session)
    actor = access.actor
    if actor is None:
        if signed_in or access.required(session):
            raise NotSignedIn(permission)
        return None
    row = session.get(User, actor.user_id)
    if row is None or not row.active:
        raise NotSignedIn(permission, disabled=actor.username)
    role = Role(row.role)
    if not allowed(role, permission):
        raise PermissionDenied(permission, actor.username, role)
    return actor


def recorded_user(session: Session, given: str | None = None) -> str:
    """The name a ledger line or an audit entry records: the signed-in person; else `given`;
    else the computer's login name."""
    actor = access_of(session).actor
    if actor is not None:
        return actor.username
    if given is not None:
        return given
    return os_user()


def os_user() -> str:
    """The computer's login name ("" when there is none, as for some Windows services)."""
    try:
        return getpass.getuser()
    except Exception:
        return ""
