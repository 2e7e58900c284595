"""The task runner keeps the event loop free, reports progress, cancels, and routes errors to one place."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from gianhang_desktop.core.changes import Changes
from gianhang_desktop.core.errors import ValidationError
from gianhang_desktop.core.i18n import msg
from gianhang_desktop.core.tasks import CancelToken


def slow_write(seconds: float, progress=None, cancel: CancelToken | None = None) -> Changes:
    steps = 10
    for i in range(steps):
        if cancel is not None:
            cancel.raise_if_cancelled()
        time.sleep(seconds / steps)
        if progress:
            progress((i + 1) / steps, f"{i + 1}/{steps}")
    return Changes(products=frozenset({1}))


def test_a_long_operation_does_not_block_the_event_loop(qtbot, ctx, wait_loaded):
    ticks: list[float] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    done: list = []
    with qtbot.waitSignal(ctx.changes, timeout=5000) as blocker:
        ctx.tasks.run_write(None, slow_write, 0.6, on_done=done.append, progress_label="Đang thử…")
    timer.stop()
    assert len(ticks) >= 10, ticks
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.25
    assert done and blocker.args[0].products == frozenset({1})


def test_cancel_stops_the_job_quietly(qtbot, ctx, wait_loaded, no_modal_dialogs):
    job = ctx.tasks.run_write(None, slow_write, 2.0)
    QTimer.singleShot(100, job.cancel.cancel)
    qtbot.waitUntil(lambda: not ctx.tasks.is_busy(), timeout=5000)
    assert no_modal_dialogs == []


def test_errors_reach_the_one_error_dialog(qtbot, ctx, wait_loaded, no_modal_dialogs):
    def bad():
        raise ValidationError("price", msg("Giá sai", "Bad price"))

    ctx.tasks.run_read(None, bad)
    qtbot.waitUntil(lambda: no_modal_dialogs != [], timeout=5000)
    assert isinstance(no_modal_dialogs[0], ValidationError)


def test_writes_run_one_after_another(qtbot, ctx, wait_loaded):
    order: list[str] = []

    def step(name: str) -> None:
        order.append(f"start {name}")
        time.sleep(0.05)
        order.append(f"end {name}")

    for name in "abc":
        ctx.tasks.run_write(None, step, name)
    qtbot.waitUntil(lambda: len(order) == 6, timeout=5000)
    assert order == ["start a", "end a", "start b", "end b", "start c", "end c"]
