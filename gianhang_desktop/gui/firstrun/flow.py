"""`run_first_start_if_needed`: on a new data folder, the four choices and then the shop setup."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ...core import demo
from ...core.errors import GianHangError
from ...core.firstrun import is_first_start, mark_first_start_done
from ...core.settings import Settings
from ...core.shop import get_shop
from ...core.tasks import Cancelled
from ..tasks import TaskRunner
from . import actions
from .background import run_with_progress
from .shop_setup import ShopSetupDialog
from .welcome import DEMO, EMPTY, EXCEL, RESTORE, FirstStartDialog

DEMO_PRODUCTS = 200


def run_first_start_if_needed(parent: QWidget | None, db, settings: Settings, tasks: TaskRunner | None = None) -> bool:
    """Offer start empty / demo / Excel / restore on a new data folder, then the shop's details.

    The shell calls it after opening the database and before showing the main window. Returns
    False only when the user closed the first-start window (quit the app); True otherwise,
    including when the folder already holds data. Afterwards the choice is not offered again.
    """
    if not is_first_start(db, settings):
        if not settings.first_start_done:
            mark_first_start_done(db.data_dir, settings)
        return True
    while True:
        choice = FirstStartDialog.ask(parent)
        if choice is None:
            return False
        try:
            if CHOICES[choice](parent, db, tasks):
                break
        except Cancelled:
            continue
        except GianHangError as error:
            actions.show_error(parent, error)
    if not get_shop(db).is_complete:
        ShopSetupDialog.ask(db, parent)
    mark_first_start_done(db.data_dir, settings)
    return True


def start_empty(parent: QWidget | None, db, tasks: TaskRunner | None) -> bool:
    return True


def load_demo(parent: QWidget | None, db, tasks: TaskRunner | None) -> bool:
    """The demo catalogue, built in the background with progress."""
    run_with_progress(
        parent, QCoreApplication.translate("firstrun", "Đang tạo dữ liệu mẫu…"),
        lambda progress, cancel: demo.build_demo(db, DEMO_PRODUCTS, progress=progress, cancel=cancel), tasks,
    )
    return True


def import_excel(parent: QWidget | None, db, tasks: TaskRunner | None) -> bool:
    return actions.open_excel_import(parent, db, tasks)


def restore_backup(parent: QWidget | None, db, tasks: TaskRunner | None) -> bool:
    path = actions.choose_backup_file(parent)
    return path is not None and actions.restore_into(parent, db, path, tasks)


CHOICES: dict[str, Callable[[QWidget | None, object, TaskRunner | None], bool]] = {
    EMPTY: start_empty,
    DEMO: load_demo,
    EXCEL: import_excel,
    RESTORE: restore_backup,
}
