"""The sync page's runner: one sync at a time, on the window's task runner (gui/tasks.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ...core.tasks import Cancelled


class SharedRunner(QObject):
    """`start(job)`, `cancel()`, `busy` and three signals for the sync page, on the window's task
    runner, so a sync goes through the one background module like everything else."""

    progressed = Signal(float, str)
    """The job reported progress (fraction 0..1, message)."""
    finished = Signal(object)
    """The job returned this value."""
    failed = Signal(object)
    """The job raised this exception, or stopped on its CancelToken (a `Cancelled`); the page shows
    it, no error dialog."""

    def __init__(self, tasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._job = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, job) -> bool:
        """Run `job(progress, cancel)` in the task runner's pool; False while one is running."""
        if self.busy:
            return False

        def work(cancel):
            # Progress goes out through this object's own signal, connected before the job starts:
            # the Job's signal is connected only after the pool may already have run the first report.
            return job(lambda fraction, message="": self.progressed.emit(float(fraction), str(message)), cancel)

        def done(result) -> None:
            self._job = None
            self.finished.emit(result)

        def failed(error) -> None:
            self._job = None
            self.failed.emit(error)  # handled here: the runner shows no dialog

        def stopped() -> None:
            self._job = None
            self.failed.emit(Cancelled())

        self._job = self._tasks.run_read(None, work, on_done=done, on_error=failed, on_cancel=stopped)
        return True

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel.cancel()
