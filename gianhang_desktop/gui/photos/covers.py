"""Cover thumbnails for the products table: one query per visible page, pixmaps from the provider."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QPixmap

from gianhang_desktop.core.changes import Changes
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.photos.service import cover_thumbnails

from .thumbnails import ThumbnailProvider

TABLE_ICON = QSize(40, 40)


class CoverThumbnails(QObject):
    """Maps product ids to their cover's thumbnail; the table model asks `decoration(id)`.

    The model calls `prefetch(ids)` for the rows it fetched (one SQL query), returns
    `decoration(id)` for `DecorationRole` and emits `dataChanged` on `cover_ready(id)`.
    `ctx.changes` is connected to `apply_changes` (stale covers are forgotten).
    """

    cover_ready = Signal(int)
    """The cover of this product id can now be drawn."""

    def __init__(
        self, db: Database, thumbnails: ThumbnailProvider, size: QSize = TABLE_ICON, parent=None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._thumbnails = thumbnails
        self._size = size
        self._paths: dict[int, Path | None] = {}
        self._waiting: dict[str, set[int]] = {}
        thumbnails.thumbnail_ready.connect(self._ready)

    def prefetch(self, product_ids: Iterable[int]) -> None:
        missing = [i for i in product_ids if i not in self._paths]
        if not missing:
            return
        found = cover_thumbnails(self._db, missing)
        for product_id in missing:
            self._paths[product_id] = found.get(product_id)

    def decoration(self, product_id: int) -> QPixmap | None:
        if product_id not in self._paths:
            self.prefetch([product_id])
        path = self._paths.get(product_id)
        if path is None:
            return None
        key = f"{path.stem}@{self._size.width()}"
        pixmap = self._thumbnails.pixmap(key, path, self._size)
        if pixmap is None:
            self._waiting.setdefault(key, set()).add(product_id)
        return pixmap

    def invalidate(self, product_ids: Iterable[int]) -> None:
        for product_id in product_ids:
            self._paths.pop(product_id, None)

    def apply_changes(self, changes: Changes) -> None:
        """Forget the covers of products whose pictures changed (connected to `ctx.changes`)."""
        if changes.reset:
            self._paths.clear()
        elif changes.photos:
            self.invalidate(changes.photos)

    def _ready(self, key: str) -> None:
        for product_id in self._waiting.pop(key, ()):
            self.cover_ready.emit(product_id)
