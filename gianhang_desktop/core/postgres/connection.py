"""Where the cooperative's server is, and its password: in the OS credential store, never in a file.

The address (host, port, database, user) lives in the settings (`Settings.db_host` …) and makes a
SQLAlchemy URL *without* a password. The password is kept by keyring (service "GianHang",
account "postgresql://user@host:port/database"); where no credential store works it lives in
this process's memory only, and the command line reads it from `--password-stdin` or a prompt.
libpq's own PGPASSWORD and pgpass file also work (psycopg passes them through).

Every connection carries `connect_args(url)`: the password, a short connect timeout (an office
PC that is off answers "unreachable" in seconds, not minutes), TCP keepalives (a LAN cable
pulled out is noticed mid-transaction) and an application name that tags this process, so the
live change feed can skip its own notifications.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from dataclasses import dataclass
from typing import Any

from ..errors import ValidationError
from ..i18n import msg

SERVICE = "GianHang"
DEFAULT_PORT = 5432
DEFAULT_DATABASE = "gianhang"
CONNECT_TIMEOUT_S = 5
# This process, as the server (pg_stat_activity) and the other PCs' change feeds see it.
APPLICATION_NAME = f"gianhang {socket.gethostname()[:24]} {os.getpid()}-{uuid.uuid4().hex[:8]}"[:63]

_memory: dict[str, str] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class ServerAddress:
    """The cooperative's PostgreSQL server and the database and role this app uses on it."""

    host: str
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    user: str = "gianhang"

    def url(self) -> str:
        """The SQLAlchemy URL, without any password."""
        from sqlalchemy.engine import URL

        return URL.create("postgresql+psycopg", username=self.user, host=self.host, port=self.port,
                          database=self.database).render_as_string(hide_password=False)

    @property
    def account(self) -> str:
        """The keyring account of this address's password."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    def describe(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @classmethod
    def from_url(cls, url: str) -> ServerAddress:
        """The address of a `postgresql[+psycopg]://user@host:port/database` URL.

        Raises ValidationError("url") for another kind of URL or one without host, database or user.
        """
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError) as error:
            raise ValidationError("url", msg("Địa chỉ máy chủ không hợp lệ: {e}", "Invalid server URL: {e}",
                                             e=str(error))) from None
        if parsed.get_backend_name() != "postgresql":
            raise ValidationError("url", msg(
                "Địa chỉ phải có dạng postgresql://người_dùng@máy_chủ:5432/tên_csdl",
                "The URL must look like postgresql://user@host:5432/database"))
        return validated(parsed.host or "", parsed.port or DEFAULT_PORT, parsed.database or "", parsed.username or "")


def validated(host: str, port: int | str, database: str, user: str) -> ServerAddress:
    """A ServerAddress from what was typed; ValidationError names the field that is wrong."""
    host, database, user = (host or "").strip(), (database or "").strip(), (user or "").strip()
    if not host or any(c.isspace() for c in host) or "/" in host:
        raise ValidationError("host", msg("Chưa nhập đúng tên hoặc địa chỉ IP của máy chủ",
                                          "Enter the server's name or IP address"))
    try:
        number = int(str(port).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise ValidationError("port", msg("Cổng phải là số từ 1 đến 65535 (thường là 5432)",
                                          "The port must be a number from 1 to 65535 (usually 5432)"))
    if not database or any(c.isspace() for c in database):
        raise ValidationError("database", msg("Chưa nhập tên cơ sở dữ liệu", "Enter the database name"))
    if not user or any(c.isspace() for c in user):
        raise ValidationError("user", msg("Chưa nhập tên người dùng của máy chủ", "Enter the server user name"))
    return ServerAddress(host, number, database, user)


def url_password(url: str) -> str | None:
    from sqlalchemy.engine import make_url

    return make_url(url).password


def load_password(address: ServerAddress) -> str | None:
    """The saved password: the credential store, else this session's memory; None if neither."""
    from ..sync.credentials import keyring_usable

    with _lock:
        if keyring_usable():
            import keyring
            from keyring.errors import KeyringError

            try:
                stored = keyring.get_password(SERVICE, address.account)
            except (KeyringError, RuntimeError):
                stored = None
            if stored:
                return stored
        return _memory.get(address.account)


def save_password(address: ServerAddress, password: str) -> bool:
    """Keep the password: True when in the credential store, False when for this session only."""
    from ..sync.credentials import keyring_usable

    with _lock:
        if keyring_usable():
            import keyring
            from keyring.errors import KeyringError

            try:
                keyring.set_password(SERVICE, address.account, password)
                _memory.pop(address.account, None)
                return True
            except (KeyringError, RuntimeError):
                pass
        _memory[address.account] = password
        return False


def remember_for_session(address: ServerAddress, password: str) -> None:
    """Use `password` until the process ends, without storing it anywhere."""
    with _lock:
        _memory[address.account] = password


def forget_password(address: ServerAddress) -> None:
    from ..sync.credentials import keyring_usable

    with _lock:
        _memory.pop(address.account, None)
        if keyring_usable():
            import keyring
            from keyring.errors import KeyringError

            try:
                keyring.delete_password(SERVICE, address.account)
            except (KeyringError, RuntimeError):
                pass


def connect_args(url: str, password: str | None = None) -> dict[str, Any]:
    """psycopg connection options for `url`: the password (given, in the URL, or saved), the
    timeouts and keepalives, and this process's application name."""
    args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": APPLICATION_NAME,
        "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3, "keepalives_count": 3,
    }
    if password is None and not url_password(url):
        try:
            password = load_password(ServerAddress.from_url(url))
        except ValidationError:
            password = None
    if password is not None:
        args["password"] = password
    return args


def psycopg_kwargs(url: str, password: str | None = None) -> dict[str, Any]:
    """Keyword arguments for `psycopg.connect` reaching the database of a SQLAlchemy URL."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    kwargs: dict[str, Any] = {"host": parsed.host, "port": parsed.port or DEFAULT_PORT, "dbname": parsed.database,
                              "user": parsed.username, **connect_args(url, password)}
    if parsed.password and "password" not in kwargs:
        kwargs["password"] = parsed.password
    return {k: v for k, v in kwargs.items() if v is not None}
