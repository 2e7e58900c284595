"""Staff accounts: add, list, change passwords and roles, disable; sign in with lockout.

Passwords arrive as arguments of these functions only (from a prompt, stdin or a dialog), are
hashed with argon2id and never stored, logged or put in a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock
from ..changes import Changed, Changes
from ..database import Database
from ..errors import Conflict, GianHangError, NotFound, ValidationError
from ..i18n import msg
from ..text import clean, fold
from . import audit
from .access import Access, Actor, access_of, login_required_in, require
from .models import AccessPolicy, User
from .passwords import hash_password, needs_rehash, validate_password, verify_password
from .roles import Permission, Role, parse_role

# After this many wrong passwords in a row, sign-in waits: 1 minute, doubling with each further
# failure, at most an hour (a guessed password needs years; a clerk's typo costs a minute).
FREE_FAILURES = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
# Verified when the account does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$ZJqjRi6xyp8gzO5pSM5gqQ$Xf6wnK77MHUonkA9i0hGcdSlUds6/Nb2s2OomX6bjck"


class WrongPassword(GianHangError):
    """Sign-in refused: unknown account or wrong password (never saying which)."""

    def __init__(self) -> None:
        super().__init__(msg("Sai tên đăng nhập hoặc mật khẩu", "Wrong user name or password"))
        self.field = "password"


class AccountLocked(GianHangError):
    """Sign-in refused for now after repeated wrong passwords, or for good (disabled account)."""

    def __init__(self, username: str, until: datetime | None):
        if until is None:
            message = msg("Tài khoản '{user}' đã bị khóa; hãy nhờ chủ HTX / quản lý mở lại",
                          "Account '{user}' is disabled; ask the owner or a manager", user=username)
        else:
            message = msg("Đăng nhập sai nhiều lần: tài khoản '{user}' tạm khóa đến {time}",
                          "Too many wrong passwords: account '{user}' is locked until {time}",
                          user=username, time=clock.to_local(until).strftime("%H:%M:%S %d/%m/%Y"))
        super().__init__(message)
        self.field = "password"
        self.until = until


@dataclass(frozen=True)
class UserView:
    """An account as listed (never its hash)."""

    id: int
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "username": self.username, "full_name": self.full_name, "role": self.role,
                "active": self.active, "locked_until": _iso(self.locked_until),
                "last_login_at": _iso(self.last_login_at), "created_at": _iso(self.created_at)}


def validate_username(value: str) -> str:
    """A user name: 2-40 letters without tones, digits, ".", "_" or "-" ("lan", "thu.kho").

    Raises:
        ValidationError: naming "username".
    """
    name = clean(value or "").strip()
    if not 2 <= len(name) <= 40 or not set(name.lower()) <= USERNAME_CHARS:
        raise ValidationError("username", msg(
            "Tên đăng nhập cần 2-40 ký tự: chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang ('{value}')",
            "A user name needs 2-40 characters: letters without tones, digits, '.', '_', '-' ('{value}')",
            value=name))
    return name


def username_key(name: str) -> str:
    return fold(clean(name or "").strip())


def add_user(db: Database, username: str, password: str, role: Role | str, full_name: str = "") -> Changed[UserView]:
    """Create an account. The first account of a database must be a manager and needs no one
    signed in (it is how a cooperative starts); every later one needs `users.manage`.

    Raises:
        ValidationError: bad user name, password (too short) or role, naming the field.
        Conflict: the user name is taken (ignoring case).
        PermissionDenied / NotSignedIn.
    """
    name = validate_username(username)
    validate_password(password)
    the_role = parse_role(role.value if isinstance(role, Role) else role)
    full = clean(full_name or "")[:120]
    hashed = hash_password(password)  # slow on purpose: before the transaction
    with db.session() as session:
        first = session.scalar(select(func.count(User.id))) == 0
        if first and the_role is not Role.MANAGER:
            raise ValidationError("role", msg("Tài khoản đầu tiên phải là chủ HTX / quản lý (manager)",
                                              "The first account must be the owner / a manager"))
        if not first:
            require(session, Permission.USERS_MANAGE, signed_in=True)
        if session.scalar(select(User.id).where(User.username_key == username_key(name))) is not None:
            raise Conflict(msg("Tên đăng nhập '{user}' đã có", "User name '{user}' is taken", user=name),
                           field="username")
        now = clock.now_utc()
        user = User(username=name, username_key=username_key(name), full_name=full, role=the_role.value,
                    password_hash=hashed, active=True, failed_logins=0, created_at=now, updated_at=now)
        session.add(user)
        session.flush()
        audit.record(session, "user.add", "user", name, {}, {"role": the_role.value, "full_name": full})
        view = _view(user)
    db.access.forget_policy()
    return Changed(view, Changes(settings=True))


def list_users(db: Database) -> list[UserView]:
    """Every account, by user name (`users.manage`)."""
    with db.read_session() as session:
        require(session, Permission.USERS_MANAGE, signed_in=True)
        return [_view(u) for u in session.scalars(select(User).order_by(User.username_key))]


def has_users(db: Database) -> bool:
    """True once any account exists (the window then offers sign-in rather than creating the first)."""
    with db.read_session() as session:
        return session.scalar(select(User.id).limit(1)) is not None


def change_password(db: Database, username: str, new_password: str, *, old_password: str | None = None) -> Changes:
    """Set a new password: one's own with the old one, anyone's with `users.manage`. Clears a lockout.

    Raises:
        ValidationError: the new password is too short.
        WrongPassword: one's own, with a wrong old password.
        NotFound, PermissionDenied / NotSignedIn.
    """
    validate_password(new_password, "new_password")
    hashed = hash_password(new_password)
    with db.session() as session:
        user = _get(session, username, lock=True)
        actor = access_of(session).actor
        own = actor is not None and actor.user_id == user.id
        if own and old_password is not None:
            if not verify_password(user.password_hash, old_password):
                raise WrongPassword()
        else:
            require(session, Permission.USERS_MANAGE, signed_in=True)
        user.password_hash, user.failed_logins, user.locked_until = hashed, 0, None
        user.updated_at = clock.now_utc()
        audit.record(session, "user.password", "user", user.username)  # never the values
    return Changes(settings=True)


def disable_user(db: Database, username: str) -> Changed[UserView]:
    """Stop an account from signing in (its history stays); never the last active manager."""
    return _set(db, username, "user.disable", active=False)


def enable_user(db: Database, username: str) -> Changed[UserView]:
    """Let a disabled account sign in again (and clear a lockout)."""
    return _set(db, username, "user.enable", active=True)


def set_role(db: Database, username: str, role: Role | str) -> Changed[UserView]:
    """Change an account's role; never leaves the database without an active manager."""
    return _set(db, username, "user.role", role=parse_role(role.value if isinstance(role, Role) else role))


