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
    parser.add_argument("--size", metavar="WxH", default="1280x800",
                        help="the window's size for --screenshot (e.g. 1366x768, a small laptop)")
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
    """Opens the database (importing SQLAlchemy with it) off the GUI thread.

    On the quick path (`first_page.read_first_page` answered) it starts once the window has painted
    its first products; otherwise it runs beside Qt's start, reading the first list of ids too.
    """

    def __init__(self, data_dir: Path, prefetch_products: bool | None):
        super().__init__(name="gianhang-warm-start", daemon=True)
        self.data_dir, self.prefetch = data_dir, prefetch_products
        self.db = None
        self.error: BaseException | None = None
        self.has_products = False
        self.product_ids: list[int] | None = None
        self.gave_up = False  # set on the GUI thread when opening failed and no backup was restored

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


class FirstPageRead(threading.Thread):
    """Reads the first page of products (`first_page.read_first_page`) while Qt starts; when there is
    none to be had quickly, starts `otherwise` (the WarmStart) at once instead."""

    def __init__(self, data_dir: Path, otherwise: WarmStart):
        super().__init__(name="gianhang-first-page", daemon=True)
        self.data_dir, self.otherwise = data_dir, otherwise
        self.page = None

    def run(self) -> None:
        try:
            from ..core.catalog.first_page import read_first_page

            self.page = read_first_page(self.data_dir)
        except Exception:  # noqa: BLE001 - the ordinary start follows
            log.exception("Reading the first page of products failed")
        if self.page is None:
            self.otherwise.start()
        else:
            self.otherwise.prefetch = False  # it starts after the first paint; the table asks itself


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
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # opening the database explains it (a read-only place) in the window
    first_start = not (data_dir / SETTINGS_FILENAME).exists()
    settings = Settings.load(data_dir)
    interactive = not (args.screenshot or args.exit_when_ready)
    start = args.page or ("products" if not interactive else None)
    if start is None and not first_start:
        start = settings.last_page
    warm = WarmStart(data_dir, prefetch_products=(start == "products") if start else None)
    quick = None
    from ..core.restore_journal import restore_pending

    if start == "products" and not (interactive and first_start) and not restore_pending(data_dir):
        # The quick way: the first products straight from SQLite (beside Qt's start), the
        # database layer after the window is up: importing SQLAlchemy costs more than Qt's start.
        # Not while a killed restore waits to be finished: opening the database does that first.
        quick = FirstPageRead(data_dir, otherwise=warm)
        quick.start()
    else:
        warm.start()  # opening the database runs beside Qt's start; the window waits for it

    from . import pyside_start

    pyside_start.install()
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

    try:
        configure_logging(data_dir)
    except OSError:
        pass  # a read-only data folder: the window still opens, read-only, without a log file
    install_excepthook(interactive=interactive)
    log.info("Starting Gian Hàng Desktop %s on %s", __version__, data_dir)
    install_language(args.lang or settings.language)

    tasks = TaskRunner(app)
    first_page = None
    if quick is not None:
        quick.join()
        first_page = quick.page
    ctx = AppContext(db=None, tasks=tasks, settings=SettingsHub(data_dir, settings))
    if first_page is not None:
        ctx.startup.first_page = first_page
    else:
        db = _open_database(warm, data_dir, QEventLoop, QTimer)
        if db is None:
            tasks.shutdown()
            return 1
        ctx.set_database(db)
        if interactive and first_start and not db.read_only:
            from .firstrun.flow import run_first_start_if_needed

            if not run_first_start_if_needed(None, ctx):
                tasks.shutdown()
                ctx.close()
                db.dispose()
                return 0
            from ..core.catalog.browse import count_products

            warm.has_products = count_products(db, status="all") > 0
            warm.product_ids = None  # the first start may have added products since the read-ahead
        if interactive and not _sign_in(None, ctx):
            tasks.shutdown()
            ctx.close()
            db.dispose()
            return 0
        if start is None:  # first start: the products if there are any, else the overview
            start = "products" if warm.has_products else "dashboard"
        if warm.product_ids is not None:
            ctx.startup.product_ids = warm.product_ids

    from .main_window import MainWindow

    window = MainWindow(ctx, start_page=start)
    window.persist_state = interactive
    if args.screenshot:
        width, _, height = args.size.partition("x")  # the same picture whatever size the window had last time
        window.resize(int(width), int(height))
    window.show()
    _log_first_paint(window)
    if first_page is not None:
        _open_database_after_paint(app, window, ctx, warm, QTimer, interactive)
    code = 0
    if not interactive:
        code = _wait_until_ready(app, window, QEventLoop, QTimer)
        if code == 0 and args.exit_when_ready:
            print(f"READY {time.perf_counter() - _START:.3f}", flush=True)
        if not _wait_for_database(ctx, warm, QEventLoop, QTimer):  # leave once it opened (or say it did not)
            code = 1
        elif args.exit_when_ready:
            print(f"DATABASE {time.perf_counter() - _START:.3f}", flush=True)  # every page usable from here
        if code == 0 and args.screenshot:
            _settle(ctx, QEventLoop, QTimer)
            if not window.grab().save(args.screenshot):
                log.error("Could not save the screenshot to %s", args.screenshot)
                code = 1
        window.close()
    else:
        def checks() -> None:
            check = ctx.tasks.read(lambda _progress, _cancel: _integrity_report(data_dir), name="integrity check")
            check.succeeded.connect(lambda report: _offer_repair(window, ctx, report))
            if ctx.db.read_only:  # nothing may be written: no backup into it, no file removed
                window.persist_state = False
                return
            QTimer.singleShot(3_000, lambda: _daily_backup(ctx))
            QTimer.singleShot(5_000, lambda: _clean_photo_files(ctx))

        ctx.when_database(checks)
        code = app.exec()
    tasks.shutdown()
    ctx.close()
    if ctx.db is not None:
        ctx.db.dispose()
    return code


