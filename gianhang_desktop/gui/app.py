"""Application entry point: arguments, the QApplication, the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gianhang-desktop", description="Gian Hàng Desktop")
    parser.add_argument("--version", action="version", version=f"Gian Hàng Desktop {__version__}")
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("--screenshot", metavar="PNG", help="save a picture of the window and exit")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from ..core.database import Database

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = Database.open(args.data_dir)
    window = QMainWindow()
    window.setWindowTitle("Gian Hàng Desktop")
    window.setCentralWidget(QLabel(f"Gian Hàng Desktop {__version__}\n{db.data_dir}"))
    window.resize(1100, 700)
    window.show()
    if args.screenshot:
        app.processEvents()
        window.grab().save(args.screenshot)
        return 0
    return app.exec()
