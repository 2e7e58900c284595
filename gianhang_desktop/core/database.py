"""The app database: opens (and migrates) it, and hands out one session per action or job."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from .db import heads
from .db.engine import is_sqlite, make_engine, make_readonly_engine
from .disk import DiskFull, ReadOnlyFolder, disk_error, disk_errors, file_writable, folder_writable
from .errors import GianHangError, NotFound
from .i18n import msg
from .paths import DB_FILENAME, resolve_data_dir, sqlite_url
from .staff.access import Access


class NewerSchemaError(GianHangError):
    """The database was written by a newer version of the app."""


class NotGianHangDatabase(GianHangError):
    """The data folder's database file belongs to another program (or its tables were changed)."""


class Database:
    """One data folder and its database; thread-safe to share, sessions are not."""

    def __init__(self, data_dir: Path, url: str, write_engine: Engine, read_engine: Engine, read_only: bool = False):
        self.data_dir = data_dir
        self.url = url
        self.engine = write_engine
        self.read_engine = read_engine
        self.read_only = read_only
        self.write_refusal: GianHangError | None = None  # why a read-only database refuses writes, if not the folder
        # Who is signed in on this PC (core/staff/access.py); every session carries it.
        self.access = Access()
        self._writer = sessionmaker(write_engine, expire_on_commit=False, info={"access": self.access})
        self._reader = sessionmaker(read_engine, expire_on_commit=False, info={"access": self.access})

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        url: str | None = None,
        *,
        migrate_now: bool = True,
        before_upgrade: Callable[[Database], object] | None = None,
        read_only: bool | None = None,
        password: str | None = None,
    ) -> Database:
        """Open the database of `data_dir` (created if missing) and migrate it to head.

        `url` (or GIANHANG_DB_URL) points at another engine, e.g. PostgreSQL shared by several PCs.
        `before_upgrade` runs just before pending migrations are applied (see `migrate`).
        A restore that was killed is finished (or undone) first (`core.restore_journal`). A data
        folder that cannot be written opens read-only (`read_only=None` finds out; True forces
        it): everything reads, and `session()` raises ReadOnlyFolder naming the folder.
        `password` is the server's (PostgreSQL), when not the saved one (core.postgres.connection).

        Raises:
            ReadOnlyFolder: the folder cannot be created, or a read-only one has no database or one
                that needs migrating.
            NewerSchemaError, NotGianHangDatabase: see `migrate`.
            RestoreInProgress: another process is restoring a backup into the folder.
        """
        from .restore_journal import finish_interrupted_restore

        folder = resolve_data_dir(data_dir)
        with disk_errors(folder, folder):
            folder.mkdir(parents=True, exist_ok=True)
            finish_interrupted_restore(folder)
        url = url or database_url(folder)
        if url.startswith("sqlite") and read_only is None:
            read_only = _read_only_folder(folder)
        if url.startswith("sqlite"):  # before the first connection switches the file to WAL
            refuse_foreign_file(folder / DB_FILENAME)
        if url.startswith("sqlite") and read_only:
            if not (folder / DB_FILENAME).is_file():
                raise NotFound(msg(
                    "Thư mục dữ liệu {folder} chỉ cho phép đọc và chưa có cơ sở dữ liệu",
                    "The data folder {folder} is read-only and holds no database",
                    folder=str(folder),
                ))
            engine = make_readonly_engine(url)
            db = cls(folder, url, engine, engine, read_only=True)  # deferred transactions only
        else:
            write_engine = make_engine(url, immediate=True, password=password)
            read_engine = make_engine(url, immediate=False) if url.startswith("sqlite") else write_engine
            db = cls(folder, url, write_engine, read_engine)
        if migrate_now:
            try:
                db.migrate(before_upgrade=before_upgrade)
            except DiskFull as full:
                db.dispose()
                return cls._open_on_full_disk(folder, url, full)
            except BaseException:
                db.dispose()
                raise
        return db

    @classmethod
    def _open_on_full_disk(cls, folder: Path, url: str, full: DiskFull) -> Database:
        """A SQLite database that could not even be opened for writing because its disk is full
        (a WAL database needs room for its `-shm` index): opened read-only, so looking, searching,
        exports and backups elsewhere still work; every write raises `full` (Ổ đĩa đã đầy…)."""
        if not url.startswith("sqlite") or not (folder / DB_FILENAME).is_file():
            raise full
        engine = make_readonly_engine(url)
        db = cls(folder, url, engine, engine, read_only=True)
        db.write_refusal = full
        try:
            ready = heads.at_heads(engine)
        except BaseException:
            db.dispose()
            raise
        if not ready:  # a migration must write: only room on the disk helps
            db.dispose()
            raise full
        return db

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        return Path(self.engine.url.database or "")

    def schema_revisions(self) -> set[str]:
        from .db import migrate

        return migrate.current_revisions(self.engine)

    def migrate(self, before_upgrade: Callable[[Database], object] | None = None) -> bool:
        """Upgrade to head; refuse a database from a newer app. True when anything was applied.

        `before_upgrade(db)` is called only when migrations are pending, e.g. to back the data up
        (`core.backup.backup_before_upgrade`).
        """
        if heads.at_heads(self.engine):
            return False  # the common case, decided without importing Alembic (fast start)
        from .db import migrate

        with self._disk_errors():
            current = migrate.current_revisions(self.engine)
        if not current:
            self._refuse_foreign_database()
        unknown = current - migrate.known_revisions()
        if unknown:
            raise NewerSchemaError(
                msg(
                    "Dữ liệu được tạo bởi phiên bản mới hơn của ứng dụng ({rev}); hãy cập nhật ứng dụng.",
                    "The data was written by a newer version of the app ({rev}); please update the app.",
                    rev=", ".join(sorted(unknown)),
                )
            )
        if current == migrate.head_revisions():
            return False
        if self.read_only:
            raise ReadOnlyFolder(self.data_dir, detail=msg(
                " (dữ liệu cần được nâng cấp cho phiên bản này)", " (the data needs upgrading for this version)").text())
        if before_upgrade is not None:
            before_upgrade(self)
        with self._disk_errors():
            migrate.upgrade(self.engine)
        return True

    def _refuse_foreign_database(self) -> None:
        if self.sqlite_path is not None:
            refuse_foreign_file(self.sqlite_path, deep=True)
            return
        from .postgres.setup import refuse_foreign_tables

        refuse_foreign_tables(self.engine, self.where)

    @property
    def where(self) -> str:
        """The database as the user knows it: the SQLite file, or user@host:port/database."""
        from sqlalchemy.engine import make_url

        parsed = make_url(self.url)
        if self.is_sqlite:
            return parsed.database or ""
        return f"{parsed.username}@{parsed.host}:{parsed.port or 5432}/{parsed.database}"

    def require_writable(self) -> None:
        """Raise ReadOnlyFolder (or DiskFull, for a database opened read-only on a full disk) when the
        database was opened read-only (before slow work that writes)."""
        if self.read_only:
            raise self.write_refusal or ReadOnlyFolder(self.data_dir)

    @contextmanager
    def _disk_errors(self, committing: list[bool] | None = None) -> Iterator[None]:
        """A full disk or a read-only file met by the database becomes DiskFull / ReadOnlyFolder;
        the server gone away (or refusing us) becomes ServerUnavailable (`core.postgres.errors`),
        saying whether the change may have been saved (`committing[0]`: the COMMIT was on its way)."""
        try:
            yield
        except GianHangError:
            raise
        except Exception as error:
            if self.is_sqlite:
                translated = disk_error(error, self.data_dir, self.data_dir)
            else:
                from .postgres.errors import server_error

                translated = server_error(error, self.where, committing=bool(committing and committing[0]))
            if translated is None:
                raise
            raise translated from error

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write session: commits when the block ends, rolls back on any exception.

        Raises ReadOnlyFolder at once on a read-only data folder, DiskFull when the disk fills up,
        ServerUnavailable when the server cannot be reached or the connection drops (the
        transaction is rolled back: nothing of it is written; a drop during the COMMIT itself
        says the change may have been saved).
        """
        self.require_writable()
        committing = [False]
        with self._disk_errors(committing), self._writer() as session:
            with session.begin():
                yield session
                session.flush()
                committing[0] = True

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only session that never waits for a writer (WAL snapshot); ServerUnavailable as
        for `session`."""
        with self._disk_errors(), self._reader() as session:
            yield session

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A Core connection for reads that run on every scroll step (cheaper than a Session);
        errors translated as for `read_session`."""
        with self._disk_errors(), self.read_engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


def _read_only_folder(folder: Path) -> bool:
    """True when the data folder or its database file cannot be written (tried, not guessed)."""
    db_file = folder / DB_FILENAME
    return not folder_writable(folder) or (db_file.exists() and not file_writable(db_file))


def refuse_foreign_file(path: Path, deep: bool = False) -> None:
    """Raise NotGianHangDatabase for a file that is not SQLite, or a SQLite database with tables but
    no Gian Hàng schema record: another program's file, refused before the app changes it or a
    migration fails half-way on it. An empty or missing file is a new database.

    Cheap on every start: a file in WAL mode (header byte 18) has been opened by this app before,
    and is looked into only when `deep`.
    """
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        return
    if not header:
        return
    if not header.startswith(b"SQLite format 3\x00"):
        tables = [msg("không phải tệp SQLite", "not a SQLite file").text()]
    elif len(header) > 18 and header[18] == 2 and not deep:
        return
    else:
        import sqlite3

        from .db.schema_check import foreign_tables
        from .db.sqlite import connect_readonly

        try:
            con = connect_readonly(path)
            try:
                tables = foreign_tables(con)
            finally:
                con.close()
        except sqlite3.DatabaseError as error:
            tables = [str(error)]
    if tables:
        raise NotGianHangDatabase(msg(
            "Tệp {file} không phải cơ sở dữ liệu Gian Hàng ({tables}); hãy khôi phục một bản sao lưu "
            "hoặc chọn thư mục dữ liệu khác.",
            "{file} is not a Gian Hàng database ({tables}); restore a backup or choose another data folder.",
            file=str(path), tables=", ".join(tables[:5]) + ("…" if len(tables) > 5 else ""),
        ))


def database_url(folder: Path) -> str:
    """The database a data folder's app works on: GIANHANG_DB_URL, else the cooperative's server
    named in its settings (several PCs), else the folder's own SQLite file."""
    env = os.environ.get("GIANHANG_DB_URL")
    if env:
        return env
    from .settings import Settings

    settings = Settings.load(folder)
    if settings.db_host:
        from .postgres.connection import ServerAddress

        return ServerAddress(settings.db_host, settings.db_port, settings.db_name, settings.db_user).url()
    return sqlite_url(folder)