def _set(db: Database, username: str, action: str, *, active: bool | None = None,
         role: Role | None = None) -> Changed[UserView]:
    with db.session() as session:
        require(session, Permission.USERS_MANAGE, signed_in=True)
        user = _get(session, username, lock=True)
        before = {"active": user.active, "role": user.role}
        if active is not None:
            user.active = active
            if active:
                user.failed_logins, user.locked_until = 0, None
        if role is not None:
            user.role = role.value
        if before["role"] == Role.MANAGER.value and before["active"] and not (
                user.active and user.role == Role.MANAGER.value):
            _keep_a_manager(session, user)
        after = {"active": user.active, "role": user.role}
        old, new = audit.changed_fields(before, after)
        if new:
            user.updated_at = clock.now_utc()
            audit.record(session, action, "user", user.username, old, new)
        view = _view(user)
    db.access.forget_policy()
    return Changed(view, Changes(settings=True))


def _keep_a_manager(session: Session, leaving: User) -> None:
    session.flush()
    others = session.scalar(select(func.count(User.id)).where(
        User.active.is_(True), User.role == Role.MANAGER.value, User.id != leaving.id))
    if not others:
        raise Conflict(msg("Không thể bỏ quyền quản lý của '{user}': đây là quản lý cuối cùng còn hoạt động",
                           "'{user}' is the last active manager and must stay one", user=leaving.username),
                       field="role")


