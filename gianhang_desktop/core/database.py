"""The app database: opens (and migrates) it, and hands out one session per action or job."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .db import heads
from .db.engine import is_sqlite, make_engine
from .errors import GianHangError
from .i18n import msg
from .paths import resolve_data_dir, sqlite_url


class NewerSchemaError(GianHangError):
    """The database was written by a newer version of the app."""


class Database:
    """One data folder and its database; thread-safe to share, sessions are not."""

    def __init__(self, data_dir: Path, url: str, write_engine: Engine, read_engine: Engine):
        self.data_dir = data_dir
        self.url = url
        self.engine = write_engine
        self.read_engine = read_engine
        self._writer = sessionmaker(write_engine, expire_on_commit=False)
        self._reader = sessionmaker(read_engine, expire_on_commit=False)

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        url: str | None = None,
        *,
        migrate_now: bool = True,
        before_upgrade: Callable[[Database], object] | None = None,
    ) -> Database:
        """Open the database of `data_dir` (created if missing) and migrate it to head.

        `url` (or GIANHANG_DB_URL) points at another engine, e.g. PostgreSQL shared by several PCs.
        `before_upgrade` runs just before pending migrations are applied (see `migrate`).
        """
        folder = resolve_data_dir(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        url = url or os.environ.get("GIANHANG_DB_URL") or sqlite_url(folder)
        write_engine = make_engine(url, immediate=True)
        read_engine = make_engine(url, immediate=False) if url.startswith("sqlite") else write_engine
        db = cls(folder, url, write_engine, read_engine)
        if migrate_now:
            db.migrate(before_upgrade=before_upgrade)
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

        current = migrate.current_revisions(self.engine)
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
        if before_upgrade is not None:
            before_upgrade(self)
        migrate.upgrade(self.engine)
        return True

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write session: commits when the block ends, rolls back on any exception."""
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only session that never waits for a writer (WAL snapshot)."""
        with self._reader() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
