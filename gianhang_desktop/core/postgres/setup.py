"""The connection test and setting up the server's database: reachable? password right? database
there? empty (create the schema), older (upgrade it), newer (update this app), someone else's?"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from ..errors import Conflict
from ..i18n import Msg, msg
from . import errors

MIN_SERVER_VERSION = 120000  # PostgreSQL 12: statement triggers with transition tables, EXECUTE FUNCTION

OK = "ok"
EMPTY = "empty"
OLDER = "older"
NEWER = "newer"
FOREIGN = "foreign"
NO_RIGHTS = "no_rights"
OLD_SERVER = "old_server"


@dataclass(frozen=True)
class ServerCheck:
    """The answer of the connection test.

    `status` is OK, EMPTY (connected; no schema yet: `init_database` creates it), OLDER (made by an
    older app: `init_database` upgrades it), NEWER (update this app), FOREIGN (another program's
    tables), NO_RIGHTS, OLD_SERVER, or why the connection failed (`errors.UNREACHABLE`,
    `errors.BAD_PASSWORD`, `errors.NO_DATABASE`, …). `message` says it for the clerk.
    """

    status: str
    message: Msg
    where: str
    revisions: tuple[str, ...] = ()
    server_version: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def connected(self) -> bool:
        return self.status in (OK, EMPTY, OLDER, NEWER, FOREIGN, NO_RIGHTS, OLD_SERVER)

    def to_json(self) -> dict:
        return {"status": self.status, "message": self.message.text(), "where": self.where,
                "revisions": list(self.revisions), "server_version": self.server_version}


def check_server(url: str, password: str | None = None) -> ServerCheck:
    """Connect to the database of `url` (password given, else the saved one) and say what is there.
    Never raises for a connection problem: that is the answer."""
    from ..db.engine import make_engine
    from .connection import ServerAddress

    where = ServerAddress.from_url(url).describe()
    engine = make_engine(url, password=password)
    try:
        with engine.connect() as conn:
            return _inspect(conn, where)
    except DBAPIError as error:
        reason = errors.reason_of(error) or errors.OTHER
        detail = str(getattr(error, "orig", error)).strip().splitlines()[0] if reason == errors.OTHER else ""
        return ServerCheck(reason, errors.message_for(reason, where, detail=detail), where)
    finally:
        engine.dispose()


def _inspect(conn, where: str) -> ServerCheck:
    from ..db import migrate

    version_num = int(conn.execute(text("SHOW server_version_num")).scalar())
    version = conn.execute(text("SHOW server_version")).scalar()
    if version_num < MIN_SERVER_VERSION:
        return ServerCheck(OLD_SERVER, msg(
            "Máy chủ dùng PostgreSQL {v}: cần phiên bản 12 trở lên (khuyên dùng 15 hoặc mới hơn).",
            "The server runs PostgreSQL {v}: version 12 or later is needed (15 or later recommended).",
            v=version), where, server_version=version)
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables:
            return ServerCheck(FOREIGN, _foreign_message(where, sorted(tables)), where, server_version=version)
        can_create = conn.execute(text("SELECT has_schema_privilege(current_user, 'public', 'CREATE')")).scalar()
        if not can_create:
            user = conn.execute(text("SELECT current_user")).scalar()
            return ServerCheck(NO_RIGHTS, msg(
                "Người dùng {u} không được tạo bảng trong cơ sở dữ liệu {w}: hãy để {u} làm chủ sở hữu "
                "cơ sở dữ liệu (ALTER DATABASE … OWNER TO {u}, xem docs/multi-pc.md).",
                "User {u} may not create tables in {w}: make {u} the database's owner "
                "(ALTER DATABASE … OWNER TO {u}, see docs/multi-pc.md).", u=user, w=where),
                where, server_version=version)
        return ServerCheck(EMPTY, msg(
            "Đã kết nối {w}. Cơ sở dữ liệu còn trống: bấm \"Khởi tạo\" (hoặc chạy gianhang db init) "
            "để tạo dữ liệu Gian Hàng.",
            "Connected to {w}. The database is empty: press \"Set up\" (or run gianhang db init) to "
            "create the Gian Hàng data.", w=where), where, server_version=version)
    current = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    revisions = tuple(sorted(current))
    unknown = current - migrate.known_revisions()
    if unknown:
        return ServerCheck(NEWER, msg(
            "Dữ liệu trên máy chủ {w} do phiên bản mới hơn của ứng dụng tạo ({rev}): hãy cập nhật "
            "Gian Hàng trên máy này.",
            "The data on the server {w} was written by a newer version of the app ({rev}): update "
            "Gian Hàng on this PC.", w=where, rev=", ".join(sorted(unknown))),
            where, revisions, version)
    if current != migrate.head_revisions():
        return ServerCheck(OLDER, msg(
            "Dữ liệu trên máy chủ {w} thuộc phiên bản cũ hơn của ứng dụng: bấm \"Nâng cấp\" để nâng "
            "cấp (một bản sao lưu được tạo trước). Sau đó các máy khác cũng cần cập nhật ứng dụng.",
            "The data on the server {w} belongs to an older version of the app: press \"Upgrade\" to "
            "upgrade it (a backup is made first). The other PCs then need the new app too.", w=where),
            where, revisions, version)
    return ServerCheck(OK, msg("Kết nối tốt: {w} (PostgreSQL {v}).", "Connection good: {w} (PostgreSQL {v}).",
                               w=where, v=version), where, revisions, version)


def _foreign_message(where: str, tables: list[str]) -> Msg:
    return msg(
        "Cơ sở dữ liệu {w} đang chứa dữ liệu khác, không phải của Gian Hàng ({t}): hãy dùng một cơ sở "
        "dữ liệu trống riêng cho Gian Hàng.",
        "The database {w} holds other data, not Gian Hàng's ({t}): use an empty database of its own "
        "for Gian Hàng.", w=where, t=", ".join(tables[:5]) + ("…" if len(tables) > 5 else ""))


def refuse_foreign_tables(engine: Engine, where: str) -> None:
    """Raise NotGianHangDatabase when a database without a Gian Hàng schema record has tables."""
    from ..database import NotGianHangDatabase

    with engine.connect() as conn:
        tables = sorted(set(inspect(conn).get_table_names()) - {"alembic_version"})
    if tables:
        raise NotGianHangDatabase(_foreign_message(where, tables))


def init_database(url: str, data_dir, password: str | None = None) -> ServerCheck:
    """Create the Gian Hàng schema on an empty database (or upgrade one an older app made); the
    check afterwards. Several PCs doing it at once wait for each other (`migrate.upgrade`).

    Raises ServerUnavailable (cannot connect) or Conflict (a newer app's data, another program's
    tables, no right to create tables, a server too old).
    """
    from ..database import Database

    before = check_server(url, password)
    if not before.connected:
        raise errors.ServerUnavailable(before.message, before.status)
    if before.status not in (OK, EMPTY, OLDER):
        raise Conflict(before.message)
    Database.open(data_dir, url=url, password=password).dispose()
    return check_server(url, password)
