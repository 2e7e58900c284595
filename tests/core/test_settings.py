"""One settings owner: keyed updates keep what others saved; one settings file, written whole or not at all."""

from __future__ import annotations

import threading

import pytest

from gianhang_desktop.core import settings as settings_file
from gianhang_desktop.core.settings import SETTINGS_FILENAME, Settings


def test_an_update_sets_its_keys_and_keeps_the_others(tmp_path):
    settings_file.update(tmp_path, auto_sync_minutes=15, server_url="https://gianhang.example")
    stale = Settings.load(tmp_path)  # e.g. the window's copy, read before the next change
    settings_file.update(tmp_path, label_size="a4x4")
    stale.last_page = "orders"
    settings_file.update(tmp_path, last_page=stale.last_page)  # only its own key, not the stale rest
    saved = Settings.load(tmp_path)
    assert (saved.auto_sync_minutes, saved.server_url, saved.label_size, saved.last_page) == (
        15, "https://gianhang.example", "a4x4", "orders")


def test_an_unknown_key_is_refused_and_nothing_is_written(tmp_path):
    with pytest.raises(AttributeError):
        settings_file.update(tmp_path, auto_sync=15)
    assert not (tmp_path / SETTINGS_FILENAME).exists()


def test_updates_from_several_threads_all_land(tmp_path):
    """The window's threads (the GUI thread, a backup in the pool) save keys at the same time."""
    rounds = 25
    start = threading.Barrier(2)

    def save_mappings():
        start.wait()
        for i in range(rounds):
            settings_file.edit(tmp_path, lambda s, i=i: setattr(s, "import_mappings", {**(s.import_mappings or {}),
                                                                                       f"h{i}": {"Mã": "sku"}}))

    def save_minutes():
        start.wait()
        for i in range(rounds):
            settings_file.update(tmp_path, auto_sync_minutes=i + 1)

    threads = [threading.Thread(target=save_mappings), threading.Thread(target=save_minutes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = Settings.load(tmp_path)
    assert saved.auto_sync_minutes == rounds and len(saved.import_mappings) == rounds
