"""The sync page's runner on the shell's task runner: progress, result, error and cancel relayed."""

import time

import pytest

from gianhang_desktop.core.errors import SyncError
from gianhang_desktop.core.i18n import msg


@pytest.fixture
def runner(ctx):
    from gianhang_desktop.gui.sync.runner import SharedRunner

    return SharedRunner(ctx.tasks)


def test_progress_and_result_are_relayed(qtbot, runner):
    seen = []
    runner.progressed.connect(lambda f, m: seen.append((f, m)))

    def job(progress, cancel):
        progress(0.5, "nửa đường")
        return "xong"

    with qtbot.waitSignal(runner.finished, timeout=5000) as done:
        assert runner.start(job) is True
        assert runner.busy and runner.start(job) is False  # one sync at a time
    assert done.args == ["xong"] and not runner.busy
    qtbot.waitUntil(lambda: seen == [(0.5, "nửa đường")], timeout=2000)


def test_errors_reach_the_page_without_a_dialog(qtbot, runner, ctx):
    def job(progress, cancel):
        raise SyncError(msg("Máy chủ từ chối", "The server refused"))

    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.start(job)
    assert isinstance(failed.args[0], SyncError) and not runner.busy


def test_cancel_stops_the_job_and_frees_the_runner(qtbot, runner):
    def job(progress, cancel):
        for _ in range(500):
            cancel.raise_if_cancelled()
            time.sleep(0.01)
        return "không huỷ được"

    with qtbot.waitSignal(runner.failed, timeout=10_000) as failed:
        runner.start(job)
        runner.cancel()
    assert type(failed.args[0]).__name__ == "Cancelled" and not runner.busy


def test_the_window_sync_page_runs_on_the_shared_runner(qtbot, ctx, monkeypatch):
    from gianhang_desktop.core.sync import credentials
    from gianhang_desktop.core.sync.client import Credentials
    from gianhang_desktop.gui.areas import sync_page
    from gianhang_desktop.gui.sync.runner import SharedRunner

    monkeypatch.setenv("GIANHANG_SYNC_RETRIES", "1")
    credentials.save("http://127.0.0.1:9", Credentials("k", "s"))
    page = sync_page(ctx)
    qtbot.addWidget(page)
    assert isinstance(page.runner, SharedRunner)
    page.server.setText("http://127.0.0.1:9")  # nothing listens there: offline, quietly
    with qtbot.waitSignal(page.runner.finished, timeout=30_000):
        assert page.sync_now()
    assert page.last_report.offline
    qtbot.waitUntil(lambda: "ngoại tuyến" in page.state_label.text(), timeout=10_000)  # state re-read
