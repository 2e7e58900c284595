"""A guard against a PySide6 bug: on Python 3.11 some builds (seen with 6.12.0) drop a reference to
None (and True/False) on each call of a method returning void or bool, and the interpreter aborts
("deallocating None") after a few thousand calls. Python 3.12+ makes these objects immortal.

When the bug is detected, a timer tops up the reference counts of these three objects (they are
never freed anyway), so they never reach zero. Nothing happens on builds without the bug.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

TOP_UP = 1_000_000
LOW_WATER = 2_000_000


def _leaks() -> bool:
    probe = QObject()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(50):
        probe.setObjectName("probe")
        probe.blockSignals(False)
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    return any(b - a >= 25 for a, b in zip(after, before, strict=True))


def _top_up() -> None:
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) < LOW_WATER:
            # CPython < 3.12: ob_refcnt is the first field of every object.
            ctypes.c_ssize_t.from_address(id(singleton)).value += TOP_UP


def install(parent: QObject) -> QTimer | None:
    """Start the guard if this PySide6 build leaks references to None/True/False."""
    if sys.version_info >= (3, 12) or not _leaks():
        return None
    log.warning("This PySide6 build drops references to None/True/False; guarding against it")
    _top_up()
    timer = QTimer(parent, interval=1000)
    timer.timeout.connect(_top_up)
    timer.start()
    return timer
