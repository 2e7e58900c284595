"""Property-based: any interleaving of edits, stock moves, publishes and syncs that crash after any
request ends, after one clean sync, with the store equal to the app and the outbox empty."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from helpers import app_state, store_products, store_state
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from gianhang_desktop.core.catalog.service import add_product, update_product
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.paths import DB_FILENAME
from gianhang_desktop.core.stock.service import adjust_stock, receive_stock
from gianhang_desktop.core.sync import listing as listings
from gianhang_desktop.core.sync.engine import sync

SKUS = [f"PB-{i}" for i in range(4)]


class Crash(BaseException):
    """Stands for the process dying after the store received a request (nothing catches it)."""


def crash_after(client, requests: int) -> None:
    seen = [0]

    def hook(method, path, size):
        seen[0] += 1
        if seen[0] > requests:
            raise Crash()

    client.on_request = hook


class SyncMachine(RuleBasedStateMachine):
    store = None
    template = None

    @initialize()
    def open(self):
        self.folder = Path(tempfile.mkdtemp(prefix="sync-prop-"))
        shutil.copy2(self.template / DB_FILENAME, self.folder / DB_FILENAME)
        self.db = Database.open(self.folder)
        self.creds = self.store.create_shop()
        for sku in SKUS:
            add_product(self.db, sku, f"Trà Shan tuyết cổ thụ {sku}", 100_000, weight_g=200)

    @rule(i=st.integers(0, len(SKUS) - 1), price=st.integers(1, 500))
    def edit(self, i, price):
        update_product(self.db, SKUS[i], price=price * 1000)

    @rule(i=st.integers(0, len(SKUS) - 1), qty=st.integers(1, 30))
    def receive(self, i, qty):
        receive_stock(self.db, SKUS[i], qty)

    @rule(i=st.integers(0, len(SKUS) - 1))
    def sell_one(self, i):
        try:
            adjust_stock(self.db, SKUS[i], -1, reason="bán lẻ")
        except Exception:  # noqa: BLE001 - nothing on hand: a clerk would get an error too
            pass

    @rule(i=st.integers(0, len(SKUS) - 1), price=st.integers(1, 500))
    def publish(self, i, price):
        listings.save_listing(self.db, SKUS[i], price=price * 1000, force=True)

    @rule(after=st.integers(0, 6))
    def sync_that_crashes(self, after):
        client = self.store.client(self.creds)
        crash_after(client, after)
        try:
            sync(self.db, client)
        except Crash:
            pass

    def teardown(self):
        # Whatever happened, one clean sync makes both sides equal: nothing lost, nothing extra.
        if getattr(self, "db", None) is None:
            return
        client = self.store.client(self.creds)
        result = sync(self.db, client)
        assert result.ok and result.pending == 0, result
        assert store_state(store_products(client)) == app_state(self.db)
        for sku in SKUS:
            local = listings.get_listing(self.db, sku)
            remote = client.get(f"/listings/{sku}")
            assert (remote.status == 404) == (local.status == "none")
            if remote.ok:
                assert remote.body["price"] == local.price
        self.db.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)


def test_outbox_state_machine(store, template_dir):
    SyncMachine.store = store
    SyncMachine.template = template_dir
    runner = SyncMachine.TestCase
    runner.settings = settings(max_examples=8, stateful_step_count=12, deadline=None,
                               suppress_health_check=list(HealthCheck))
    runner("runTest").runTest()
