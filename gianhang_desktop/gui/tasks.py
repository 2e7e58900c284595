"""Background work for the window: one `Job` API on three lanes, progress with Cancel, one error
dialog, and the application-wide `changes_happened` (`ctx.changes`). See gui/README.md.

The one way (Anki's CollectionOp/QueryOp, calibre's jobs)::

    def work(progress, cancel):                     # off the GUI thread; plain data only
        return catalog.update_product(db, sku, price=price)      # Changes, or a value with .changes
    job = ctx.tasks.write(work, parent=self, label=self.tr("Đang lưu…"))
    job.succeeded.connect(self._saved)              # GUI thread, the return value
    job.failed.connect(self._refused)               # optional; see below

`work(progress, cancel)` always receives both: `progress(fraction, message="")` and a `CancelToken`
(core/tasks.py), to pass to a core function or ignore. Lanes:

- `read`: the pool (reads, files, network that writes nothing); several at once.
- `write`: the one serial database writer; jobs run in submission order.
- `sync`: one thread for store syncs (network that writes). Syncs run one after another beside the
  writer, so a sync waiting on a slow line never holds up a save; their own writes are short
  transactions the database serializes with the writer's (SQLite BEGIN IMMEDIATE, PostgreSQL locks).

After a `write` or `sync` job succeeds, the `Changes` its result carries (the result itself or its
`.changes`) is announced once on `changes_happened`, after `succeeded`, even when the widget that
started the job is gone. Pages refresh from `ctx.changes` only, never in their own success slot.

Signals arrive on the GUI thread through the event loop, so connecting right after starting is safe.
Exactly one of `succeeded(result)`, `failed(error)` or `cancelled()` follows, then `ended()`.
A failure nobody connected to `failed` goes to the one error dialog (`show_error`); a slot on
`failed` handles every failure itself (it may call `show_error` for what it cannot explain).
Unexpected errors are always logged with their traceback. When `parent` is deleted before the job
ends, its signals are not emitted (the work still finishes, and a write's changes are announced).
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QMetaMethod,
    QObject,
    QRunnable,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from shiboken6 import isValid

from ..core.changes import Changes
from ..core.errors import GianHangError
from ..core.i18n import current_language
from ..core.tasks import Cancelled, CancelToken, ProgressFn

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500
Work = Callable[[ProgressFn, CancelToken], Any]
"""A job's work: `work(progress, cancel)` -> result."""
READ, WRITE, SYNC = "read", "write", "sync"


def changes_of(result: Any) -> Changes | None:
    """The `Changes` a core call returned: the value itself or its `.changes`."""
    if isinstance(result, Changes):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else None


def error_text(error: BaseException) -> str:
    """What the user reads for a failure: the core's message, or the exception for a bug."""
    if isinstance(error, GianHangError):
        return error.message(current_language())
    return f"{type(error).__name__}: {error}"


def show_error(parent: QWidget | None, error: BaseException, details: str = "") -> None:
    """The one place errors become a message box: expected errors plainly, others with a pointer to the log."""
    if isinstance(error, Cancelled):
        return
    from PySide6.QtWidgets import QMessageBox

    if isinstance(error, GianHangError):
        QMessageBox.warning(parent, QCoreApplication.translate("Tasks", "Không thực hiện được"), error_text(error))
        return
    log.error("Unexpected error\n%s", details or "".join(traceback.format_exception(error)))
    QMessageBox.critical(
        parent, QCoreApplication.translate("Tasks", "Đã xảy ra lỗi"),
        QCoreApplication.translate("Tasks", "Có lỗi không mong muốn: {error}\n\nChi tiết đã được ghi vào nhật ký trong thư mục dữ liệu "
                    "(Trợ giúp → Mở thư mục dữ liệu).").format(error=error),
    )


