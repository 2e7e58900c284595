"""SIGKILL `gianhang sync` at chosen points (start-up, pull, push before a request, after the store
committed but before the answer was recorded, between batches), then sync once: the store equals
the app, nothing lost and nothing done twice.

The child stops at a kill point (core/killpoints.py), announces it in a file and waits; the test
kills it there. Every run is killed exactly where it was meant to be, however loaded the machine.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import REPO, app_state, build_catalogue, second_key, store_products, store_state
from sqlalchemy import select
from test_faults import store_counts

from gianhang_desktop.core.catalog.service import add_product, get_product, update_product
from gianhang_desktop.core.killpoints import KILL_AT, KILL_FILE
from gianhang_desktop.core.stock.service import receive_stock
from gianhang_desktop.core.sync.engine import sync
from gianhang_desktop.core.sync.models import OutboxEntry

# (point, occurrence, how the child starts). The first runs meet the whole first upload (136
# products in two batches, 8 pictures, 4 galleries, 3 stock batches), so later occurrences exist;
# every later run has at least a product batch and a stock batch to send.
SCHEDULE = [
    ("sync.start", 1, "spawn"),
    ("push.answered", 3, "fork"),  # both product batches recorded, the first picture's id lost
    ("push.between", 5, "fork"),
    ("push.request", 1, "fork"),
    ("push.answered", 1, "fork"),
    ("pull.page", 1, "fork"),  # a page of another desktop's edits received, not applied
    ("push.between", 1, "fork"),
    ("push.answered", 2, "fork"),
    ("pull.saved", 1, "spawn"),
    ("push.request", 2, "fork"),
    ("push.between", 2, "fork"),
    ("sync.start", 1, "fork"),
]
STORE_EDIT_RUNS = {5, 8}  # before these runs another desktop renames products on the store
ANNOUNCE_DEADLINE = 300.0  # only reached when the child never gets to its point (a failure)


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
            os.environ.clear()
            os.environ.update(env)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            from gianhang_desktop.cli import main

            code = main(["--data-dir", str(data_dir), "sync", "--server", url, "--json"])
        finally:
            os._exit(code)
    return _Forked(pid)


def spawn(data_dir, url: str, env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "gianhang_desktop", "--data-dir", str(data_dir), "sync", "--server", url, "--json"]
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_at(process, announce: Path, where: str) -> str:
    """Wait until the child announces its kill point, then SIGKILL it there; the point's name."""
    deadline = time.monotonic() + ANNOUNCE_DEADLINE
    while not announce.exists():
        assert process.poll() is None, f"{where}: the sync ended (exit {process.returncode}) before its kill point"
        assert time.monotonic() < deadline, f"{where}: the sync never reached its kill point"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    return announce.read_text(encoding="utf-8").strip()


def pending(db, kind: str) -> set[str]:
    with db.read_session() as session:
        return set(session.scalars(select(OutboxEntry.key).where(OutboxEntry.kind == kind, OutboxEntry.done_at.is_(None))))


def test_killed_syncs_lose_and_duplicate_nothing(db, data_dir, store, tmp_path):
    creds = store.create_shop()
    other_desktop = store.client(second_key(store, creds))
    rng = random.Random(20)
    skus = build_catalogue(db, tmp_path / "pics", count=16, photos_every=4)
    for i in range(120):
        add_product(db, f"KHO-{i:04d}", f"Mật ong rừng U Minh hũ {i:04d}", 120_000 + i, weight_g=500)
        skus.append(f"KHO-{i:04d}")
    edited_here, edited_there = skus[:-20], skus[-20:]  # the other desktop's products never clash
    base_env = {**os.environ, "PYTHONPATH": str(REPO), "GIANHANG_API_KEY": creds.key,
                "GIANHANG_API_SECRET": creds.secret, "GIANHANG_SYNC_BACKOFF": "0.05",
                **({} if db.is_sqlite else {"GIANHANG_DB_URL": db.url})}  # the children sync this database
    for run, (point, nth, start) in enumerate(SCHEDULE):
        prices = {sku: rng.randrange(10, 500) * 1000 for sku in rng.sample(edited_here, 6)}
        for sku, price in prices.items():
            update_product(db, sku, price=price)
        for sku in rng.sample(edited_here, 6):
            receive_stock(db, sku, rng.randrange(1, 20))
        renamed = {}
        if run in STORE_EDIT_RUNS:
            for sku in rng.sample(edited_there, 3):
                body = other_desktop.get(f"/products/{sku}").body
                renamed[sku] = body["name"] = f"Mật ong rừng U Minh loại {run}-{sku}"
                assert other_desktop.request("PUT", f"/products/{sku}", json_body=body).ok
        announce = tmp_path / f"killed-{run}"
        env = {**base_env, KILL_AT: f"{point}#{nth}", KILL_FILE: str(announce)}
        process = (spawn if start == "spawn" else fork)(data_dir, store.url, env)
        assert kill_at(process, announce, f"run {run} ({point}#{nth})") == f"{point}#{nth}"

        # The kill really happened where it was meant to.
        if point == "push.request" and nth == 1:
            on_store = store_products(store.client(creds))
            assert all(on_store[sku]["price"] != price for sku, price in prices.items())
            assert set(prices) <= pending(db, "product")
        if point == "push.answered" and nth == 1:  # committed on the store, not yet recorded here
            on_store = store_products(store.client(creds))
            assert all(on_store[sku]["price"] == price for sku, price in prices.items())
            assert set(prices) <= pending(db, "product")
        if point == "pull.page" and renamed:
            assert all(get_product(db, sku).name != name for sku, name in renamed.items())

    result = sync(db, store.client(creds))
    assert result.ok and result.pending == 0 and result.conflicts == 0, result
    client = store.client(creds)
    assert store_state(store_products(client)) == app_state(db)
    counts = store_counts(store, creds.key)
    assert counts["products"] == len(skus)
    assert counts["images"] == counts["gallery"] == 8  # 4 products × 2 photos, each uploaded once
