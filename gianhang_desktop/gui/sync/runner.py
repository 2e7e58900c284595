"""A minimal background runner for one sync at a time: a Python thread reporting through Qt signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ...core.tasks import CancelToken


class BackgroundRunner(QObject):
    """Runs `job(progress, cancel)` off the GUI thread; signals arrive queued on the GUI thread.

    The shell may replace this with its own task runner (gui/tasks.py): the page only needs
    `start(job)`, `cancel()`, `busy` and the three signals."""

    progressed = Signal(float, str)
    """The job reported progress (fraction 0..1, message)."""
    finished = Signal(object)
    """The job returned this value."""
    failed = Signal(object)
    """The job raised this exception."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel: CancelToken | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, job: Callable[[Callable[[float, str], None], CancelToken], Any]) -> bool:
        if self.busy:
            return False
        self._cancel = CancelToken()
        cancel = self._cancel

        def work() -> None:
            try:
                result = job(lambda f, m: self.progressed.emit(f, m), cancel)
            except Exception as error:  # noqa: BLE001 - handed to the GUI thread as is
                self.failed.emit(error)
            else:
                self.finished.emit(result)

        self._thread = threading.Thread(target=work, name="gianhang-sync", daemon=True)
        self._thread.start()
        return True

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
