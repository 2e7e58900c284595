"""The thumbnail provider: off the GUI thread, newest request first, bounded memory."""

from __future__ import annotations

import threading

import pytest
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QSize  # noqa: E402

from gianhang_desktop.gui.photos.thumbnails import ThumbnailProvider  # noqa: E402


def write_thumbs(folder, count):
    paths = []
    for i in range(count):
        path = folder / f"{i:02d}.jpg"
        Image.new("RGB", (256, 256), (i * 20 % 256, 100, 100)).save(path, "JPEG")
        paths.append(path)
    return paths


def test_newest_request_loads_first_and_never_on_the_gui_thread(qtbot, tmp_path, monkeypatch):
    paths = write_thumbs(tmp_path, 6)
    provider = ThumbnailProvider(autostart=False)
    loader_threads = []
    original = provider._drain

    def spy():
        loader_threads.append(threading.current_thread())
        original()

    monkeypatch.setattr(provider, "_drain", spy)
    provider._worker = threading.Thread(target=provider._drain, daemon=True)
    ready = []
    provider.thumbnail_ready.connect(ready.append)
    for i, path in enumerate(paths):
        assert provider.pixmap(str(i), path) is None
    provider.request("3", paths[3])  # scrolled back to row 3: it comes first now
    provider.start()
    qtbot.waitUntil(lambda: len(ready) == 6, timeout=5000)
    assert ready == ["3", "5", "4", "2", "1", "0"]
    assert loader_threads and loader_threads[0] is not threading.main_thread()
    pixmap = provider.pixmap("4", paths[4])
    assert pixmap is not None and pixmap.width() == 256
    provider.close()


def test_lru_keeps_only_capacity_and_scales(qtbot, tmp_path):
    paths = write_thumbs(tmp_path, 5)
    provider = ThumbnailProvider(capacity=3)
    ready = []
    provider.thumbnail_ready.connect(ready.append)
    for i, path in enumerate(paths):
        provider.request(str(i), path, QSize(64, 64))
        qtbot.waitUntil(lambda n=i: len(ready) == n + 1, timeout=5000)
    assert provider.pixmap("0", None) is None and provider.pixmap("1", None) is None
    assert provider.pixmap("4", None).size() == QSize(64, 64)
    provider.forget("4")
    assert provider.pixmap("4", None) is None
    provider.close()


def test_missing_file_is_not_cached(qtbot, tmp_path):
    provider = ThumbnailProvider()
    provider.request("x", tmp_path / "gone.jpg")
    qtbot.wait(200)
    assert provider.pixmap("x", None) is None
    provider.close()
