"""A photo service call on the window's task runner (gui/tasks.py), with the signals the photo
widgets connect to: writes queue on its one serial writer, reads and file work go to its pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from gianhang_desktop.core.errors import GianHangError


class PhotoJob(QObject):
    """One background call: `progressed` while it runs, then `succeeded`, `failed` or `cancelled`."""

    progressed = Signal(float, str)
    """Fraction 0..1 and a message for the user."""
    succeeded = Signal(object)
    """The call returned this value."""
    failed = Signal(str)
    """The call raised; the message is in the user's language (unexpected errors are logged too)."""
    cancelled = Signal()
    """The user cancelled; the core rolled everything back."""

    def __init__(
        self, tasks, call: Callable[..., Any], *, with_progress: bool = True, write: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks, self._call = tasks, call
        self._with_progress, self._write = with_progress, write
        self._job = None
        self.running = False

    def start(self) -> None:
        call, with_progress = self._call, self._with_progress

        def work(progress, cancel):
            return call(progress=progress, cancel=cancel) if with_progress else call()

        run = self._tasks.run_write if self._write else self._tasks.run_read
        self.running = True
        # announce=False: the widgets emit `photos_changed` themselves (the window connects it to
        # its changes signal), so each change is announced once.
        self._job = run(None, work, on_done=self._done, on_error=self._error, on_cancel=self._cancelled,
                        owner=self, announce=False)
        self._job.progressed.connect(self.progressed)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel.cancel()

    def _done(self, result: Any) -> None:
        self.running = False
        self.succeeded.emit(result)

    def _error(self, error: BaseException) -> None:  # the runner has logged an unexpected one
        self.running = False
        text = error.message() if isinstance(error, GianHangError) else f"{type(error).__name__}: {error}"
        self.failed.emit(text)

    def _cancelled(self) -> None:
        self.running = False
        self.cancelled.emit()
