"""The photos panel of the product editor: a thumbnail grid with add, drop, reorder, cover, delete."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMargins, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gianhang_desktop.core.changes import Changes
from gianhang_desktop.core.photos import service
from gianhang_desktop.core.photos.importing import is_picture_file
from gianhang_desktop.core.photos.models import MAX_PHOTOS_PER_PRODUCT
from gianhang_desktop.core.photos.views import ImportReport

from ..context import AppContext
from ..tasks import Job, error_text
from .model import ICON_SIZE, PhotoListModel
from .progress import ImportProgress

PICTURE_FILTER = "*.jpg *.jpeg *.jfif *.png *.webp *.gif *.bmp *.tif *.tiff *.heic *.heif *.avif"


class PhotosPanel(QWidget):
    """Shows and edits one product's pictures; every change goes through the core services, on the
    window's task runner (`ctx.tasks`): writes on its serial writer (which announces their changes),
    reads and exports in its pool. Reloads when `ctx.changes` names its product."""

    import_finished = Signal(object)
    """An import ended; carries the `ImportReport` (one outcome per file)."""
    photos_loaded = Signal(object)
    """The pictures of this SKU (None: no product) are shown."""

    def __init__(self, ctx: AppContext, product=None, parent: QWidget | None = None) -> None:
        """`product`: the product editor's (`.sku`), None for none yet (`set_product` later)."""
        super().__init__(parent)
        self._db = ctx.db
        self._tasks = ctx.tasks
        self._sku: str | None = None
        self._product_id: int | None = None
        ctx.changes.connect(self._on_changes)
        self.model = PhotoListModel(ctx.thumbnails, self)
        self.model.order_requested.connect(self.reorder)
        self.model.files_dropped.connect(self.import_files)

        self.grid = QListView(self)
        self.grid.setModel(self.model)
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(ICON_SIZE)
        self.grid.setGridSize(ICON_SIZE.grownBy(QMargins(12, 12, 12, 30)))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Snap)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.grid.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.grid.setAcceptDrops(True)
        self.grid.setDropIndicatorShown(True)
        self.grid.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("Thêm ảnh…"), self)
        self.add_button.clicked.connect(self._choose_files)
        self.cover_button = QPushButton(self.tr("Đặt làm ảnh bìa"), self)
        self.cover_button.clicked.connect(self._cover_selected)
        self.delete_button = QPushButton(self.tr("Xoá ảnh"), self)
        self.delete_button.clicked.connect(self._delete_selected)
        self.export_button = QPushButton(self.tr("Xuất cho sàn…"), self)
        self.export_button.clicked.connect(self._choose_export_folder)
        self.status = QLabel(self)
        self.importing = ImportProgress(self)
        self.progress, self.cancel_button = self.importing.bar, self.importing.cancel_button

        buttons = QHBoxLayout()
        for button in (self.add_button, self.cover_button, self.delete_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.importing)
        layout.addWidget(self.status)
        self.set_product(product.sku if product is not None else None)

    # -- what the window calls -------------------------------------------------------------
    def set_product(self, sku: str | None) -> None:
        """Show this product's pictures (None: an empty, disabled panel)."""
        self._sku = sku
        self._product_id = None
        self.reload()

    def _on_changes(self, changes: Changes) -> None:
        touched = changes.photos and (self._product_id is None or self._product_id in changes.photos)
        if self._sku and (touched or changes.reset):
            self.reload()

    def reload(self) -> None:
        """Re-read the pictures from the core, off the GUI thread (after `Changes.photos` names
        this product); `photos_loaded` says when they are shown."""
        sku = self._sku
        if not sku:
            self._show_photos(None, [])
            return
        db = self._db
        job = self._tasks.read(lambda _progress, _cancel: service.list_photos(db, sku), parent=self,
                               name="list photos")
        job.succeeded.connect(lambda photos: self._show_photos(sku, photos))
        job.failed.connect(self._load_failed)

    def _show_photos(self, sku: str | None, photos: list) -> None:
        if sku != self._sku:
            return  # another product was chosen meanwhile
        if photos:
            self._product_id = photos[0].product_id
        self.model.set_photos(photos)
        self._update_buttons()
        self.photos_loaded.emit(sku)

    def _load_failed(self, error: BaseException) -> None:
        self.model.set_photos([])
        self._update_buttons()
        self.status.setText(error_text(error))

    @Slot(list)
    def import_files(self, paths: list[Path]) -> Job | None:
        """Attach dropped or chosen files (folders are searched for pictures) in the background."""
        if not self._sku or self.importing.busy:
            return None
        files = _expand(paths)
        if not files:
            self.status.setText(self.tr("Không có tệp ảnh nào trong những gì vừa thả"))
            return None
        sku, db = self._sku, self._db
        job = self._tasks.write(
            lambda progress, cancel: service.attach_photos(db, sku, files, progress=progress, cancel=cancel),
            parent=self, name="attach photos",
        )
        job.succeeded.connect(self._import_succeeded)
        job.failed.connect(self._job_failed)
        job.cancelled.connect(self._import_cancelled)
        self.status.setText(self.tr("Đang nhập %n ảnh…", "", len(files)))
        self.importing.follow(job)
        return job


    @Slot(list)
    def reorder(self, order: list[int]) -> Job | None:
        """Ask the core for a new order (positions, 1-based)."""
        sku, db = self._sku, self._db
        return self._mutate(lambda _progress, _cancel: service.reorder_photos(db, sku, order))

    def set_cover(self, position: int) -> Job | None:
        sku, db = self._sku, self._db
        return self._mutate(lambda _progress, _cancel: service.set_cover(db, sku, position))

    def remove(self, positions: list[int]) -> Job | None:
        sku, db = self._sku, self._db
        return self._mutate(lambda _progress, _cancel: service.remove_photos(db, sku, positions))

    # -- internals -------------------------------------------------------------------------
    def _mutate(self, work) -> Job | None:
        """A change on the writer; the panel reloads when its changes are announced."""
        if not self._sku:
            return None
        job = self._tasks.write(work, parent=self)
        job.failed.connect(self._job_failed)
        return job

    def _selected_positions(self) -> list[int]:
        return sorted(i.row() + 1 for i in self.grid.selectionModel().selectedIndexes())

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn ảnh sản phẩm"), "", self.tr("Ảnh") + f" ({PICTURE_FILTER})"
        )
        if files:
            self.import_files([Path(f) for f in files])

    def _choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Xuất ảnh cho sàn vào thư mục"))
        if folder and self._sku:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> Job | None:
        """Write the marketplace pictures as SKU-1.jpg, SKU-2.jpg, … into `folder`, in the background."""
        sku, db = self._sku, self._db
        if not sku:
            return None
        job = self._tasks.read(lambda _progress, _cancel: service.export_photos(db, sku, folder), parent=self,
                               name="export photos")
        job.succeeded.connect(lambda written: self.status.setText(self.tr("Đã xuất %n ảnh", "", len(written))))
        job.failed.connect(lambda error: self.status.setText(error_text(error)))
        return job

    def _cover_selected(self) -> None:
        positions = self._selected_positions()
        if len(positions) == 1:
            self.set_cover(positions[0])

    def _delete_selected(self) -> None:
        positions = self._selected_positions()
        if positions:
            self.remove(positions)

    def _update_buttons(self, *_args) -> None:
        has_product = bool(self._sku)
        count = self.model.rowCount()
        selected = self._selected_positions() if has_product else []
        self.add_button.setEnabled(has_product and count < MAX_PHOTOS_PER_PRODUCT)
        self.cover_button.setEnabled(len(selected) == 1 and selected[0] != 1)
        self.delete_button.setEnabled(bool(selected))
        self.export_button.setEnabled(count > 0)
        self.grid.setEnabled(has_product)

    @Slot(object)
    def _import_succeeded(self, report: ImportReport) -> None:
        ok = report.count("ok") + report.count("flagged")
        text = self.tr("Đã thêm %n ảnh", "", ok)
        problems = [
            f"{o.source.name}: {'; '.join(m.text() for m in o.messages)}"
            for o in report.outcomes
            if o.status in ("error", "flagged", "skipped")
        ]
        self.status.setText("\n".join([text, *problems]))
        self.import_finished.emit(report)

    @Slot()
    def _import_cancelled(self) -> None:
        self.status.setText(self.tr("Đã huỷ; không ảnh nào được thêm"))

    @Slot(object)
    def _job_failed(self, error: BaseException) -> None:
        self.status.setText(error_text(error))
        self.reload()


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and is_picture_file(p))
        elif path.is_file():
            files.append(path)
    return files
