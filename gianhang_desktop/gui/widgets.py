"""Small shared widgets and formatters: placeholders, field errors, dates, numbers, confirmations.

The date field is its own module (date_field.py).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from ..core.dates import format_date, format_datetime
from ..core.money import group_thousands


def fmt_int(value: int | None) -> str:
    """12345 -> "12.345" (Vietnamese separators)."""
    return "" if value is None else group_thousands(int(value))


def fmt_date(value: date | None) -> str:
    """dd/mm/yyyy (core.dates.format_date, the one date formatter)."""
    return format_date(value)


def fmt_datetime(value: datetime | None) -> str:
    """A stored time on the shop's clock, dd/mm/yyyy HH:MM (core.dates.format_datetime)."""
    return format_datetime(value)


class Confirm:
    """Yes/no questions to the clerk; tests replace `Confirm.ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


def glyph_icon(glyph: str, color: str = "#3b4a5a", size: int = 64, selected_color: str = "#ffffff") -> QIcon:
    """An icon drawn from one symbol character: crisp at any size, no image files to ship."""
    icon = QIcon()
    icon.addPixmap(_glyph_pixmap(glyph, color, size), QIcon.Mode.Normal)
    icon.addPixmap(_glyph_pixmap(glyph, selected_color, size), QIcon.Mode.Selected)
    return icon


def _glyph_pixmap(glyph: str, color: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(int(size * 0.8))
    painter.setFont(font)
    painter.setPen(QColor(color))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return pixmap


class FieldError(QLabel):
    """A red message under a form field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class PlaceholderPage(QWidget):
    """A friendly page for an area that is still being built."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._source = text
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(objectName="placeholderTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.label.setObjectName("placeholderText")
        layout.addWidget(self.title)
        layout.addWidget(self.label)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sắp có"))
        self.label.setText(QCoreApplication.translate("Pages", self._source))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
