"""What the shell runs before its main window: log file, integrity check, open (backup before migrating)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...core.backup import backup_before_upgrade
from ...core.database import Database
from ...core.errors import GianHangError
from ...core.logs import configure_logging
from ...core.paths import resolve_data_dir
from ...core.settings import Settings
from .actions import show_error
from .damaged import check_database_at_start

log = logging.getLogger(__name__)


def open_app_data(parent: QWidget | None, data_dir: str | Path | None) -> tuple[Database, Settings] | None:
    """The data folder's database and settings, ready for the window; None when the app should quit.

    Starts the rotating log file, checks the database (offering the last good backup when it is
    damaged), and opens it, backing the data up first when migrations are pending. A database
    from a newer app is explained and refused.
    """
    folder = resolve_data_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    configure_logging(folder)
    log.info("starting with data folder %s", folder)
    if not check_database_at_start(parent, folder):
        return None
    try:
        db = Database.open(folder, before_upgrade=backup_before_upgrade)
    except GianHangError as error:  # NewerSchemaError, or a backup refused before migrating
        log.error("cannot open the data: %s", error)
        show_error(parent, error)
        return None
    return db, Settings.load(folder)
