"""The banner across the window when the data can only be read (`Database.read_only`): a read-only
folder, or a disk too full to open the database for writing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

STYLE = "background: #fff4d6; color: #6b4e00; border-bottom: 1px solid #f0d48a; padding: 8px 14px;"


class ReadOnlyBanner(QLabel):
    """Says the data folder is read-only (or its disk full) and what still works; hidden until
    `show_for(folder)`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder: Path | None = None
        self.disk_full = False
        self.hide()

    def show_for(self, folder: Path, *, disk_full: bool = False) -> None:
        self.folder = Path(folder)
        self.disk_full = disk_full
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        if self.folder is not None and self.disk_full:
            self.setText(self.tr(
                "Ổ đĩa chứa thư mục dữ liệu {0} đã đầy: bạn vẫn xem, tìm, xuất tệp và sao lưu ra nơi khác "
                "được, nhưng không lưu được thay đổi nào. Hãy giải phóng dung lượng ổ đĩa rồi mở lại ứng dụng."
            ).format(self.folder))
        elif self.folder is not None:
            self.setText(self.tr(
                "Thư mục dữ liệu {0} chỉ cho phép đọc: bạn vẫn xem, tìm, xuất tệp và sao lưu ra nơi khác "
                "được, nhưng không lưu được thay đổi nào. Hãy chép dữ liệu sang thư mục có quyền ghi, hoặc "
                "nhờ người quản trị máy cấp quyền ghi.").format(self.folder))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
