"""`run_first_start_if_needed`: on a new data folder, the five choices and then the shop setup."""

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
from ..backups import actions
from ..context import AppContext
from ..modal import run_with_progress
from .shop_setup import ShopSetupDialog
from .welcome import DEMO, EMPTY, EXCEL, RESTORE, SERVER, FirstStartDialog

DEMO_PRODUCTS = 200


def run_first_start_if_needed(parent: QWidget | None, ctx: AppContext) -> bool:
    """Offer start empty / demo / Excel / restore / the cooperative's server on a new data folder,
    then the shop's details.

    The shell calls it once the database is open (`ctx.db`) and before showing the main window;
    the work runs on `ctx.tasks`. Returns False only when the user closed the first-start window
    (quit the app); True otherwise, including when the folder already holds data. Afterwards the
    choice is not offered again. After "Kết nối máy chủ của HTX" the context works on the server's
    database (`ctx.switch_database`): one that holds data already (another PC set it up) ends the
    first start; an empty one, just set up, gets the other choices (start empty, demo, …).
    """
    settings = ctx.settings.values
    if not is_first_start(ctx.db, settings):
        if not settings.first_start_done:
            mark_first_start_done(ctx.db.data_dir, settings)
        return True
    while True:
        choice = FirstStartDialog.ask(parent)
        if choice is None:
            return False
        try:
            if choice == SERVER:
                if connect_server(parent, ctx) and not is_first_start(ctx.db, Settings()):
                    break  # the cooperative's data is there already
                continue
            if CHOICES[choice](parent, ctx):
                break
        except Cancelled:
            continue
        except GianHangError as error:
            actions.show_error(parent, error)
    if not get_shop(ctx.db).is_complete:
        ShopSetupDialog.ask(ctx, parent)
    mark_first_start_done(ctx.db.data_dir, settings)
    return True


def connect_server(parent: QWidget | None, ctx: AppContext) -> bool:
    """"Kết nối máy chủ của HTX": the connection dialog, then the context works on the server's
    database (its address is in the settings now). False when the user went back."""
    from ..app import open_database
    from ..server.dialog import ServerDialog

    if ServerDialog.ask(ctx.data_dir, ctx.tasks, parent, settings=ctx.settings) is None:
        return False
    local = ctx.db
    ctx.switch_database(open_database(local.data_dir))
    local.dispose()
    return True


def start_empty(parent: QWidget | None, ctx: AppContext) -> bool:
    return True


def load_demo(parent: QWidget | None, ctx: AppContext) -> bool:
    """The demo catalogue, built on the writer with progress."""
    db = ctx.db
    run_with_progress(
        parent, QCoreApplication.translate("firstrun", "Đang tạo dữ liệu mẫu…"),
        lambda progress, cancel: demo.build_demo(db, DEMO_PRODUCTS, progress=progress, cancel=cancel), ctx.tasks,
    )
    return True


def import_excel(parent: QWidget | None, ctx: AppContext) -> bool:
    """The Excel import wizard; True when rows came in."""
    from .. import importer

    return importer.run_import_wizard(parent, ctx)


def restore_backup(parent: QWidget | None, ctx: AppContext) -> bool:
    path = actions.choose_backup_file(parent)
    return path is not None and actions.restore_into(parent, ctx.db, path, ctx.tasks)


CHOICES: dict[str, Callable[[QWidget | None, AppContext], bool]] = {
    EMPTY: start_empty,
    DEMO: load_demo,
    EXCEL: import_excel,
    RESTORE: restore_backup,
}
