"""One settings owner: closing the window writes only the window's own keys (issue 15)."""

from __future__ import annotations

from gianhang_desktop.core.settings import Settings
from gianhang_desktop.core.spreadsheet.headers import header_key
from gianhang_desktop.core.spreadsheet.importer import remember_mapping
from gianhang_desktop.core.sync.client import Credentials
from gianhang_desktop.core.sync.service import sync_now

SERVER = "http://127.0.0.1:9"  # nothing listens there: the sync ends offline, the address is kept
HEADERS = ["Mã SP", "Tên", "Giá"]


def test_what_pages_and_the_core_saved_survives_closing_the_window(qtbot, ctx, data_dir, monkeypatch):
    from gianhang_desktop.gui.main_window import MainWindow

    monkeypatch.setenv("GIANHANG_SYNC_RETRIES", "0")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.show_page("sync")
    page.minutes.setValue(15)
    page.auto.setChecked(True)  # the clerk turns on auto-sync every 15 minutes
    report = sync_now(ctx.db, SERVER, creds=Credentials("k", "s"))  # a sync remembers the server
    assert report.offline
    remember_mapping(data_dir, HEADERS, ["sku", "name", "price"])  # the import wizard, a mapping
    window.close()
    saved = Settings.load(data_dir)
    assert saved.auto_sync_minutes == 15
    assert saved.server_url == SERVER
    assert saved.import_mappings[header_key(HEADERS)] == {"Mã SP": "sku", "Tên": "name", "Giá": "price"}
    assert saved.last_page == "sync" and saved.window_geometry  # and the window's own keys
