"""The photos page: import a whole folder by file names, see what happened, edit one product."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gianhang_desktop.core.photos import service
from gianhang_desktop.core.photos.views import ImportReport

from ..context import AppContext
from ..tasks import Job, error_text
from .panel import PhotosPanel
from .progress import ImportProgress


class PhotosPage(QWidget):
    """Folder import (`VT-001_1.jpg` goes to VT-001) with progress and cancel, and a photos panel."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = ctx.db
        self._tasks = ctx.tasks
        self.folder_button = QPushButton(self.tr("Nhập ảnh từ thư mục…"), self)
        self.folder_button.clicked.connect(self._choose_folder)
        hint = QLabel(
            self.tr("Tên tệp bắt đầu bằng mã SKU: VT-001_1.jpg, VT-001 (2).jpg, vt-001-3.png"),
            self,
        )
        self.importing = ImportProgress(self)
        self.importing.running_changed.connect(lambda running: self.folder_button.setEnabled(not running))
        self.progress, self.cancel_button = self.importing.bar, self.importing.cancel_button
        self.results = QTableWidget(0, 4, self)
        self.results.setHorizontalHeaderLabels(
            [self.tr("Tệp"), self.tr("Kết quả"), self.tr("SKU"), self.tr("Ghi chú")]
        )
        header = self.results.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.results.setWordWrap(False)
        self.results.itemSelectionChanged.connect(self._result_selected)
        self.sku_edit = QLineEdit(self)
        self.sku_edit.setPlaceholderText(self.tr("Mã SKU để xem và sửa ảnh"))
        self.sku_edit.returnPressed.connect(lambda: self.show_product(self.sku_edit.text()))
        self.summary = QLabel(self)
        self.panel = PhotosPanel(ctx, None, self)

        top = QHBoxLayout()
        top.addWidget(self.folder_button)
        top.addWidget(hint, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.summary)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.sku_edit)
        right_layout.addWidget(self.panel, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.importing)
        layout.addWidget(splitter, 1)
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """A dropped folder is imported by file names; dropped files go to the open product."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        folders = [p for p in paths if p.is_dir()]
        if folders:
            self.import_folder(folders[0])
        elif paths:
            self.panel.import_files(paths)
        event.acceptProposedAction()

    def show_product(self, sku: str) -> None:
        """Open a product's pictures in the panel on the right."""
        sku = sku.strip()
        self.sku_edit.setText(sku)
        self.panel.set_product(sku or None)  # an unknown SKU is said in the panel's status line

    def import_folder(self, folder: Path) -> Job | None:
        """Attach every picture under `folder` by file name, on the one writer (its changes are
        announced to the whole window)."""
        if self.importing.busy:
            return None
        db = self._db
        job = self._tasks.write(
            lambda progress, cancel: service.import_folder(db, folder, progress=progress, cancel=cancel),
            parent=self, name="photo folder import",
        )
        job.succeeded.connect(self._finished)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        self.importing.follow(job)
        return job

    @Slot()
    def cancel(self) -> None:
        self.importing.cancel()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục ảnh"))
        if folder:
            self.import_folder(Path(folder))

    @Slot(object)
    def _finished(self, report: ImportReport) -> None:
        status_text = {
            "ok": self.tr("Đã thêm"),
            "flagged": self.tr("Đã thêm, có cảnh báo"),
            "skipped": self.tr("Bỏ qua"),
            "error": self.tr("Lỗi"),
        }
        rows = [
            (
                o.source.name,
                status_text[o.status],
                o.sku or "",
                "; ".join(m.text() for m in o.messages),
            )
            for o in report.outcomes
        ]
        rows += [(p.name, self.tr("Không khớp SKU"), "", "") for p in report.unmatched]
        self.results.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.results.setItem(r, c, QTableWidgetItem(value))
        self.summary.setText(
            self.tr("Đã thêm ảnh cho %n sản phẩm", "", len(report.attached))
            + " · "
            + self.tr("%n tệp không khớp SKU nào", "", len(report.unmatched))
        )

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self.summary.setText(error_text(error))

    @Slot()
    def _cancelled(self) -> None:
        self.summary.setText(self.tr("Đã huỷ; không ảnh nào được thêm"))

    def _result_selected(self) -> None:
        items = self.results.selectedItems()
        if items:
            sku = self.results.item(items[0].row(), 2).text()
            if sku:
                self.show_product(sku)
