"""A `Job` (gui/tasks.py) behind a modal progress dialog, for the dialogs that must wait for their
work: the first start, backups and restores (the damaged-database one before any runner exists)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.tasks import Cancelled
from .tasks import TaskRunner, Work


def run_with_progress(parent: QWidget | None, title: str, work: Work, tasks: TaskRunner | None = None) -> Any:
    """Run `work(progress, cancel)` as a write job on `tasks` (a runner of its own when None) while
    a modal progress dialog with Cancel shows; return its result.

    Raises:
        Cancelled: the user cancelled (the core rolled its transaction back).
        Exception: whatever the work raised, re-raised on the GUI thread.
    """
    runner = tasks if tasks is not None else TaskRunner()
    dialog = QProgressDialog(title, QCoreApplication.translate("firstrun", "Huỷ"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def show(fraction: float, message: str) -> None:
        dialog.setValue(int(fraction * 1000))
        if message:
            dialog.setLabelText(message)

    def ended() -> None:
        outcome.setdefault("error", None)
        loop.quit()

    try:
        job = runner.write(work, name=title)
        job.progressed.connect(show)
        job.succeeded.connect(lambda result: outcome.update(result=result))
        job.failed.connect(lambda error: outcome.update(error=error))
        job.cancelled.connect(lambda: outcome.update(error=Cancelled()))
        job.ended.connect(ended)
        dialog.canceled.connect(job.cancel)
        if "error" not in outcome:  # (a modal dialog's setValue may have run the loop already)
            loop.exec()
    finally:
        dialog.close()
        dialog.deleteLater()
        if tasks is None:
            runner.shutdown()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome.get("result")
