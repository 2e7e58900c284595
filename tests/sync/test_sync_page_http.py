"""The Sync page refuses plain http:// beyond this machine at once: no key asked, nothing kept."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from gianhang_desktop.core.settings import Settings  # noqa: E402
from gianhang_desktop.core.sync import credentials  # noqa: E402
from gianhang_desktop.gui.sync import page as sync_page  # noqa: E402


def test_plain_http_to_another_machine_is_refused_on_the_page(qtbot, db, ctx, monkeypatch, memory_keyring):
    asked: list = []
    monkeypatch.setattr(sync_page.CredentialsDialog, "ask", classmethod(lambda cls, parent: asked.append(1)))
    page = sync_page.SyncPage(ctx)
    qtbot.addWidget(page)
    page.server.setText("http://cuahang.example.vn")
    assert page.sync_now() is False
    assert "https://" in page.state_label.text() and "cuahang.example.vn" in page.state_label.text()
    assert asked == [] and memory_keyring.store == {}
    assert credentials.load("http://cuahang.example.vn") is None
    assert Settings.load(db.data_dir).server_url == ""
    assert page.sync_button.isEnabled() and not page.busy