class Job(QObject):
    """One piece of background work, as the window sees it (made by `TaskRunner.read/write/sync`)."""

    progressed = Signal(float, str)
    """The work reported (fraction 0..1, message)."""
    succeeded = Signal(object)
    """The work returned this value."""
    failed = Signal(object)
    """The work raised this exception (never `Cancelled`)."""
    cancelled = Signal()
    """The work stopped on its CancelToken (or was cancelled before it started)."""
    ended = Signal()
    """The job is over, however it ended (after the signal above)."""

    _reported = Signal(float, str)  # from the worker thread
    _finished = Signal(str, object, str)  # (outcome, value, traceback) from the worker thread

    def __init__(self, runner: TaskRunner, work: Work, lane: str, parent: QObject | None, name: str) -> None:
        super().__init__()
        self.lane, self.name = lane, name
        self.token = CancelToken()
        self.running = True
        self.dialog: _DelayedProgress | None = None
        self._runner, self._work, self._parent = runner, work, parent
        # Set by the worker once it holds no reference to the job. The GUI thread lets go only after
        # it, so the job (and the slots connected to it, which may hold a dialog) is never destroyed
        # in a worker thread: Qt objects destroyed off their thread crash the window.
        self.worker_done = threading.Event()
        self._reported.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)
        self._finished.connect(self._end, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Ask the work to stop (it polls its token); `cancelled` follows if it does."""
        self.token.cancel()

    def execute(self) -> None:
        """Run the work in a worker thread; never raises."""
        if self.token.cancelled:
            self._finished.emit("cancelled", None, "")
            return
        try:
            result = self._work(self._progress, self.token)
        except Cancelled:
            self._finished.emit("cancelled", None, "")
        except BaseException as error:  # noqa: BLE001 - everything is reported to the GUI thread
            self._finished.emit("failed", error, traceback.format_exc())
        else:
            self._finished.emit("succeeded", result, "")

    def _progress(self, fraction: float, message: str = "") -> None:
        self._reported.emit(max(0.0, min(1.0, float(fraction))), str(message))

    @Slot(float, str)
    def _relay_progress(self, fraction: float, message: str) -> None:
        if self.running and self._parent_alive():
            self.progressed.emit(fraction, message)

    @Slot(str, object, str)
    def _end(self, outcome: str, value: Any, details: str) -> None:
        self.running = False
        if self.dialog is not None:
            self.dialog.close_now()
            self.dialog = None
        self.worker_done.wait(10)  # the worker is returning from execute(): a moment at most
        self._runner._release(self)
        if outcome == "failed" and not isinstance(value, GianHangError):
            log.error("Background job %s failed\n%s", self.name, details)
        elif outcome == "cancelled":
            log.info("Cancelled: %s", self.name)
        if self._parent_alive():
            if outcome == "succeeded":
                self.succeeded.emit(value)
            elif outcome == "cancelled":
                self.cancelled.emit()
            elif self.isSignalConnected(QMetaMethod.fromSignal(self.failed)):
                self.failed.emit(value)
            else:
                show_error(self.widget(), value, details)
            self.ended.emit()
        if outcome == "succeeded" and self.lane != READ and (changes := changes_of(value)):
            self._runner.changes_happened.emit(changes)

    def _parent_alive(self) -> bool:
        return self._parent is None or isValid(self._parent)

    def widget(self) -> QWidget | None:
        """The widget the job belongs to (dialogs are shown over it), if its parent is one."""
        from PySide6.QtWidgets import QWidget

        parent = self._parent
        return parent if isinstance(parent, QWidget) and isValid(parent) else None


class _SerialThread(QThread):
    """A lane whose jobs run one after another, in submission order (the writer, the sync lane)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.jobs: queue.Queue[Job | None] = queue.Queue()

    def run(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            done = job.worker_done
            job.execute()
            del job  # this thread lets go of the job before the GUI thread may (see Job.worker_done)
            done.set()


class _PoolTask(QRunnable):
    def __init__(self, job: Job):
        super().__init__()
        self.job: Job | None = job

    def run(self) -> None:
        job, self.job = self.job, None
        done = job.worker_done
        job.execute()
        del job  # as above
        done.set()


class TaskRunner(QObject):
    """Owns the three lanes; `read`, `write` and `sync` start a `Job` on one of them."""

    changes_happened = Signal(object)
    """A write or sync succeeded and changed this `Changes`; screens refresh exactly what it names."""
    busy_changed = Signal(bool)
    """Some background work started (True) or all of it ended (False)."""

    def __init__(self, parent: QObject | None = None, pool_size: int = 4):
        super().__init__(parent)
        self._writer = _SerialThread("gianhang-writer")
        self._syncer = _SerialThread("gianhang-sync")
        self._writer.start()
        self._syncer.start()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(pool_size)
        self._live: dict[int, Job] = {}
        self._closed = False

    def read(self, work: Work, *, parent: QObject | None = None, label: str | None = None,
             name: str | None = None) -> Job:
        """Run `work` in the pool (reads, files, network that writes nothing)."""
        return self._start(work, READ, parent, label, name)

    def write(self, work: Work, *, parent: QObject | None = None, label: str | None = None,
              name: str | None = None) -> Job:
        """Queue `work` on the one database writer; its result's changes are announced."""
        return self._start(work, WRITE, parent, label, name)

    def sync(self, work: Work, *, parent: QObject | None = None, label: str | None = None,
             name: str | None = None) -> Job:
        """Queue a store sync on the sync lane (one at a time); its result's changes are announced."""
        return self._start(work, SYNC, parent, label, name)

    def _start(self, work: Work, lane: str, parent: QObject | None, label: str | None, name: str | None) -> Job:
        job = Job(self, work, lane, parent, name or getattr(work, "__qualname__", repr(work)))
        if label:
            job.dialog = _DelayedProgress(label, job)
        self._live[id(job)] = job
        if len(self._live) == 1:
            self.busy_changed.emit(True)
        if self._closed:
            job.cancel()  # the window is closing: nothing new starts
        if lane == READ:
            self.pool.start(_PoolTask(job))
        else:
            (self._writer if lane == WRITE else self._syncer).jobs.put(job)
        return job

    def _release(self, job: Job) -> None:
        self._live.pop(id(job), None)
        if not self._live:
            self.busy_changed.emit(False)

    def is_busy(self) -> bool:
        return bool(self._live)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel what is running, let the lanes drain, stop their threads (the window closes)."""
        self._closed = True
        for job in list(self._live.values()):
            job.cancel()
        for lane in (self._writer, self._syncer):
            lane.jobs.put(None)
            lane.wait(timeout_ms)
        self.pool.waitForDone(timeout_ms)


class _DelayedProgress(QObject):
    """A progress dialog with Cancel that appears only if the work is still running after 0.5 s."""

    def __init__(self, label: str, job: Job):
        super().__init__()
        self._job = job
        self._dialog: QProgressDialog | None = None
        self._label = label
        self._last = (0.0, "")
        job.progressed.connect(self.report)
        self._timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._timer.timeout.connect(self._show)
        self._timer.start()

    def _show(self) -> None:
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(self._label, QCoreApplication.translate("Tasks", "Huỷ"), 0, 1000, self._job.widget())
        dialog.setWindowTitle(QCoreApplication.translate("Tasks", "Đang xử lý"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._job.cancel)
        self._dialog = dialog
        self.report(*self._last)
        dialog.show()

    @Slot(float, str)
    def report(self, fraction: float, message: str) -> None:
        self._last = (fraction, message)
        dialog = self._dialog
        if dialog is not None:
            if message:
                dialog.setLabelText(f"{self._label}\n{message}")
            # setValue() of a modal progress dialog processes events: the job may end inside it.
            dialog.setValue(int(fraction * 1000))

    def close_now(self) -> None:
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.deleteLater()
