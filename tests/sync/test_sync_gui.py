"""The Sync page and the listing editor, offscreen, against the real reference server."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from helpers import build_catalogue  # noqa: E402

from gianhang_desktop.core.catalog.service import add_product, update_product  # noqa: E402
from gianhang_desktop.core.sync import credentials  # noqa: E402
from gianhang_desktop.core.sync.engine import sync  # noqa: E402
from gianhang_desktop.gui.sync.listing_editor import ListingEditor  # noqa: E402
from gianhang_desktop.gui.sync.page import SyncPage  # noqa: E402


def test_sync_now_runs_in_background_and_shows_the_state(qtbot, db, store, tmp_path, tasks, ctx):
    creds = store.create_shop()
    build_catalogue(db, tmp_path / "pics", count=3, photos_every=99)
    credentials.save(store.url, creds)
    with qtbot.waitSignal(tasks.busy_changed, timeout=10_000):  # the state is read off the GUI thread
        page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.server.setText(store.url)
    qtbot.waitUntil(lambda: page.pending_label.text().endswith(": 7"), timeout=10_000)  # 3 products, 3 stock, 1 gallery
    with qtbot.waitSignal(page.sync_finished, timeout=30_000):
        assert page.sync_now()
        assert page.busy and page.sync_now() is False  # one sync at a time
    assert page.last_report.ok and page.last_report.pushed["products"] == 3
    qtbot.waitUntil(lambda: page.pending_label.text().endswith(": 0"), timeout=10_000)
    assert page.sync_button.isEnabled()

    # A conflict shows both versions side by side, one row per differing field.
    from helpers import second_key

    other = store.client(second_key(store, creds))
    body = {k: v for k, v in other.get("/products/HTX-001").body.items()
            if k not in ("quantity", "version", "images", "created_at", "updated_at")}
    body["name"] = "Tên đổi trên sàn TMĐT"
    assert other.request("PUT", "/products/HTX-001", json_body=body).ok
    update_product(db, "HTX-001", name="Tên đổi ở kho hàng")
    sync(db, store.client(creds))
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        page.refresh()
    assert page.conflicts.rowCount() == 1
    assert [page.conflicts.item(0, c).text() for c in range(4)] == ["HTX-001", "Tên", "Tên đổi ở kho hàng", "Tên đổi trên sàn TMĐT"]
    page.resize(900, 600)
    page.grab().save(str(tmp_path / "sync_page.png"))
    page.conflicts.selectRow(0)
    resolved = []
    tasks.changes_happened.connect(resolved.append)  # announced by the one writer
    with qtbot.waitSignal(page.refreshed, timeout=10_000):  # resolved on the writer, then read again
        page.resolve_selected("store")
    assert page.conflicts.rowCount() == 0 and resolved and resolved[0]


def test_offline_is_a_quiet_line(qtbot, db, ctx):
    from gianhang_desktop.core.sync.client import Credentials

    add_product(db, "OFF-1", "Sản phẩm ngoại tuyến", 1000)
    credentials.save("http://127.0.0.1:9", Credentials("k", "s"))
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.server.setText("http://127.0.0.1:9")
    import os

    os.environ["GIANHANG_SYNC_RETRIES"] = "1"
    try:
        with qtbot.waitSignal(page.sync_finished, timeout=30_000):
            page.sync_now()
    finally:
        os.environ.pop("GIANHANG_SYNC_RETRIES")
    assert page.last_report.offline
    qtbot.waitUntil(lambda: "ngoại tuyến" in page.state_label.text(), timeout=10_000)  # state re-read


def test_listing_editor_shows_checks_instead_of_sending(qtbot, db, tmp_path, ctx):
    from gianhang_desktop.core.sync import listing as listings

    announced = []
    ctx.changes.connect(announced.append)
    product, _ = add_product(db, "NGAN", "Ngắn", 1000)
    editor = ListingEditor(ctx, product)
    qtbot.addWidget(editor)
    assert editor.sku is None  # not read on the GUI thread…
    qtbot.waitUntil(lambda: editor.sku == "NGAN", timeout=10_000)  # …but in the task runner's pool
    codes = [editor.checks.item(i).text() for i in range(editor.checks.count())]
    assert any("ảnh bìa" in text for text in codes) and any("10 ký tự" in text for text in codes)
    with qtbot.waitSignal(editor.refused, timeout=10_000) as refused:
        assert editor.save() is True  # queued on the writer; the core refuses it there
    assert refused.args[0] and listings.get_listing(db, "NGAN").status == "none"
    assert "Chưa đăng" in editor.status.text() and announced == []
    build_catalogue(db, tmp_path / "pics", count=1, photos_every=1)
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        editor.load("HTX-000")
    editor.price.setValue(65_000)
    with qtbot.waitSignal(editor.loaded, timeout=10_000):  # saved, then read again
        editor.save()
    assert "Chưa gửi" in editor.status.text() and "chờ gửi" in editor.status.text()
    assert listings.get_listing(db, "HTX-000").price == 65_000
    assert len(announced) == 1  # the task runner announced the change to the whole window
    editor.resize(640, 480)
    editor.grab().save(str(tmp_path / "listing_editor.png"))
