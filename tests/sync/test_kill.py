"""SIGKILL `gianhang sync` at random moments, 20 times, then sync once: the store equals the app."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from helpers import REPO, app_state, build_catalogue, store_products, store_state
from sqlalchemy import func, select
from test_faults import store_counts

from gianhang_desktop.core.catalog.service import add_product, update_product
from gianhang_desktop.core.stock.service import receive_stock
from gianhang_desktop.core.sync.engine import sync
from gianhang_desktop.core.sync.models import OutboxEntry

RUNS = 20


def attempts(db) -> int:
    with db.read_session() as session:
        return session.scalar(select(func.coalesce(func.sum(OutboxEntry.attempts), 0)))


class _Forked:
    """A forked child running `gianhang sync` in-process: no interpreter start-up, same code path."""

    def __init__(self, pid: int) -> None:
        self.pid, self.returncode = pid, None

    def poll(self):
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, sig) -> None:
        os.kill(self.pid, sig)

    def wait(self):
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode


def fork(data_dir, url: str, env: dict[str, str]) -> _Forked:
    pid = os.fork()
    if pid == 0:  # the child: run the command and leave without running the parent's clean-ups
        code = 1
        try:
            os.environ.update(env)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            from gianhang_desktop.cli import main

            code = main(["--data-dir", str(data_dir), "sync", "--server", url, "--json"])
        finally:
            os._exit(code)
    return _Forked(pid)


def spawn(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait(process, condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline and not condition():
        time.sleep(0.01)


def test_killed_syncs_lose_and_duplicate_nothing(db, data_dir, store, tmp_path):
    creds = store.create_shop()
    rng = random.Random(20)
    skus = build_catalogue(db, tmp_path / "pics", count=16, photos_every=4)
    for i in range(120):
        add_product(db, f"KHO-{i:04d}", f"Mật ong rừng U Minh hũ {i:04d}", 120_000 + i, weight_g=500)
        skus.append(f"KHO-{i:04d}")
    env = {**os.environ, "PYTHONPATH": str(REPO), "GIANHANG_API_KEY": creds.key, "GIANHANG_API_SECRET": creds.secret,
           "GIANHANG_SYNC_TIMEOUT": "5", "GIANHANG_SYNC_BACKOFF": "0.05"}
    command = [sys.executable, "-m", "gianhang_desktop", "--data-dir", str(data_dir), "sync", "--server", store.url, "--json"]
    killed = 0
    for run in range(RUNS):
        for sku in rng.sample(skus, 12):  # every run has work to do
            if rng.random() < 0.5:
                update_product(db, sku, price=rng.randrange(10, 500) * 1000)
            else:
                receive_stock(db, sku, rng.randrange(1, 20))
        before = attempts(db)
        process = spawn(command, env) if run % 10 == 0 else fork(data_dir, store.url, env)
        if run % 4 == 0:  # anywhere: start-up, pull, push
            wait(process, lambda: False, rng.uniform(0.5, 5.0))
        else:  # in the push: once the first entries are marked as being sent
            wait(process, lambda before=before: attempts(db) > before, 15.0)
            wait(process, lambda: False, rng.uniform(0.0, 0.3))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
    # Some runs may finish before their kill (that is fine); enough must die mid-way to mean something.
    assert killed >= RUNS // 4, f"only {killed} of {RUNS} runs were killed mid-way"

    result = sync(db, store.client(creds))
    assert result.ok and result.pending == 0, result
    client = store.client(creds)
    assert store_state(store_products(client)) == app_state(db)
    counts = store_counts(store, creds.key)
    assert counts["products"] == len(skus)
    assert counts["images"] == counts["gallery"] == 8  # 4 products × 2 photos, each uploaded once
