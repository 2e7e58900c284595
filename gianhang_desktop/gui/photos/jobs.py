"""Run a photo service call off the GUI thread and hand progress and the result back to it.

A stand-in for the window's shared background module (issue 3): the same contract (a core
function taking `progress` and `cancel`, one serial writer), so wiring it there is a swap.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from gianhang_desktop.core.errors import GianHangError
from gianhang_desktop.core.tasks import Cancelled, CancelToken

# SQLite has one writer anyway: photo jobs run one after another.
_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photos-writer")


class PhotoJob(QObject):
    """One background call: `progressed` while it runs, then `succeeded`, `failed` or `cancelled`."""

    progressed = Signal(float, str)
    """Fraction 0..1 and a message for the user."""
    succeeded = Signal(object)
    """The call returned this value."""
    failed = Signal(str)
    """The call raised a core error; the message is in the user's language."""
    cancelled = Signal()
    """The user cancelled; the core rolled everything back."""

    _done = Signal(object, object)

    def __init__(
        self,
        call: Callable[..., Any],
        *,
        with_progress: bool = True,
        executor: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._call = call
        self._with_progress = with_progress
        self._executor = executor or _WRITER
        self.token = CancelToken()
        self.running = False
        self._done.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self.running = True
        self._executor.submit(self._run)

    def cancel(self) -> None:
        self.token.cancel()

    def _run(self) -> None:
        try:
            if self._with_progress:
                result = self._call(progress=self.progressed.emit, cancel=self.token)
            else:
                result = self._call()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._done.emit(None, exc)
        else:
            self._done.emit(result, None)

    @Slot(object, object)
    def _finish(self, result: Any, error: BaseException | None) -> None:
        self.running = False
        if error is None:
            self.succeeded.emit(result)
        elif isinstance(error, Cancelled):
            self.cancelled.emit()
        elif isinstance(error, GianHangError):
            self.failed.emit(error.message())
        else:
            self.failed.emit(f"{type(error).__name__}: {error}")
