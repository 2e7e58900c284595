"""What every page receives: the database, the task runner, the one settings object and the changes signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..core.settings import Settings

if TYPE_CHECKING:  # the database (and SQLAlchemy) is imported by the warm-start thread, not here
    from ..core.catalog.first_page import FirstPage
    from ..core.database import Database
    from .photos.covers import CoverThumbnails
    from .photos.thumbnails import ThumbnailProvider
    from .server.link import ServerLink
    from .tasks import TaskRunner


log = logging.getLogger(__name__)


class SettingsHub(QObject):
    """The window's one settings object: `values` (the typed `core.settings.Settings`), passed to
    every page. Pages change a setting only with `update(key=value)`, a keyed update: the file is
    read again, those keys set, and it is written atomically, so nothing the core or another page
    saved meanwhile is lost; `values` then mirrors the file."""

    settings_changed = Signal(object)
    """Settings were saved; the argument is `values`."""
    language_changed = Signal(str)
    """The user chose another language ("vi" or "en"); the translator is already installed."""

    def __init__(self, data_dir: Path, settings: Settings):
        super().__init__()
        self.data_dir = data_dir
        self.values = settings

    def update(self, **values: object) -> None:
        """Save these keys, and only these (`core.settings.update`); then `settings_changed`.

        Raises:
            DiskFull, ReadOnlyFolder (core.disk): the data folder cannot take it (nothing changed).
        """
        from ..core.settings import update

        saved = update(self.data_dir, **values)
        for name, value in asdict(saved).items():
            setattr(self.values, name, value)
        self.settings_changed.emit(self.values)


@dataclass
class StartupRead:
    """What the start read ahead for the products page (which takes it once)."""

    first_page: FirstPage | None = None
    """Products read without the database layer, shown while it opens (core/catalog/first_page.py)."""
    product_ids: list[int] | None = None
    """The product list's ids, read while Qt started."""


@dataclass
class AppContext:
    """What every page, tab and settings section is built from: `Class(ctx)` (tabs: `Class(ctx, product)`).

    - `ctx.db`: the `core.database.Database`; `ctx.data_dir` its folder.
    - `ctx.tasks`: the task runner (gui/tasks.py), the one way to work off the GUI thread.
    - `ctx.changes`: the application-wide `changes_happened(Changes)` signal; the task runner emits
      it after each write or sync, and pages refresh from it only.
    - `ctx.settings`: the window's one `SettingsHub` (`values`, `update(...)`).
    - `ctx.thumbnails`, `ctx.covers`: the photos area's picture thumbnails and the products tables'
      cover pictures (made when the database opens).
    - `ctx.startup`: what the start read ahead for the products page.
    - `ctx.told`: what the window has told the clerk once already this session.
    - `ctx.server_link`: on the cooperative's server, the live link that brings the other PCs'
      changes into `ctx.changes` and says whether the server is there (gui/server/link.py);
      None on this PC's own data.

    At start the window may be shown before the database is open (the products page paints a
    first page read without SQLAlchemy): `ctx.db` is then None until `set_database`, and work that
    needs it waits in `when_database`.
    """

    db: Database | None
    tasks: TaskRunner
    settings: SettingsHub
    thumbnails: ThumbnailProvider | None = None
    covers: CoverThumbnails | None = None
    startup: StartupRead = field(default_factory=StartupRead)
    told: set[str] = field(default_factory=set)
    """What the window told the clerk once already this session (e.g. "Vietnamese typing is on")."""
    server_link: ServerLink | None = None
    _waiting: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.db is not None:
            self._start_services()

    @property
    def changes(self):
        return self.tasks.changes_happened

    @property
    def data_dir(self) -> Path:
        return self.db.data_dir if self.db is not None else self.settings.data_dir

    def when_database(self, callback: Callable[[], None]) -> None:
        """Run `callback` now if the database is open, else as soon as it is (in that order)."""
        if self.db is not None:
            callback()
        else:
            self._waiting.append(callback)

    def set_database(self, db: Database) -> None:
        """The database is open: run what was waiting for it, first come first served (one that
        fails, e.g. for a widget closed meanwhile, is logged and does not stop the others)."""
        self.db = db
        self._start_services()
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            try:
                callback()
            except Exception:
                log.exception("A task waiting for the database failed")

    def switch_database(self, db: Database) -> None:
        """Work on another database from now on (the first start connected this PC to the
        cooperative's server); before the pages are built. The caller disposes the old one."""
        self.close()
        if self.covers is not None:
            self.changes.disconnect(self.covers.apply_changes)
        self.thumbnails = self.covers = self.server_link = None
        self.db = db
        self._start_services()

    def close(self) -> None:
        """Stop what the context started (the thumbnail reader, the server link); the window calls
        it on quit."""
        if self.thumbnails is not None:
            self.thumbnails.close()
        if self.server_link is not None:
            self.server_link.stop()

    def _start_services(self) -> None:
        """What the window runs beside an open database: the server link, the thumbnails."""
        if self.server_link is None and not self.db.is_sqlite:
            from .server.link import ServerLink

            self.server_link = ServerLink(self.db.url, parent=self.tasks)
            self.server_link.changes_arrived.connect(self.changes.emit)
            self.server_link.start()
        if self.thumbnails is not None:
            return
        from .photos.covers import CoverThumbnails
        from .photos.thumbnails import ThumbnailProvider

        self.thumbnails = ThumbnailProvider(parent=self.tasks)
        self.covers = CoverThumbnails(self.db, self.thumbnails, parent=self.tasks)
        self.changes.connect(self.covers.apply_changes)