def _log_first_paint(window) -> None:
    """Say in the log how long the start took, and whether the quick path kept SQLAlchemy out of it."""
    def painted(key: str) -> None:
        window.page_ready.disconnect(painted)
        log.info("Page %s painted %.3f s after start (database layer loaded: %s)",
                 key, time.perf_counter() - _START, "sqlalchemy" in sys.modules)

    window.page_ready.connect(painted)


def _open_database_after_paint(app, window, ctx, warm: WarmStart, QTimer, interactive: bool = False) -> None:  # noqa: N803
    """The window shows its first products: now open the database (in the background) and hand it
    to the pages; if it cannot be opened, the same dialogs as a slow start, then the app ends."""

    def begin(*_args) -> None:
        if warm.ident is None:  # not started yet
            warm.start()
            poll.start()

    def opened() -> None:
        if warm.is_alive():
            return
        poll.stop()
        db = warm.db if warm.db is not None else _recover_database(warm, ctx.data_dir)
        if db is None:
            warm.gave_up = True
            app.exit(1)
            window.persist_state = False
            window.close()
            return
        log.info("Database open %.3f s after start", time.perf_counter() - _START)
        if interactive and not _sign_in(window, ctx, db):
            app.exit(0)
            window.persist_state = False
            window.close()
            return
        ctx.set_database(db)

    poll = QTimer(window, interval=10)
    poll.timeout.connect(opened)
    # Only once the first rows are painted: importing the database layer holds Python's GIL.
    window.page_ready.connect(begin)
    QTimer.singleShot(500, window, begin)  # and surely, whatever happens to the first paint


def _sign_in(parent, ctx, db=None) -> bool:
    """Sign in when the database asks for it (core.staff); False when the person left instead."""
    from .staff.signin import sign_in_at_start

    return sign_in_at_start(parent, ctx, db)


def _wait_for_database(ctx, warm: WarmStart, QEventLoop, QTimer) -> bool:  # noqa: N803
    """Spin the event loop until the database is open (True) or could not be opened (False)."""
    if ctx.db is None and not warm.gave_up:
        loop = QEventLoop()
        poll = QTimer(interval=10)
        poll.timeout.connect(lambda: loop.quit() if ctx.db is not None or warm.gave_up else None)
        poll.start()
        loop.exec()
        poll.stop()
    return ctx.db is not None


def _settle(ctx, QEventLoop, QTimer, timeout_ms: int = 10_000) -> None:  # noqa: N803 - Qt classes passed in
    """For --screenshot: let the pages finish their first work with the database (the categories,
    the rows read again, the cover thumbnails): both the task runner and the thumbnail reader stay
    idle for two polls in a row, or `timeout_ms` passes."""
    thumbnails = ctx.thumbnails
    quiet = 0
    loop = QEventLoop()

    def poll() -> None:
        nonlocal quiet
        idle = not ctx.tasks.is_busy() and (thumbnails is None or thumbnails.idle())
        quiet = quiet + 1 if idle else 0
        if quiet >= 2:
            loop.quit()

    timer = QTimer(interval=50)
    timer.timeout.connect(poll)
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def _integrity_report(data_dir: Path):
    """`PRAGMA quick_check` (about a second on a 100,000-product database: after the window is up)."""
    from ..core.restore import check_database

    return check_database(data_dir)


def _offer_repair(window, ctx, report) -> None:
    """A damaged database found at start: offer the last good backup, then start again on it."""
    if report.ok:
        return
    from .backups import damaged

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

    data_dir, settings = ctx.data_dir, ctx.settings.values
    job = ctx.tasks.read(lambda _progress, cancel: auto_backup_if_due(data_dir, settings, cancel=cancel),
                         name="daily backup")
    job.failed.connect(lambda error: log.warning("Automatic backup failed: %s", error))


def _clean_photo_files(ctx) -> None:
    """Picture files a crash or a killed app left without a row: removed in the background."""
    from ..core.photos.service import clean_unused_files

    def report(removed: int) -> None:
        if removed:
            log.info("Removed %d unused picture files", removed)

    db = ctx.db
    job = ctx.tasks.read(lambda _progress, _cancel: clean_unused_files(db), name="clean picture files")
    job.succeeded.connect(report)
    job.failed.connect(lambda error: log.warning("Cleaning picture files failed: %s", error))


def _open_database(warm: WarmStart, data_dir: Path, QEventLoop, QTimer):  # noqa: N803 - Qt classes passed in
    """Wait for the warm-start thread without blocking Qt (a migration may take a while)."""
    if warm.is_alive():
        loop = QEventLoop()
        poll = QTimer(interval=10)
        poll.timeout.connect(lambda: None if warm.is_alive() else loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
    if warm.db is not None:
        return warm.db
    return _recover_database(warm, data_dir)


def _recover_database(warm: WarmStart, data_dir: Path):
    """Opening failed: a damaged file offers the last good backup; anything else is explained."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from ..core.errors import GianHangError
    from .backups.damaged import check_database_at_start

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
