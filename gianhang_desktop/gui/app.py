"""Application entry point: arguments, logging, the QApplication, the database, the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from .. import __version__

log = logging.getLogger("gianhang_desktop")
_START = time.perf_counter()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gianhang-desktop", description="Gian Hàng Desktop")
    parser.add_argument("--version", action="version", version=f"Gian Hàng Desktop {__version__}")
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("--screenshot", metavar="PNG", help="save a picture of the window and exit")
    parser.add_argument("--page", metavar="KEY", help="open this page (dashboard, products, stock, …)")
    parser.add_argument("--lang", choices=("vi", "en"), help="language for this run (default: settings)")
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def install_excepthook(interactive: bool = True) -> None:
    """Any uncaught error: full traceback to the log, a clear Vietnamese message to the user.

    Without a user (--screenshot), the error goes to stderr and the process exits with 1.
    """

    def hook(exc_type, exc, tb) -> None:
        log.critical("Uncaught error\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        if issubclass(exc_type, KeyboardInterrupt):
            return
        if not interactive:
            traceback.print_exception(exc_type, exc, tb)
            os._exit(1)
        from .tasks import show_error

        try:
            show_error(None, exc, "".join(traceback.format_exception(exc_type, exc, tb)))
        except Exception:  # the dialog itself must never take the app down
            log.exception("Could not show the error dialog")

    def thread_hook(args) -> None:
        log.critical("Uncaught error in thread %s\n%s", args.thread,
                     "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))

    sys.excepthook = hook
    threading.excepthook = thread_hook


class WarmStart(threading.Thread):
    """Opens the database (importing SQLAlchemy with it) while the main thread loads Qt.

    The two imports are the bulk of the start time and run side by side; for the products page the
    first list of ids is read here too, so the first rows appear as soon as the window does.
    """

    def __init__(self, data_dir: Path, prefetch_products: bool | None):
        super().__init__(name="gianhang-warm-start", daemon=True)
        self.data_dir, self.prefetch = data_dir, prefetch_products
        self.db = None
        self.error: BaseException | None = None
        self.has_products = False
        self.product_ids: list[int] | None = None

    def run(self) -> None:
        try:
            from ..core.catalog.browse import count_products, product_ids

            self.db = open_database(self.data_dir)
            if self.prefetch is None:
                self.has_products = count_products(self.db, status="all") > 0
            if self.prefetch or (self.prefetch is None and self.has_products):
                self.product_ids = product_ids(self.db)
        except BaseException as error:  # noqa: BLE001 - reported on the GUI thread
            self.error = error
            log.error("Opening the data failed\n%s", traceback.format_exc())


def open_database(data_dir: Path):
    """The data folder's database, backed up first when migrations are pending."""
    from ..core.backup import backup_before_upgrade
    from ..core.database import Database

    return Database.open(data_dir, before_upgrade=backup_before_upgrade)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from ..core.paths import resolve_data_dir
    from ..core.settings import SETTINGS_FILENAME, Settings

    data_dir = resolve_data_dir(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    first_start = not (data_dir / SETTINGS_FILENAME).exists()
    settings = Settings.load(data_dir)
    start = args.page or ("products" if args.screenshot or args.exit_when_ready else None)
    if start is None and not first_start:
        start = settings.last_page
    warm = WarmStart(data_dir, prefetch_products=(start == "products") if start else None)
    warm.start()

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from .context import AppContext, SettingsHub
    from .language import install_language
    from .tasks import TaskRunner
    from .theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gian Hàng Desktop")
    app.setApplicationVersion(__version__)
    apply_theme(app)
    from ..core.logs import configure_logging

    configure_logging(data_dir)
    install_excepthook(interactive=not (args.screenshot or args.exit_when_ready))
    log.info("Starting Gian Hàng Desktop %s on %s", __version__, data_dir)
    install_language(args.lang or settings.language)

    tasks = TaskRunner(app)
    db = _open_database(warm, data_dir, QEventLoop, QTimer)
    if db is None:
        tasks.shutdown()
        return 1
    interactive = not (args.screenshot or args.exit_when_ready)
    if interactive and first_start:
        from .firstrun.flow import run_first_start_if_needed

        if not run_first_start_if_needed(None, db, settings):
            tasks.shutdown()
            db.dispose()
            return 0
        from ..core.catalog.browse import count_products

        warm.has_products = count_products(db, status="all") > 0
        warm.product_ids = None  # the first start may have added products since the read-ahead
    ctx = AppContext(db=db, tasks=tasks, settings=SettingsHub(data_dir, settings))
    from .areas import install_services, shutdown_services

    install_services(ctx)
    if start is None:  # first start: the products if there are any, else the overview
        start = "products" if warm.has_products else "dashboard"
    if warm.product_ids is not None:
        ctx.services["startup_product_ids"] = warm.product_ids

    from .main_window import MainWindow

    window = MainWindow(ctx, start_page=start)
    window.persist_state = not (args.screenshot or args.exit_when_ready)
    if args.screenshot:
        window.resize(1280, 800)  # the same picture whatever size the window had last time
    window.show()
    code = 0
    if args.screenshot or args.exit_when_ready:
        code = _wait_until_ready(app, window, QEventLoop, QTimer)
        if code == 0 and args.exit_when_ready:
            print(f"READY {time.perf_counter() - _START:.3f}", flush=True)
        if code == 0 and args.screenshot:
            if not window.grab().save(args.screenshot):
                log.error("Could not save the screenshot to %s", args.screenshot)
                code = 1
        window.close()
    else:
        ctx.tasks.run_read(None, _integrity_report, data_dir,
                           on_done=lambda report: _offer_repair(window, ctx, report))
        QTimer.singleShot(3_000, lambda: _daily_backup(ctx))
        code = app.exec()
    tasks.shutdown()
    shutdown_services(ctx)
    ctx.db.dispose()
    return code


def _integrity_report(data_dir: Path):
    """`PRAGMA quick_check` (about a second on a 100,000-product database: after the window is up)."""
    from ..core.restore import check_database

    return check_database(data_dir)


def _offer_repair(window, ctx, report) -> None:
    """A damaged database found at start: offer the last good backup, then start again on it."""
    if report.ok:
        return
    from .firstrun import damaged

    ctx.tasks.shutdown()
    ctx.db.dispose()
    if damaged.check_database_at_start(window, ctx.data_dir):
        restart_app()
    window.persist_state = False
    window.close()


def restart_app() -> None:
    """Start the app again with the same arguments (after a restore replaced the database)."""
    from PySide6.QtCore import QProcess

    # The frozen exe is sys.executable and sys.argv[0] at once; python needs the script too.
    args = sys.argv[1:] if getattr(sys, "frozen", False) else sys.argv
    QProcess.startDetached(sys.executable, args)


def _daily_backup(ctx) -> None:
    """The automatic backup (at most once a day), in the background after the window is up."""
    from ..core.backup import auto_backup_if_due

    ctx.tasks.run_read(None, auto_backup_if_due, ctx.data_dir, ctx.settings.values,
                       on_error=lambda error, *_: log.warning("Automatic backup failed: %s", error))


def _open_database(warm: WarmStart, data_dir: Path, QEventLoop, QTimer):  # noqa: N803 - Qt classes passed in
    """Wait for the warm-start thread without blocking Qt (a migration may take a while)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    if warm.is_alive():
        loop = QEventLoop()
        poll = QTimer(interval=10)
        poll.timeout.connect(lambda: None if warm.is_alive() else loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
    if warm.db is not None:
        return warm.db
    from ..core.errors import GianHangError
    from .firstrun.damaged import check_database_at_start

    if not check_database_at_start(None, data_dir):  # a damaged file: offer the last good backup
        return None
    if warm.error is not None and not isinstance(warm.error, GianHangError):
        try:  # it may have been the damage, now repaired by a restore
            return open_database(data_dir)
        except Exception as error:  # noqa: BLE001 - shown below
            warm.error = error

    error = warm.error
    text = error.message() if isinstance(error, GianHangError) else str(error)
    QMessageBox.critical(
        None, QCoreApplication.translate("App", "Không mở được dữ liệu"),
        QCoreApplication.translate("App", "Không mở được dữ liệu trong {folder}:\n{error}").format(
            folder=data_dir, error=text),
    )
    return None


def _wait_until_ready(app, window, QEventLoop, QTimer, timeout_ms: int = 60_000) -> int:  # noqa: N803
    key = window.current_page_key()
    if not window.is_page_ready(key):
        loop = QEventLoop()
        window.page_ready.connect(lambda k: loop.quit() if k == key else None)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
    app.processEvents()
    return 0 if window.is_page_ready(key) else 1
