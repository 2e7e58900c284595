"""The integrity check at start and its way out: restore the last good backup, another file, or quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core import restore
from ..widgets import fmt_datetime
from .actions import choose_backup_file, restore_data_dir

LAST_GOOD, OTHER_FILE = "last_good", "other_file"


class DamagedDatabaseDialog(QDialog):
    """Says the database is damaged and offers the newest backup that verifies."""

    def __init__(self, report: restore.IntegrityReport, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.answer: str | None = None
        self.setWindowTitle(self.tr("Cơ sở dữ liệu bị hỏng"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        text = QLabel(self.tr(
            "Không đọc được dữ liệu của ứng dụng: tệp cơ sở dữ liệu bị hỏng (có thể do mất điện "
            "hoặc ổ đĩa lỗi). Dữ liệu hỏng sẽ được giữ lại trong thư mục sao lưu để kỹ thuật viên xem."))
        text.setWordWrap(True)
        layout.addWidget(text)
        detail = QLabel(self.tr("Chi tiết: {0}\nThư mục dữ liệu: {1}").format(report.detail, data_dir))
        detail.setWordWrap(True)
        layout.addWidget(detail)
        buttons = QDialogButtonBox()
        if report.last_good is not None:
            when = fmt_datetime(report.last_good.created_at)
            last = QPushButton(self.tr("Khôi phục bản sao lưu ngày {0}").format(when))
            last.setObjectName("restore_last_good")
            buttons.addButton(last, QDialogButtonBox.ButtonRole.AcceptRole)
            last.clicked.connect(lambda: self._answer(LAST_GOOD))
            last.setDefault(True)
        else:
            layout.addWidget(QLabel(self.tr("Không tìm thấy bản sao lưu tốt nào trong thư mục dữ liệu.")))
        other = QPushButton(self.tr("Chọn tệp sao lưu khác…"))
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        other.clicked.connect(lambda: self._answer(OTHER_FILE))
        quit_button = QPushButton(self.tr("Thoát"))
        buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _answer(self, answer: str) -> None:
        self.answer = answer
        self.accept()

    @classmethod
    def ask(cls, report: restore.IntegrityReport, data_dir: Path, parent: QWidget | None = None) -> str | None:
        """LAST_GOOD, OTHER_FILE, or None to quit."""
        dialog = cls(report, data_dir, parent)
        dialog.exec()
        return dialog.answer


def check_database_at_start(parent: QWidget | None, data_dir: Path) -> bool:
    """Run `PRAGMA quick_check` before opening; when damaged, offer a restore. False: quit the app."""
    report = restore.check_database(data_dir)
    while not report.ok:
        answer = DamagedDatabaseDialog.ask(report, data_dir, parent)
        if answer is None:
            return False
        path = report.last_good.path if answer == LAST_GOOD and report.last_good else choose_backup_file(parent)
        if path is not None and restore_data_dir(parent, data_dir, path) is not None:
            report = restore.check_database(data_dir)
    return True
