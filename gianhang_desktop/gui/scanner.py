"""USB barcode scanners type the code and press Enter within milliseconds; tell that apart from a person."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

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
