"""What every page receives: the database, the task runner, the settings and the changes signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..core.settings import Settings

if TYPE_CHECKING:  # the database (and SQLAlchemy) is imported by the warm-start thread, not here
    from ..core.database import Database
    from .tasks import TaskRunner


log = logging.getLogger(__name__)


class SettingsHub(QObject):
    """Owns the typed Settings of the data folder and tells the window when they change."""

    settings_changed = Signal(object)
    """The settings were saved; the argument is the Settings object."""
    language_changed = Signal(str)
    """The user chose another language ("vi" or "en"); the translator is already installed."""

    def __init__(self, data_dir: Path, settings: Settings):
        super().__init__()
        self.data_dir = data_dir
        self.values = settings

    def save(self) -> None:
        self.values.save(self.data_dir)
        self.settings_changed.emit(self.values)


@dataclass
class AppContext:
    """Passed to every page factory: `ctx.db`, `ctx.tasks`, `ctx.settings`, `ctx.changes`.

    `ctx.changes` is the application-wide `changes_happened(Changes)` signal of the task runner;
    `ctx.services` is a small registry where areas publish hooks for each other (e.g. the photos
    area sets "thumbnail_provider", the orders area "orders_waiting").

    At start the window may be shown before the database is open (the products page paints a
    first page read without SQLAlchemy, see core/catalog/first_page.py): `ctx.db` is then None
    until `set_database`, and work that needs it waits in `when_database`.
    """

    db: Database | None
    tasks: TaskRunner
    settings: SettingsHub
    services: dict[str, Callable] = field(default_factory=dict)
    _waiting: list[Callable[[], None]] = field(default_factory=list, repr=False)

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
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            try:
                callback()
            except Exception:
                log.exception("A task waiting for the database failed")
