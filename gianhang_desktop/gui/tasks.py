"""Background work for the window: one serial writer thread, a pool for reads/files/network,
progress with Cancel for slow work, one error dialog, and the application-wide `changes_happened`.

Usage (Anki style)::

    ctx.tasks.run_write(self, update_product, db, sku, price=…, on_done=self._saved,
                        progress_label=self.tr("Đang lưu…"))

`fn` runs off the GUI thread. If it takes `progress` / `cancel` keyword arguments it receives a
`ProgressFn` and a `CancelToken` (core/tasks.py). Its result comes back on the GUI thread to
`on_done`; a `Changes` it returns (alone or as the last item of a tuple) is broadcast through
`changes_happened` after a successful write. `on_error(error)` takes failures (return False to
still get the error dialog), `on_cancel()` is told when the job stopped on its CancelToken;
`announce=False` leaves announcing the returned `Changes` to the caller (a widget with its own
changes signal, which the window connects to `changes_happened`).
`owner=` (default: parent) is a QObject whose deletion before the job ends cancels the callbacks.
"""

from __future__ import annotations

import itertools
import logging
import queue
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from ..core.changes import Changes
from ..core.errors import GianHangError
from ..core.i18n import current_language
from ..core.tasks import Cancelled, CancelToken

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500


def changes_of(result: Any) -> Changes | None:
    """The `Changes` a service returned: the value itself or the last item of a tuple."""
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple) and result and isinstance(result[-1], Changes):
        return result[-1]
    return None


def show_error(parent: QWidget | None, error: BaseException, details: str = "") -> None:
    """The one place errors become a message box: expected errors plainly, others with a pointer to the log."""
    if isinstance(error, Cancelled):
        return
    from PySide6.QtWidgets import QMessageBox

    if isinstance(error, GianHangError):
        QMessageBox.warning(parent, QCoreApplication.translate("Tasks", "Không thực hiện được"), error.message(current_language()))
        return
    log.error("Unexpected error\n%s", details or "".join(traceback.format_exception(error)))
    QMessageBox.critical(
        parent, QCoreApplication.translate("Tasks", "Đã xảy ra lỗi"),
        QCoreApplication.translate("Tasks", "Có lỗi không mong muốn: {error}\n\nChi tiết đã được ghi vào nhật ký trong thư mục dữ liệu "
                    "(Trợ giúp → Mở thư mục dữ liệu).").format(error=error),
    )


class Job(QObject):
    """One piece of background work; its signals are delivered on the GUI thread."""

    finished = Signal(object)
    """The function returned this value."""
    failed = Signal(object, str)
    """The function raised this exception (with its formatted traceback)."""
    progressed = Signal(float, str)
    """The function reported (fraction, message)."""

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.cancel = CancelToken()
        self.id = next(_ids)
        try:
            import inspect  # (here, not at the top: the window's first paint does without it)

            params = inspect.signature(fn).parameters
        except (TypeError, ValueError):
            params = {}
        if "progress" in params:
            self.kwargs.setdefault("progress", lambda f, m="": self.progressed.emit(float(f), str(m)))
        if "cancel" in params:
            self.kwargs.setdefault("cancel", self.cancel)

    def execute(self) -> None:
        """Run in a worker thread; never raises."""
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as error:  # noqa: BLE001 - everything is reported to the GUI thread
            self.failed.emit(error, traceback.format_exc())
        else:
            self.finished.emit(result)


_ids = itertools.count(1)


class _WriteThread(QThread):
    """The single database writer: jobs run one after another, in submission order."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("gianhang-writer")
        self.jobs: queue.Queue[Job | None] = queue.Queue()

    def run(self) -> None:
        while (job := self.jobs.get()) is not None:
            job.execute()


class _PoolTask(QRunnable):
    def __init__(self, job: Job):
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job.execute()


class TaskRunner(QObject):
    """Runs core functions off the GUI thread and hands results back; owns the writer thread."""

    changes_happened = Signal(object)
    """A write succeeded and changed this `Changes`; screens refresh exactly what it names."""
    busy_changed = Signal(bool)
    """Some background work started (True) or all of it ended (False)."""

    def __init__(self, parent: QObject | None = None, pool_size: int = 4):
        super().__init__(parent)
        self._writer = _WriteThread()
        self._writer.start()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(pool_size)
        self._live: dict[int, Job] = {}

    def run_write(self, parent: QWidget | None, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Job:
        """Queue a database write on the serial writer; see the module docstring for the options."""
        return self._submit(parent, fn, args, kwargs, write=True)

    def run_read(self, parent: QWidget | None, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Job:
        """Run a read, file or network job in the pool (several may run at once)."""
        return self._submit(parent, fn, args, kwargs, write=False)

    def _submit(self, parent, fn, args, kwargs, write: bool) -> Job:
        on_done = kwargs.pop("on_done", None)
        on_error = kwargs.pop("on_error", None)
        on_cancel = kwargs.pop("on_cancel", None)
        announce = kwargs.pop("announce", True)
        label = kwargs.pop("progress_label", None)
        owner = kwargs.pop("owner", parent)  # when this QObject is gone, on_done/on_error are skipped
        job = Job(fn, args, kwargs)
        dialog = _DelayedProgress(parent, label, job) if label else None
        self._live[job.id] = job
        if len(self._live) == 1:
            self.busy_changed.emit(True)

        def finish() -> None:
            self._live.pop(job.id, None)
            if dialog is not None:
                dialog.close_now()
            if not self._live:
                self.busy_changed.emit(False)

        @Slot(object)
        def done(result: Any) -> None:
            finish()
            changes = changes_of(result) if write and announce else None
            if on_done is not None and (owner is None or isValid(owner)):
                on_done(result)
            if changes:
                self.changes_happened.emit(changes)

        @Slot(object, str)
        def failed(error: BaseException, details: str) -> None:
            finish()
            if isinstance(error, Cancelled):
                log.info("Cancelled: %s", getattr(fn, "__name__", fn))
                if on_cancel is not None and (owner is None or isValid(owner)):
                    on_cancel()
                return
            if not isinstance(error, GianHangError):
                log.error("Background job %s failed\n%s", getattr(fn, "__name__", fn), details)
            if owner is not None and not isValid(owner):
                return
            if on_error is not None and on_error(error) is not False:
                return
            show_error(parent, error, details)

        job.finished.connect(done, Qt.ConnectionType.QueuedConnection)
        job.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        if dialog is not None:
            job.progressed.connect(dialog.report, Qt.ConnectionType.QueuedConnection)
        if write:
            self._writer.jobs.put(job)
        else:
            self.pool.start(_PoolTask(job))
        return job

    def is_busy(self) -> bool:
        return bool(self._live)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Let queued writes finish, then stop the writer (called when the window closes)."""
        for job in list(self._live.values()):
            job.cancel.cancel()
        self._writer.jobs.put(None)
        self._writer.wait(timeout_ms)
        self.pool.waitForDone(timeout_ms)


class _DelayedProgress(QObject):
    """A progress dialog with Cancel that appears only if the work is still running after 0.5 s."""

    def __init__(self, parent: QWidget | None, label: str, job: Job):
        super().__init__(parent)
        self._job = job
        self._dialog: QProgressDialog | None = None
        self._parent, self._label = parent, label
        self._last = (0.0, "")
        self._timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._timer.timeout.connect(self._show)
        self._timer.start()

    def _show(self) -> None:
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(self._label, QCoreApplication.translate("Tasks", "Huỷ"), 0, 1000, self._parent)
        dialog.setWindowTitle(QCoreApplication.translate("Tasks", "Đang xử lý"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._job.cancel.cancel)
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
