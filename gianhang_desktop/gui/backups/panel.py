"""The backups section of the settings page (Cài đặt): back up now, restore from a file, open the data folder."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core import backup
from ...core.disk import human_size
from ..context import AppContext
from ..widgets import fmt_datetime
from . import actions


class BackupPanel(QWidget):
    """A settings section (pages.SETTINGS_SECTIONS), built from the application context; a restore
    runs on the window's writer, which tells every page that all data was replaced."""

    data_restored = Signal()
    """The whole data folder was replaced by a backup (the pages hear it on `ctx.changes`)."""

    backup_made = Signal(str)
    """A backup file was written (its path)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.settings = ctx.settings
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Ứng dụng tự sao lưu mỗi ngày và trước mỗi lần cập nhật. Hãy thỉnh thoảng lưu một bản "
            "ra USB hoặc ổ đĩa khác: ổ đĩa hỏng sẽ mất cả bản sao lưu trên máy."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Sao lưu ngay"))
        self.backup_to_button = QPushButton(self.tr("Sao lưu ra tệp…"))
        self.restore_button = QPushButton(self.tr("Khôi phục từ tệp…"))
        self.folder_button = QPushButton(self.tr("Mở thư mục dữ liệu"))
        for button in (self.backup_button, self.backup_to_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        keep = QHBoxLayout()
        keep.addWidget(QLabel(self.tr("Giữ lại số bản sao lưu tự động:")))
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setValue(self.settings.values.backups_to_keep)
        keep.addWidget(self.keep)
        keep.addStretch(1)
        layout.addLayout(keep)
        layout.addWidget(QLabel(self.tr("Các bản sao lưu trên máy này:")))
        self.list = QListWidget()
        self.list.setMinimumHeight(120)
        layout.addWidget(self.list)
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_to_button.clicked.connect(self.backup_to_file)
        self.restore_button.clicked.connect(self.restore_from_file)
        self.folder_button.clicked.connect(lambda: actions.open_data_folder(self.db.data_dir))
        self.keep.valueChanged.connect(self._keep_changed)
        self.list.itemDoubleClicked.connect(lambda item: self.restore_path(item.data(0x0100)))
        self.refresh()

    def refresh(self) -> None:
        """Re-read the backups folder."""
        self.list.clear()
        reasons = {"daily": self.tr("tự động"), "manual": self.tr("thủ công"),
                   "before-upgrade": self.tr("trước khi cập nhật"), "before-restore": self.tr("trước khi khôi phục")}
        for info in backup.list_backups(self.db.data_dir):
            when = fmt_datetime(info.created_at)
            size = human_size(info.file_size)
            text = self.tr("{0} — {1} — {2}, {3} ảnh").format(
                when, reasons.get(info.reason, info.reason), size, info.photo_count)
            item = QListWidgetItem(text)
            item.setData(0x0100, info.path)  # Qt.UserRole
            item.setToolTip(str(info.path))
            self.list.addItem(item)

    def backup_now(self) -> None:
        info = actions.backup_now(self, self.db.data_dir, self.settings.values, tasks=self.ctx.tasks)
        if info is not None:
            self.backup_made.emit(str(info.path))
        self.refresh()

    def backup_to_file(self) -> None:
        target = actions.choose_backup_target(self, self.db.data_dir / backup.backup_filename())
        if target is not None and (info := actions.backup_now(self, self.db.data_dir, self.settings.values, target,
                                                               self.ctx.tasks)) is not None:
            self.backup_made.emit(str(info.path))

    def restore_from_file(self) -> None:
        path = actions.choose_backup_file(self, backup.backups_dir(self.db.data_dir))
        if path is not None:
            self.restore_path(path)

    def restore_path(self, path) -> None:
        question = self.tr("Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {0}? Dữ liệu hiện tại sẽ được "
                           "sao lưu trước.").format(path.name)
        if not actions.confirm(self, self.tr("Khôi phục"), question):
            return
        if actions.restore_into(self, self.db, path, self.ctx.tasks):
            self.data_restored.emit()
        self.refresh()

    def _keep_changed(self, value: int) -> None:
        self.settings.update(backups_to_keep=value)
