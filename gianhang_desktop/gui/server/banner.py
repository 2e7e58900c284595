"""The banner across the window while the cooperative's server is away (and briefly once it is back)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

LOST = "background: #fde2e1; color: #7a1c16; border-bottom: 1px solid #f3a9a4;"
BACK = "background: #e3f4e8; color: #1d5b33; border-bottom: 1px solid #9fd3ae;"
BACK_SHOWN_MS = 4000


class ServerBanner(QFrame):
    """Hidden while the server answers; `lost(message)` shows why and that the app retries,
    `back()` says it reconnected and hides after a few seconds."""

    retry_requested = Signal()
    """The user pressed "Thử lại ngay"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        self.text = QLabel(wordWrap=True, objectName="serverBannerText")
        self.retry = QPushButton(objectName="serverBannerRetry")
        self.retry.clicked.connect(self.retry_requested)
        row.addWidget(self.text, 1)
        row.addWidget(self.retry)
        self._hide_later = QTimer(self, singleShot=True, interval=BACK_SHOWN_MS)
        self._hide_later.timeout.connect(self.hide)
        self.is_lost = False
        self.retranslate()
        self.hide()

    def lost(self, message: str) -> None:
        self.is_lost = True
        self._hide_later.stop()
        self.setStyleSheet(f"#serverBanner {{{LOST}}}")
        self.text.setText(message)
        self.retry.show()
        self.show()

    def back(self) -> None:
        if not self.is_lost:
            return
        self.is_lost = False
        self.setStyleSheet(f"#serverBanner {{{BACK}}}")
        self.text.setText(self.tr("Đã kết nối lại với máy chủ. Dữ liệu trên màn hình đã được cập nhật."))
        self.retry.hide()
        self._hide_later.start()

    def connection_changed(self, connected: bool, message: str) -> None:
        """Slot for `ServerLink.connection_changed`."""
        if connected:
            self.back()
        else:
            self.lost(message)

    def retranslate(self) -> None:
        self.retry.setText(self.tr("Thử lại ngay"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
