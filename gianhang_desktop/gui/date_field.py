"""The one date field of the window: type dd/mm/yyyy (or d/m/yyyy, ddmmyyyy) or pick from a calendar.

* Typing is read by the core's date reader (core/dates.py), so the window accepts what the
  command line accepts; the text is shown back as dd/mm/yyyy once the field is left.
* The calendar opens on the field's date, or today (the shop's date) when it is empty, and is
  sized to show the whole month (six rows of weeks).
* An impossible date (31/02/2027) is refused in place: red frame and a message under the field;
  the typed text stays so the clerk can fix it. `date()` raises ValidationError while the text is
  bad, so no save can read "no date" from a field holding a date the clerk typed.
* Optional fields may be left empty (no date); a required one says so.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import clock
from ..core.dates import EARLIEST, LATEST, format_date, parse_typed_date
from ..core.errors import ValidationError
from ..core.i18n import current_language, msg
from .widgets import FieldError


class DateField(QWidget):
    """A date typed or picked; `date()` is the value (None when empty and optional)."""

    date_changed = Signal(object)
    """A valid date (or None) was committed: the field was left, Enter pressed, or a day picked."""
    error_changed = Signal(str)
    """The explanation under the field changed ("" when the date is fine again)."""

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True, field: str = "date",
                 earliest: date = EARLIEST, latest: date = LATEST):
        super().__init__(parent)
        self.optional, self.field = optional, field
        self.earliest, self.latest = earliest, latest
        self._committed: date | None = None
        self._error = ""
        self._forwarding = False
        self.popup: CalendarPopup | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.editor = QLineEdit(maxLength=20)
        self.editor.setObjectName("dateFieldEditor")
        self.editor.setPlaceholderText("dd/mm/yyyy")
        self.editor.installEventFilter(self)
        self.button = QToolButton()
        self.button.setIcon(calendar_icon())
        self.button.setObjectName("dateFieldButton")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        row.addWidget(self.editor, 1)
        row.addWidget(self.button)
        column.addLayout(row)
        self.message = FieldError()
        column.addWidget(self.message)
        self.setFocusProxy(self.editor)
        self.editor.editingFinished.connect(self.commit)
        self.editor.textEdited.connect(self._typing)
        self.button.clicked.connect(self.open_calendar)
        self.retranslate()
        if not optional:
            self.set_date(clock.today())

    # Value ----------------------------------------------------------------------------------------
    def date(self) -> date | None:
        """The date in the field; None when empty and optional.

        Raises ValidationError (naming `field`) when the text is not a real date, or when a
        required field is empty, and shows the reason under the field.
        """
        try:
            value = parse_typed_date(self.field, self.editor.text(), earliest=self.earliest, latest=self.latest)
        except ValidationError as error:
            self._show_error(error.message(current_language()))
            raise
        if value is None and not self.optional:
            error = ValidationError(self.field, msg("Chưa nhập ngày", "A date is required"))
            self._show_error(error.message(current_language()))
            raise error
        self._show_error("")
        return value

    def set_date(self, value: date | None) -> None:
        """Show `value` (None: empty) without announcing it."""
        self.editor.setText(format_date(value))
        self._committed = value
        self._show_error("")

    def setDate(self, value: date | QDate | None) -> None:  # noqa: N802 - QDateEdit's name, for familiarity
        """`set_date` taking a QDate too (an invalid QDate: no date)."""
        if isinstance(value, QDate):
            value = value.toPython() if value.isValid() else None
        self.set_date(value)

    def committed_date(self) -> date | None:
        """The last date the field announced (for filters: kept while a new text is being fixed)."""
        return self._committed

    def is_valid(self) -> bool:
        """True when the text is a date (or empty and optional); shows the reason otherwise."""
        try:
            self.date()
        except ValidationError:
            return False
        return True

    def error_text(self) -> str:
        return self._error

    def text(self) -> str:
        return self.editor.text()

    def commit(self) -> None:
        """Read the text: a good date is shown as dd/mm/yyyy and announced; a bad one is explained."""
        try:
            value = self.date()
        except ValidationError:
            return
        self.editor.setText(format_date(value))
        if value != self._committed:
            self._committed = value
            self.date_changed.emit(value)

    def _typing(self, _text: str) -> None:
        if self._error:
            self._show_error("")  # the clerk is fixing it: no red while typing

    def _show_error(self, text: str) -> None:
        changed = text != self._error
        self._error = text
        self.message.show_message(text)
        self.editor.setProperty("invalid", bool(text))
        self.editor.setToolTip(text)
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)
        if changed:
            self.error_changed.emit(text)

    # Calendar -------------------------------------------------------------------------------------
    def open_calendar(self) -> None:
        """Show the month of the field's date (today's when empty or unreadable) under the field."""
        try:
            current = parse_typed_date(self.field, self.editor.text(), earliest=self.earliest, latest=self.latest)
        except ValidationError:
            current = None
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        self.popup.show_for(self, current or clock.today(), self.earliest, self.latest)

    def _picked(self, value: date) -> None:
        self.editor.setText(format_date(value))
        self.commit()
        self.editor.setFocus()

    # Keys sent to the field itself (not to its text box) are typed into the text box, so the
    # field behaves as one input for the keyboard, a scanner and tests alike.
    def keyPressEvent(self, event) -> None:
        if not self._forward(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if not self._forward(event):
            super().keyReleaseEvent(event)

    def inputMethodEvent(self, event) -> None:  # Unikey/EVKey composition
        if not self._forward(event):
            super().inputMethodEvent(event)

    def _forward(self, event) -> bool:
        """Give `event` to the text box once; False when it comes back up unused (e.g. Enter), so
        that it goes on to the dialog as usual."""
        if self._forwarding:
            return False
        self._forwarding = True
        try:
            self.editor.setFocus()
            QApplication.sendEvent(self.editor, event)
        finally:
            self._forwarding = False
        return True

    def eventFilter(self, watched, event) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.KeyPress:
            opens = (event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down
                                                       and event.modifiers() & Qt.KeyboardModifier.AltModifier))
            if opens:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.button.setToolTip(self.tr("Chọn ngày trên lịch (F4)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class CalendarPopup(QFrame):
    """A month calendar in a popup window, sized so every week of the month shows."""

    picked = Signal(object)
    """The clerk chose this day (a `date`)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("dateFieldCalendar")
        self.calendar.setGridVisible(False)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        # The window's table style (padding, rounded frame) must not squeeze the calendar's grid.
        self.calendar.setStyleSheet("QTableView { border: none; padding: 0; }")
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._choose)
        self.calendar.activated.connect(self._choose)

    def view(self) -> QTableView:
        return self.calendar.findChild(QTableView)

    def show_for(self, field: QWidget, day: date, earliest: date = EARLIEST, latest: date = LATEST) -> None:
        """Open under `field` (above it when there is no room below) on `day`'s month."""
        self.calendar.setDateRange(_qdate(earliest), _qdate(latest))
        day = min(max(day, earliest), latest)
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.ensurePolished()
        self.calendar.ensurePolished()
        self.adjustSize()
        size = self.sizeHint().expandedTo(self.minimumSizeHint())
        size.setHeight(max(size.height(), self.calendar.sizeHint().height() + 4))
        size.setWidth(max(size.width(), self.calendar.sizeHint().width() + 4))
        self.resize(size)
        anchor = field.mapToGlobal(QPoint(0, field.height()))
        screen = QGuiApplication.screenAt(anchor) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        if area is not None:
            if anchor.y() + size.height() > area.bottom():
                anchor.setY(field.mapToGlobal(QPoint(0, 0)).y() - size.height())
            anchor.setX(max(area.left(), min(anchor.x(), area.right() - size.width())))
            anchor.setY(max(area.top(), anchor.y()))
        self.move(anchor)
        self.show()
        self.calendar.setFocus()

    def _choose(self, value: QDate) -> None:
        self.hide()
        self.picked.emit(date(value.year(), value.month(), value.day()))

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel):
            self.hide()
            return
        super().keyPressEvent(event)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def calendar_icon(size: int = 32) -> QIcon:
    """A small calendar drawn in code (no emoji or image file needed on any PC)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor("#3b4a5a")
    unit = size / 16
    painter.setPen(QPen(ink, unit))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 12 * unit), unit, unit)
    painter.fillRect(QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 3 * unit), ink)
    for row in range(2):
        for column in range(3):
            painter.fillRect(QRectF((3.5 + 3.5 * column) * unit, (7.5 + 3 * row) * unit, 2 * unit, 2 * unit), ink)
    painter.end()
    return QIcon(pixmap)
