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
from logging.handlers import RotatingFileHandler
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


def setup_logging(data_dir: Path) -> Path:
    """Log to <data_dir>/logs/gianhang.log (rotating); returns the file's path."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "gianhang.log"
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


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


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ..core.paths import resolve_data_dir
    from ..core.settings import SETTINGS_FILENAME, Settings
    from .context import AppContext, SettingsHub
    from .language import install_language
    from .tasks import TaskRunner
    from .theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gian Hàng Desktop")
    app.setApplicationVersion(__version__)
    apply_theme(app)
    data_dir = resolve_data_dir(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_logging(data_dir)
    install_excepthook(interactive=not (args.screenshot or args.exit_when_ready))
    log.info("Starting Gian Hàng Desktop %s on %s", __version__, data_dir)
    first_start = not (data_dir / SETTINGS_FILENAME).exists()
    settings = Settings.load(data_dir)
    install_language(args.lang or settings.language)

    tasks = TaskRunner(app)
    db = _open_database(app, tasks, data_dir, QEventLoop, QTimer)
    if db is None:
        tasks.shutdown()
        return 1
    ctx = AppContext(db=db, tasks=tasks, settings=SettingsHub(data_dir, settings))
    start = args.page or ("products" if args.screenshot or args.exit_when_ready else None)
    if start is None and first_start:
        start = "products" if _has_products(db) else "dashboard"

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
        code = app.exec()
    tasks.shutdown()
    db.dispose()
    return code


def _open_database(app, tasks, data_dir: Path, QEventLoop, QTimer):  # noqa: N803 - Qt classes passed in
    """Open (and migrate) the database off the GUI thread: a migration may take a while."""
    from PySide6.QtWidgets import QMessageBox

    from ..core.database import Database
    from ..core.errors import GianHangError

    outcome: dict = {}
    loop = QEventLoop()

    def done(db) -> None:
        outcome["db"] = db
        loop.quit()

    def failed(error) -> bool:
        outcome["error"] = error
        loop.quit()
        return True

    tasks.run_read(None, Database.open, data_dir, on_done=done, on_error=failed)
    if not outcome:
        loop.exec()
    if "db" in outcome:
        return outcome["db"]
    error = outcome["error"]
    log.error("Could not open the database in %s: %r", data_dir, error)
    from PySide6.QtCore import QCoreApplication

    text = error.message() if isinstance(error, GianHangError) else str(error)
    QMessageBox.critical(
        None, QCoreApplication.translate("App", "Không mở được dữ liệu"),
        QCoreApplication.translate("App", "Không mở được dữ liệu trong {folder}:\n{error}").format(
            folder=data_dir, error=text),
    )
    return None


def _has_products(db) -> bool:
    from ..core.catalog.browse import count_products

    return count_products(db, status="all") > 0


def _wait_until_ready(app, window, QEventLoop, QTimer, timeout_ms: int = 60_000) -> int:  # noqa: N803
    key = window.current_page_key()
    if not window.is_page_ready(key):
        loop = QEventLoop()
        window.page_ready.connect(lambda k: loop.quit() if k == key else None)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
    app.processEvents()
    return 0 if window.is_page_ready(key) else 1
