"""Sync in the window: what a sync brings in shows on the open pages without a reload (issue 15)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from helpers import build_catalogue  # noqa: E402

from gianhang_desktop.core.sync import credentials  # noqa: E402
from gianhang_desktop.core.sync import listing as listings  # noqa: E402
from gianhang_desktop.core.sync.engine import sync  # noqa: E402


def test_an_order_pulled_by_a_sync_appears_on_the_open_orders_page(qtbot, ctx, store, tmp_path):
    from gianhang_desktop.gui.pages import page_by_key

    creds = store.create_shop()
    skus = build_catalogue(ctx.db, tmp_path / "pics", count=3, photos_every=1)
    for sku in skus:
        listings.save_listing(ctx.db, sku, price=60_000)
    sync(ctx.db, store.client(creds))
    store.review(creds)  # the listings are live: buyers order
    codes = store.simulate_orders(creds, 3)
    credentials.save(store.url, creds)
    orders = page_by_key("orders").factory(ctx)
    qtbot.addWidget(orders)
    assert orders.model.rowCount() == 0
    sync_page = page_by_key("sync").factory(ctx)
    qtbot.addWidget(sync_page)
    sync_page.server.setText(store.url)
    assert sync_page.sync_now()
    qtbot.waitUntil(lambda: sync_page.last_report is not None, timeout=30_000)
    assert sync_page.last_report.ok and sync_page.last_report.pulled["orders"] >= 3
    assert sorted(orders.model.codes(range(orders.model.rowCount()))) == sorted(codes)
