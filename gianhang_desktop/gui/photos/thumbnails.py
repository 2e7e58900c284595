"""Thumbnails for grids and tables: a memory LRU over the disk thumbnails, loaded off the GUI thread."""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPixmap


class ThumbnailProvider(QObject):
    """Hands out cached QPixmaps; unknown keys are queued and announced by `thumbnail_ready`.

    Like calibre's cover cache: the disk already holds 256 px JPEGs; the worker thread reads
    them into QImages, most recently requested first (a LIFO queue), so the rows the user just
    scrolled to appear before the ones scrolled past. QPixmaps are made on the GUI thread only.
    """

    thumbnail_ready = Signal(str)
    """The thumbnail for this key is now in the cache."""

    _loaded = Signal(str, QImage)

    def __init__(
        self, capacity: int = 600, parent: QObject | None = None, *, autostart: bool = True
    ) -> None:
        super().__init__(parent)
        self._capacity = capacity
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._queued: set[str] = set()
        self._lock = threading.Lock()
        self._queue: queue.LifoQueue[tuple[str, Path, QSize | None] | None] = queue.LifoQueue()
        self._loaded.connect(self._store, Qt.ConnectionType.QueuedConnection)
        self._worker = threading.Thread(target=self._drain, name="thumbnails", daemon=True)
        if autostart:
            self.start()

    def start(self) -> None:
        """Start the worker (done by the constructor unless `autostart=False`)."""
        if not self._worker.is_alive():
            self._worker.start()

    def pixmap(
        self, key: str, path: Path | str | None, size: QSize | None = None
    ) -> QPixmap | None:
        """The cached pixmap for `key`, or None after queueing `path` to be read."""
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        if path is not None:
            self.request(key, Path(path), size)
        return None

    def request(self, key: str, path: Path, size: QSize | None = None) -> None:
        """Queue a thumbnail read; a repeated request moves it to the front of the queue."""
        with self._lock:
            self._queued.add(key)
        self._queue.put((key, path, size))

    def idle(self) -> bool:
        """Nothing queued or being read (the `--screenshot` waits for this)."""
        with self._lock:
            return not self._queued and self._queue.empty()

    def forget(self, key: str) -> None:
        """Drop a key whose picture changed or was deleted."""
        self._cache.pop(key, None)

    def close(self) -> None:
        """Stop the worker thread (pending requests are dropped)."""
        with self._lock:
            self._queued.clear()
        self._queue.put(None)
        if self._worker.is_alive():
            self._worker.join(timeout=5)

    def _drain(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            key, path, size = job
            with self._lock:
                if key not in self._queued:
                    continue  # already loaded by an earlier, duplicate request
                self._queued.discard(key)
            image = QImage(str(path))
            if not image.isNull() and size is not None:
                image = image.scaled(
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            self._loaded.emit(key, image)

    @Slot(str, QImage)
    def _store(self, key: str, image: QImage) -> None:
        if image.isNull():
            return
        self._cache[key] = QPixmap.fromImage(image)
        self._cache.move_to_end(key)
        while len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
        self.thumbnail_ready.emit(key)
