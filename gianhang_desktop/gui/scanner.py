"""USB barcode scanners type the code and press Enter within milliseconds; tell that apart from a person."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget

MAX_GAP_S = 0.05  # scanners send a key every few ms; people need 80 ms or more
MIN_LENGTH = 4


class ScanDetector(QObject):
    """Watches key presses on some widgets; a fast burst ending with Enter becomes `scanned(code)`."""

    scanned = Signal(str)
    """A scanner typed this code (the Enter that ended it was swallowed)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._buffer = ""
        self._last = 0.0
        self._fast = True

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        now = time.monotonic()
        if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code, fast = self._buffer, self._fast and (now - self._last) <= MAX_GAP_S * 4
            self._buffer = ""
            if len(code) >= MIN_LENGTH and fast:
                self.scanned.emit(code)
                return True
            return False
        text = key_event.text()
        if key_event.key() == Qt.Key.Key_Backspace and self._buffer and now - self._last <= MAX_GAP_S:
            # Unikey/EVKey rewrite a letter they change ("a" + "s" -> "á") with a backspace and the new
            # letter, as fast as the scanner types: the scan goes on.
            self._buffer = self._buffer[:-1]
            self._last = now
            return False
        if len(text) == 1 and not text.isprintable() and self._buffer and now - self._last <= MAX_GAP_S:
            return False  # framing a scanner sends (ETX, EOT, GS): the core's normalize_scan reads the code
        if len(text) == 1 and text.isprintable() and not text.isspace():
            if not self._buffer or now - self._last > MAX_GAP_S:
                self._buffer, self._fast = "", True
            self._buffer += text
            self._last = now
        else:
            self._buffer = ""
        return False


class ScanField(QLineEdit):
    """A "scan or type a code" box: Enter submits the code instead of closing the dialog."""

    code_entered = Signal(str)
    """Enter was pressed with this (trimmed) text."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.code_entered.emit(self.text().strip())
            return
        super().keyPressEvent(event)


_NOTICE_SHOWN = "scanner.vietnamese_typing_notice"


class VietnameseTypingNotice:
    """Tells the clerk, once per run of the app, that a Vietnamese keyboard changed a scan."""

    @classmethod
    def show(cls, parent: QWidget, scanned: str, meant: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("Scanner", "Bộ gõ tiếng Việt đang bật"),
                          QCoreApplication.translate(
                              "Scanner",
                              "Máy quét gõ '{scanned}' nhưng mã thật là '{meant}': bộ gõ tiếng Việt (Unikey/EVKey, "
                              "kiểu Telex hoặc VNI) có vẻ đang bật và đổi chữ của máy quét.\n\n"
                              "Phần mềm đã tự đọc lại mã. Để chắc chắn, hãy tắt bộ gõ (chuyển sang E) khi quét.",
                          ).format(scanned=scanned, meant=meant), QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box


def notice_vietnamese_typing(ctx, parent: QWidget, scanned: str, match) -> None:
    """After a lookup (core.catalog.scan.ScanMatch or None): say once that Vietnamese typing seems on."""
    if match is None or not getattr(match, "vietnamese_typing", False) or _NOTICE_SHOWN in ctx.told:
        return
    ctx.told.add(_NOTICE_SHOWN)
    VietnameseTypingNotice.show(parent, scanned, match.code)
