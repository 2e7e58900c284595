"""Cài đặt → "Máy chủ dùng chung": which data this PC works on, connecting to the cooperative's server
(or back to this PC's own data, after a restart), the shared photos folder and where pg_dump is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.database import database_url
from ...core.postgres.connection import ServerAddress
from ..context import AppContext


class ServerSection(QWidget):
    """The settings page's section; a change of database takes effect after a restart."""

    restart_requested = Signal()
    """The user switched this PC to another database: the app starts again on it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.where = QLabel(wordWrap=True, objectName="serverWhere")
        layout.addWidget(self.where)
        row = QHBoxLayout()
        self.connect_button = QPushButton(objectName="serverSectionConnect")
        self.connect_button.clicked.connect(self.connect_server)
        self.local_button = QPushButton(objectName="serverSectionLocal")
        self.local_button.clicked.connect(self.use_local)
        row.addWidget(self.connect_button)
        row.addWidget(self.local_button)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        values = ctx.settings.values
        self.photos_dir = QLineEdit(values.photos_dir, objectName="sharedPhotosDir")
        self.photos_dir.editingFinished.connect(self._photos_dir_changed)
        self.photos_browse = QPushButton()
        self.photos_browse.clicked.connect(self._browse_photos)
        photos_row = QHBoxLayout()
        photos_row.addWidget(self.photos_dir, 1)
        photos_row.addWidget(self.photos_browse)
        self.pg_bin_dir = QLineEdit(values.pg_bin_dir, objectName="pgBinDir")
        self.pg_bin_dir.editingFinished.connect(self._pg_bin_dir_changed)
        self.photos_label, self.pg_bin_label = QLabel(), QLabel()
        form.addRow(self.photos_label, photos_row)
        form.addRow(self.pg_bin_label, self.pg_bin_dir)
        layout.addLayout(form)
        self.retranslate()

    def on_server(self) -> bool:
        return not database_url(self.ctx.data_dir).startswith("sqlite")

    def connect_server(self) -> None:
        from .dialog import ServerDialog

        if ServerDialog.ask(self.ctx.data_dir, self.ctx.tasks, self, settings=self.ctx.settings) is None:
            return
        self._ask_restart(self.tr("Máy này sẽ dùng dữ liệu trên máy chủ của HTX. Dữ liệu riêng trên máy này vẫn "
                                  "được giữ nguyên trong thư mục dữ liệu (không được chuyển lên máy chủ)."))

    def use_local(self) -> None:
        self.ctx.settings.update(db_host="")
        self._ask_restart(self.tr("Máy này sẽ dùng lại dữ liệu riêng trong thư mục dữ liệu."))

    def _ask_restart(self, text: str) -> None:
        self.retranslate()
        self.tell_restart(text + "\n\n" + self.tr("Ứng dụng sẽ khởi động lại để mở dữ liệu đó."))
        self.restart_requested.emit()
        from ..app import restart_app

        self.window().close()  # the window saves its own state first
        restart_app()

    def tell_restart(self, text: str) -> None:
        """Say the app restarts (a test replaces it)."""
        QMessageBox.information(self, self.tr("Khởi động lại"), text)

    def _photos_dir_changed(self) -> None:
        self.ctx.settings.update(photos_dir=self.photos_dir.text().strip())

    def _browse_photos(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thư mục ảnh dùng chung"), self.photos_dir.text())
        if folder:
            self.photos_dir.setText(folder)
            self._photos_dir_changed()

    def _pg_bin_dir_changed(self) -> None:
        self.ctx.settings.update(pg_bin_dir=self.pg_bin_dir.text().strip())

    def retranslate(self) -> None:
        url = database_url(self.ctx.data_dir)
        if url.startswith("sqlite"):
            self.where.setText(self.tr("Máy này dùng dữ liệu riêng trong thư mục dữ liệu {0}.").format(self.ctx.data_dir))
        else:
            self.where.setText(self.tr("Máy này dùng dữ liệu trên máy chủ của HTX: {0}.").format(
                ServerAddress.from_url(url).describe()))
        self.connect_button.setText(self.tr("Đổi máy chủ…") if self.on_server() else self.tr("Kết nối máy chủ của HTX…"))
        self.local_button.setText(self.tr("Dùng dữ liệu riêng của máy này"))
        self.local_button.setVisible(self.on_server())
        self.photos_label.setText(self.tr("Thư mục ảnh dùng chung"))
        self.photos_dir.setPlaceholderText(self.tr("Trống: thư mục ảnh trong thư mục dữ liệu. Nhiều máy: thư mục "
                                                   "chia sẻ, ví dụ \\\\MAY-VAN-PHONG\\GianHang\\photos"))
        self.photos_browse.setText(self.tr("Chọn…"))
        self.pg_bin_label.setText(self.tr("Thư mục pg_dump (sao lưu máy chủ)"))
        self.pg_bin_dir.setPlaceholderText(self.tr("Trống: tự tìm (PATH, thư mục cài PostgreSQL)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
