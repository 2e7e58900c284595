"""Several PCs on one server share one outbox: one of them syncs with the store at a time."""

from __future__ import annotations

import pytest
from helpers import build_catalogue

from gianhang_desktop.core.db import locks
from gianhang_desktop.core.sync.engine import sync


@pytest.mark.postgresql_only("PCs sharing the cooperative's server")
def test_while_another_pc_syncs_this_one_sends_nothing_and_says_so(db, store, tmp_path):
    creds = store.create_shop()
    build_catalogue(db, tmp_path / "pics", count=3)
    client = store.client(creds)
    with locks.held_by_this_pc(db.engine, locks.STORE_SYNC) as other_pc:  # the office PC is syncing
        assert other_pc
        report = sync(db, client)
    assert not report.ok and "Một máy khác của HTX đang đồng bộ" in report.error
    assert client.requests_sent == 0 and report.pushed["products"] == 0
    done = sync(db, client)  # once it finished, this PC syncs as usual
    assert done.ok and done.pushed["products"] == 3
