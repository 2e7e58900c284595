"""The one background-job API (gui/tasks.py): lanes, progress, cancel, errors, announced changes.

Nothing here sleeps and hopes: jobs wait on threading.Events the test sets, so each order of
events asserted is the only one possible.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from gianhang_desktop.core.changes import Changed, Changes
from gianhang_desktop.core.errors import ValidationError
from gianhang_desktop.core.i18n import msg

WAIT = 10.0  # seconds a job waits for the test before giving up (never reached when all is well)
PRODUCT = Changes(products=frozenset({1}))


def blocked(gate: threading.Event, value=None, started: threading.Event | None = None):
    """Work that waits for `gate` (set by the test), then returns `value`."""

    def work(progress, cancel):
        if started is not None:
            started.set()
        assert gate.wait(WAIT), "the test never opened the gate"
        return value

    return work


def test_the_event_loop_runs_while_a_job_works_and_progress_arrives_in_order(qtbot, tasks):
    gate = threading.Event()
    seen: list[tuple[float, str]] = []

    def work(progress, cancel):
        progress(0.25, "một phần tư")
        assert gate.wait(WAIT)  # only the GUI thread's timer opens it: the loop must be free
        progress(1.5, "xong")  # clamped to 1.0
        return Changed("giá trị", PRODUCT)

    job = tasks.write(work)
    job.progressed.connect(lambda f, m: seen.append((f, m)))
    QTimer.singleShot(0, gate.set)
    with qtbot.waitSignal(job.succeeded, timeout=10_000) as done:
        pass
    assert done.args[0].value == "giá trị"
    assert seen == [(0.25, "một phần tư"), (1.0, "xong")]
    assert not job.running


def test_a_write_announces_its_changes_once_after_succeeded(qtbot, tasks):
    events: list[str] = []
    tasks.changes_happened.connect(lambda changes: events.append(f"announced {sorted(changes.products)}"))
    job = tasks.write(lambda progress, cancel: Changed("v", PRODUCT))
    job.succeeded.connect(lambda _result: events.append("succeeded"))
    job.ended.connect(lambda: events.append("ended"))
    qtbot.waitUntil(lambda: len(events) == 3, timeout=10_000)
    assert events == ["succeeded", "ended", "announced [1]"]


def test_a_bare_changes_result_is_announced_and_nothing_is_announced_for_reads_or_no_change(qtbot, tasks):
    announced: list[Changes] = []
    tasks.changes_happened.connect(announced.append)
    jobs = [tasks.read(lambda p, c: PRODUCT), tasks.write(lambda p, c: Changes()),
            tasks.write(lambda p, c: "no changes here"), tasks.write(lambda p, c: PRODUCT)]
    qtbot.waitUntil(lambda: not any(job.running for job in jobs), timeout=10_000)
    assert announced == [PRODUCT]


def test_the_work_gets_progress_and_cancel_positionally(qtbot, tasks):
    from gianhang_desktop.core.tasks import CancelToken

    got = []
    job = tasks.read(lambda progress, cancel: got.append((callable(progress), type(cancel))))
    qtbot.waitSignal(job.ended, timeout=10_000).wait()
    assert got == [(True, CancelToken)]


def test_cancel_stops_the_job_quietly(qtbot, tasks, no_modal_dialogs):
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        while not cancel.cancelled:
            threading.Event().wait(0.01)
        cancel.raise_if_cancelled()

    job = tasks.write(work)
    outcome: list[str] = []
    job.succeeded.connect(lambda _r: outcome.append("succeeded"))
    job.failed.connect(lambda _e: outcome.append("failed"))
    job.cancelled.connect(lambda: outcome.append("cancelled"))
    assert started.wait(WAIT)
    job.cancel()
    qtbot.waitSignal(job.ended, timeout=10_000).wait()
    assert outcome == ["cancelled"] and no_modal_dialogs == [] and not tasks.is_busy()


def test_a_job_cancelled_while_queued_never_runs(qtbot, tasks):
    gate, ran = threading.Event(), []
    first = tasks.write(blocked(gate))
    second = tasks.write(lambda progress, cancel: ran.append("second"))
    second.cancel()
    gate.set()
    with qtbot.waitSignal(second.cancelled, timeout=10_000):
        pass
    assert ran == [] and not first.running


def test_an_unhandled_failure_goes_to_the_one_error_dialog(qtbot, tasks, no_modal_dialogs):
    def bad(progress, cancel):
        raise ValidationError("price", msg("Giá sai", "Bad price"))

    job = tasks.read(bad)
    qtbot.waitSignal(job.ended, timeout=10_000).wait()
    assert len(no_modal_dialogs) == 1 and isinstance(no_modal_dialogs[0], ValidationError)


def test_a_handled_failure_reaches_its_slot_and_no_dialog(qtbot, tasks, no_modal_dialogs):
    def bad(progress, cancel):
        raise ValueError("a bug")

    job = tasks.write(bad)
    with qtbot.waitSignal(job.failed, timeout=10_000) as failed:
        pass
    assert isinstance(failed.args[0], ValueError) and no_modal_dialogs == []


def test_writes_run_one_after_another_in_submission_order(qtbot, tasks):
    order: list[str] = []
    gate = threading.Event()
    started = threading.Event()

    def step(name):
        def work(progress, cancel):
            order.append(f"start {name}")
            if name == "a":
                started.set()
                assert gate.wait(WAIT)
            order.append(f"end {name}")
        return work

    jobs = [tasks.write(step(name)) for name in "abc"]
    assert started.wait(WAIT)
    assert order == ["start a"]  # b and c wait for the writer, although a is blocked
    gate.set()
    qtbot.waitUntil(lambda: not any(job.running for job in jobs), timeout=10_000)
    assert order == ["start a", "end a", "start b", "end b", "start c", "end c"]


def test_reads_and_a_sync_run_beside_a_blocked_write(qtbot, tasks):
    gate = threading.Event()
    write = tasks.write(blocked(gate, "written"))
    read = tasks.read(lambda progress, cancel: "read")
    sync = tasks.sync(lambda progress, cancel: "synced")
    with qtbot.waitSignals([read.succeeded, sync.succeeded], timeout=10_000):
        pass
    assert write.running  # still waiting: neither lane waited for the writer
    gate.set()
    qtbot.waitSignal(write.ended, timeout=10_000).wait()


def test_syncs_run_one_at_a_time_and_announce_what_they_changed(qtbot, tasks):
    gate, started = threading.Event(), threading.Event()
    order: list[str] = []
    announced: list[Changes] = []
    tasks.changes_happened.connect(announced.append)
    pulled = Changed("first", Changes(orders=frozenset({7}), sync=True))

    def first_sync(progress, cancel):
        started.set()
        assert gate.wait(WAIT)
        order.append("first")
        return pulled

    tasks.sync(first_sync)
    second = tasks.sync(lambda progress, cancel: order.append("second"))
    assert started.wait(WAIT)
    assert order == [] and second.running
    gate.set()
    qtbot.waitSignal(second.ended, timeout=10_000).wait()
    assert order == ["first", "second"]
    assert announced == [Changes(orders=frozenset({7}), sync=True)]


def test_a_closed_widget_hears_nothing_but_its_write_is_still_announced(qtbot, tasks):
    gate = threading.Event()
    widget = QWidget()
    heard: list[str] = []
    announced: list[Changes] = []
    tasks.changes_happened.connect(announced.append)
    job = tasks.write(blocked(gate, PRODUCT), parent=widget)
    job.succeeded.connect(lambda _r: heard.append("succeeded"))
    job.ended.connect(lambda: heard.append("ended"))
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget), timeout=10_000)
    gate.set()
    qtbot.waitUntil(lambda: announced == [PRODUCT], timeout=10_000)
    assert heard == []


def test_busy_changed_says_when_background_work_starts_and_stops(qtbot, tasks):
    busy: list[bool] = []
    tasks.busy_changed.connect(busy.append)
    gate = threading.Event()
    jobs = [tasks.write(blocked(gate)), tasks.read(blocked(gate))]
    assert busy == [True] and tasks.is_busy()
    gate.set()
    qtbot.waitUntil(lambda: busy == [True, False], timeout=10_000)
    assert not any(job.running for job in jobs)


def test_after_shutdown_nothing_new_runs(qtbot, tasks):
    ran: list[str] = []
    tasks.shutdown()
    job = tasks.read(lambda progress, cancel: ran.append("read"))
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        pass
    assert ran == []


@pytest.mark.parametrize("choice", ["succeeds", "fails", "cancels"])
def test_the_modal_runner_waits_for_its_job(qtbot, choice, tasks):
    from gianhang_desktop.core.tasks import Cancelled
    from gianhang_desktop.gui.modal import run_with_progress

    def work(progress, cancel):
        progress(0.5, "nửa")
        if choice == "fails":
            raise ValidationError("file", msg("Tệp hỏng", "Broken file"))
        if choice == "cancels":
            cancel.cancel()
            cancel.raise_if_cancelled()
        return "xong"

    for runner in (tasks, None):  # the window's runner, or one of its own before the window exists
        if choice == "succeeds":
            assert run_with_progress(None, "Đang thử…", work, runner) == "xong"
        else:
            with pytest.raises(ValidationError if choice == "fails" else Cancelled):
                run_with_progress(None, "Đang thử…", work, runner)


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


@pytest.mark.parametrize("lane", ["read", "write", "sync"])
def test_a_job_and_its_slots_are_let_go_on_the_gui_thread(qtbot, tasks, lane):
    """A slot may hold a dialog: were the job's last reference dropped in the worker, the dialog
    would be destroyed there, and Qt crashes on widgets destroyed off their thread."""
    import gc
    import weakref

    holder = QWidget()
    qtbot.addWidget(holder)
    job = getattr(tasks, lane)(lambda progress, cancel: 1, parent=holder)
    threads: list[str] = []
    weakref.finalize(job, lambda: threads.append(threading.current_thread().name))
    job.succeeded.connect(lambda value: holder.setWindowTitle(str(value)))  # a slot holding a widget
    with qtbot.waitSignal(job.ended, timeout=int(WAIT * 1000)):
        pass
    assert job.worker_done.is_set()  # the worker let go before the window was told
    del job
    gc.collect()
    assert threads == [threading.main_thread().name]
    assert holder.windowTitle() == "1"
