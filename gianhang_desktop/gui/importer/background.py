"""The one small contract the import/export screens need to run work off the GUI thread.

`RunInBackground` takes `work(progress, cancel)` and returns a `Job` whose signals arrive on the
GUI thread. `run_in_background` is a minimal default (one serial worker thread, since SQLite
has one writer); the window's own task runner can be passed instead if it returns an object
with the same signals and `cancel()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ...core.errors import GianHangError
from ...core.tasks import Cancelled, CancelToken, ProgressFn

Work = Callable[[ProgressFn, CancelToken], Any]
RunInBackground = Callable[[Work], "Job"]

_pool: QThreadPool | None = None
_running: set[Job] = set()


class Job(QObject):
    """A piece of background work as the window sees it."""

    progressed = Signal(float, str)
    """Fraction done (0..1) and a short message."""
    finished = Signal(object)
    """The work's return value."""
    failed = Signal(object)
    """The exception (a GianHangError for expected failures, Cancelled when cancelled)."""

    def __init__(self) -> None:
        super().__init__()
        self.token = CancelToken()

    def cancel(self) -> None:
        self.token.cancel()


class _Runnable(QRunnable):
    def __init__(self, job: Job, work: Work):
        super().__init__()
        self.job = job
        self.work = work

    def run(self) -> None:
        job = self.job
        try:
            result = self.work(lambda fraction, text="": job.progressed.emit(fraction, text), job.token)
        except (GianHangError, Cancelled) as error:
            job.failed.emit(error)
        except Exception as error:  # a bug: still reach the window, never die silently in a thread
            job.failed.emit(error)
        else:
            job.finished.emit(result)


def run_in_background(work: Work) -> Job:
    """Run `work(progress, cancel)` on the serial worker thread; signals arrive on the GUI thread."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    job = Job()
    _running.add(job)  # kept alive until it reports
    job.finished.connect(lambda _result: _running.discard(job))
    job.failed.connect(lambda _error: _running.discard(job))
    _pool.start(_Runnable(job, work))
    return job


def error_text(error: BaseException) -> str:
    """What the user reads for a failure: the core's own message, or the exception for a bug."""
    if isinstance(error, GianHangError):
        return error.message()
    return f"{type(error).__name__}: {error}"


def cancel_job(job: Any) -> None:
    """Cancel this module's Job or the shell's (gui/tasks.Job, whose `cancel` is the token itself)."""
    cancel = getattr(job, "cancel", None)
    if isinstance(cancel, CancelToken):
        cancel.cancel()
    elif callable(cancel):
        cancel()


def from_task_runner(tasks: Any, parent: Any = None) -> RunInBackground:
    """Adapter to the window's TaskRunner: the work runs on its serial database writer, and the
    import's Changes reach every screen through its `changes_happened` signal. Errors are shown
    by the wizard itself, so the runner's error dialog is turned off."""

    def run(work: Work) -> Job:
        relay = Job()

        def with_changes(progress: ProgressFn, cancel: CancelToken) -> Any:
            result = work(progress, cancel)
            changes = getattr(result, "changes", None)
            return (result, changes) if changes is not None else result  # the runner broadcasts a tuple's Changes

        shell_job = tasks.run_write(parent, with_changes, on_error=lambda _error: None)
        relay.token = shell_job.cancel  # one token: cancelling the relay cancels the work
        shell_job.progressed.connect(relay.progressed)
        shell_job.finished.connect(lambda result: relay.finished.emit(
            result[0] if isinstance(result, tuple) else result))
        shell_job.failed.connect(lambda error, _details="": relay.failed.emit(error))
        relay.shell_job = shell_job  # keep it alive as long as the relay
        return relay

    return run
