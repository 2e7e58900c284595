"""The thumbnail grid's model: a product's pictures, dragged to reorder, files dropped to import."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from gianhang_desktop.core.photos.views import PhotoView

from .thumbnails import ThumbnailProvider

ROW_MIME = "application/x-gianhang-photo-rows"
PhotoRole = Qt.ItemDataRole.UserRole + 1
FlaggedRole = Qt.ItemDataRole.UserRole + 2
ICON_SIZE = QSize(160, 160)


class PhotoListModel(QAbstractListModel):
    """Rows are a product's pictures in order; the model never reorders itself.

    A drag inside the grid asks for a new order (`order_requested`) and files dropped from
    outside ask for an import (`files_dropped`); the panel calls the core and reloads.
    """

    order_requested = Signal(list)
    """New order as current positions (1-based), e.g. [3, 1, 2]."""
    files_dropped = Signal(list)
    """Paths of files or folders dropped on the grid."""

    def __init__(self, thumbnails: ThumbnailProvider, parent=None) -> None:
        super().__init__(parent)
        self._photos: list[PhotoView] = []
        self._thumbnails = thumbnails
        thumbnails.thumbnail_ready.connect(self._thumbnail_ready)

    def set_photos(self, photos: list[PhotoView]) -> None:
        self.beginResetModel()
        self._photos = list(photos)
        self.endResetModel()

    def photos(self) -> list[PhotoView]:
        return list(self._photos)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._photos)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        photo = self._photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            label = f"{photo.position}"
            if photo.is_cover:
                label += " · " + self.tr("Ảnh bìa")
            if photo.flags:
                label = "⚠ " + label + " · " + self._flag_label(photo.flags[0])
            return label
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnails.pixmap(photo.sha256, photo.thumb_path, ICON_SIZE)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [photo.original_name, f"{photo.width}×{photo.height}"]
            lines += [m.text() for m in photo.flag_messages()]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and photo.flags:
            return QBrush(QColor(176, 96, 0))
        if role == PhotoRole:
            return photo
        if role == FlaggedRole:
            return bool(photo.flags)
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | (Qt.ItemFlag.ItemIsDragEnabled)
        )

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME, "text/uri-list"]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(ROW_MIME, QByteArray(json.dumps(rows).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(ROW_MIME) or data.hasUrls()

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if data.hasUrls():
            paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
            if paths:
                self.files_dropped.emit(paths)
            return False  # nothing for the view to remove
        if not data.hasFormat(ROW_MIME):
            return False
        moved = json.loads(bytes(data.data(ROW_MIME)).decode())
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._photos))
        order = self.order_after_move(len(self._photos), moved, target)
        if order != list(range(1, len(self._photos) + 1)):
            self.order_requested.emit(order)
        return False

    @staticmethod
    def order_after_move(count: int, moved_rows: list[int], target_row: int) -> list[int]:
        """Positions (1-based) in their new order when `moved_rows` are dropped before `target_row`."""
        moved = [r for r in moved_rows if 0 <= r < count]
        kept = [r for r in range(count) if r not in moved]
        insert_at = sum(1 for r in kept if r < target_row)
        new_rows = kept[:insert_at] + moved + kept[insert_at:]
        return [r + 1 for r in new_rows]

    def _flag_label(self, code: str) -> str:
        labels = {"too_small": self.tr("Ảnh nhỏ"), "low_resolution": self.tr("Hơi nhỏ")}
        return labels.get(code, code)

    def _thumbnail_ready(self, key: str) -> None:
        for row, photo in enumerate(self._photos):
            if photo.sha256 == key:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