def sign_in(db: Database, username: str, password: str) -> Actor:
    """Check the password and make the person this database's actor (`db.access.actor`).

    Five wrong passwords in a row lock the account for a minute, doubling with each further one
    (at most an hour); a correct password resets the count.

    Raises:
        WrongPassword: unknown account or wrong password (the same message for both).
        AccountLocked: disabled, or locked for now (saying until when).
    """
    key = username_key(username)
    now = clock.now_utc()
    refusal: GianHangError | None = None
    with db.session() as session:
        user = session.scalar(select(User).where(User.username_key == key).with_for_update())
        if user is None:
            verify_password(_DUMMY_HASH, password or "")
            raise WrongPassword()
        if not user.active:
            raise AccountLocked(user.username, None)
        if user.locked_until is not None and user.locked_until > now:
            raise AccountLocked(user.username, user.locked_until)
        if not verify_password(user.password_hash, password or ""):
            # Counted in this transaction, which commits: the refusal is raised after it.
            user.failed_logins += 1
            refusal = WrongPassword()
            if user.failed_logins >= FREE_FAILURES:
                step = FIRST_LOCK * (2 ** min(user.failed_logins - FREE_FAILURES, 10))
                user.locked_until = now + min(step, LONGEST_LOCK)
                audit.record(session, "user.locked", "user", user.username, {},
                             {"failed_logins": user.failed_logins}, user=user.username)
                refusal = AccountLocked(user.username, user.locked_until)
        else:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            actor = Actor(user.id, user.username, user.full_name, Role(user.role))
    if refusal is not None:
        raise refusal
    db.access.actor = actor
    db.access.forget_policy()
    return actor


def sign_out(db: Database) -> None:
    """Nobody is signed in on this database any more."""
    db.access.actor = None


def login_required(db: Database) -> bool:
    """Whether this database asks everyone to sign in (see `access.login_required_in`)."""
    with db.read_session() as session:
        return login_required_in(session)


def set_login_required(db: Database, required: bool) -> Changes:
    """Turn sign-in at start on or off for a SQLite database (`users.manage`). On a shared server
    it is always on once accounts exist.

    Raises:
        ValidationError: on a shared server, or turning it on with no active manager account.
    """
    with db.session() as session:
        if session.get_bind().dialect.name != "sqlite":
            raise ValidationError("login_required", msg(
                "Trên máy chủ của HTX luôn phải đăng nhập khi đã có tài khoản",
                "On the cooperative's server signing in is always required once accounts exist"))
        require(session, Permission.USERS_MANAGE, signed_in=True)
        if required and session.scalar(select(User.id).where(
                User.active.is_(True), User.role == Role.MANAGER.value).limit(1)) is None:
            raise ValidationError("login_required", msg(
                "Hãy tạo tài khoản chủ HTX / quản lý trước khi bật đăng nhập",
                "Create an owner / manager account before turning sign-in on"))
        policy = session.get(AccessPolicy, 1)
        before = bool(policy and policy.login_required)
        if policy is None:
            policy = AccessPolicy(id=1, login_required=required)
            session.add(policy)
        policy.login_required = required
        if before != required:
            audit.record(session, "access.policy", "policy", "login_required", {"login_required": before},
                         {"login_required": required})
    db.access.forget_policy()
    return Changes(settings=True)


def _get(session: Session, username: str, *, lock: bool = False) -> User:
    stmt = select(User).where(User.username_key == username_key(username))
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    user = session.scalar(stmt)
    if user is None:
        raise NotFound(msg("Không có tài khoản '{user}'", "No account '{user}'", user=clean(username or "")))
    return user


def _view(u: User) -> UserView:
    return UserView(u.id, u.username, u.full_name, u.role, u.active, u.locked_until, u.last_login_at, u.created_at)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


__all__ = [
    "Access", "AccountLocked", "UserView", "WrongPassword", "add_user", "change_password", "disable_user",
    "enable_user", "has_users", "list_users", "login_required", "set_login_required", "set_role", "sign_in",
    "sign_out",
]
