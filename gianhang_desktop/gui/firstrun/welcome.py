"""The first-start choice: start empty, demo data, import from Excel, restore a backup, or connect
to the cooperative's server (several PCs sharing one database)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLabel, QVBoxLayout, QWidget

EMPTY, DEMO, EXCEL, RESTORE, SERVER = "empty", "demo", "excel", "restore", "server"


class FirstStartDialog(QDialog):
    """Five large buttons; `choice` is one of EMPTY, DEMO, EXCEL, RESTORE, SERVER once one is clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(self.tr("Chào mừng đến với Gian Hàng Desktop"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Chào mừng! Bạn muốn bắt đầu thế nào?"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        hint = QLabel(self.tr("Dữ liệu được lưu trên máy này và được sao lưu tự động mỗi ngày."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.buttons: dict[str, QCommandLinkButton] = {}
        for key, text, detail in (
            (EMPTY, self.tr("Bắt đầu với dữ liệu trống"), self.tr("Tự nhập sản phẩm và tồn kho của bạn.")),
            (DEMO, self.tr("Dùng thử với dữ liệu mẫu"),
             self.tr("200 sản phẩm đặc sản và tồn kho mẫu để làm quen; có thể xoá sau.")),
            (EXCEL, self.tr("Nhập danh sách sản phẩm từ Excel"),
             self.tr("Tệp .xlsx hoặc .csv bạn đang dùng; xem trước trước khi nhập.")),
            (RESTORE, self.tr("Khôi phục từ bản sao lưu"),
             self.tr("Tệp gianhang-backup-….zip từ máy cũ hoặc USB.")),
            (SERVER, self.tr("Kết nối máy chủ của HTX"),
             self.tr("Nhiều máy dùng chung một dữ liệu trên máy chủ của hợp tác xã (PostgreSQL).")),
        ):
            button = QCommandLinkButton(text, detail, self)
            button.setObjectName(f"firstrun_{key}")
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            layout.addWidget(button)
            self.buttons[key] = button
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str | None:
        """The user's choice, or None when the window was closed."""
        dialog = cls(parent)
        dialog.exec()
        return dialog.choice
