"""Run one core function off the GUI thread behind a modal progress dialog (first start and backups).

The shell's task runner (gui/tasks.py) does the same for the pages; these dialogs run before the
main window exists, so they carry this small modal variant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ...core.tasks import CancelToken


class _Worker(QThread):
    progressed = Signal(float, str)
    """The core function reported progress (fraction, message)."""

    def __init__(self, fn: Callable[..., Any], cancel: CancelToken) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = cancel
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._fn(progress=self.progressed.emit, cancel=self._cancel)
        except BaseException as error:  # handed to the GUI thread, re-raised there
            self.error = error


def run_with_progress(parent: QWidget | None, title: str, fn: Callable[..., Any]) -> Any:
    """Call `fn(progress=…, cancel=…)` in a thread while a progress dialog shows; its result.

    Re-raises the function's exception on the GUI thread. Cancelling sets the token.
    """
    cancel = CancelToken()
    dialog = QProgressDialog(title, QCoreApplication.translate("firstrun", "Huỷ"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = _Worker(fn, cancel)
    loop = QEventLoop()

    def show(fraction: float, message: str) -> None:
        dialog.setValue(int(fraction * 1000))
        if message:
            dialog.setLabelText(message)

    worker.progressed.connect(show)
    worker.finished.connect(loop.quit)
    dialog.canceled.connect(cancel.cancel)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    dialog.close()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result

