"""“Đối soát COD”: the orders delivered with cash on delivery against what each carrier remitted,
differences in red, not yet remitted in yellow; exported to .xlsx."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gianhang_desktop.core import clock
from gianhang_desktop.core.i18n import current_language
from gianhang_desktop.core.money import format_vnd
from gianhang_desktop.core.shipping import cod
from gianhang_desktop.gui.date_field import DateField
from gianhang_desktop.gui.tasks import error_text

COLORS = {cod.CodState.DIFFERENT: QColor("#f8cbad"), cod.CodState.NOT_REMITTED: QColor("#fff2cc")}


class CodDialog(QDialog):
    report_shown = Signal()
    """The report for the chosen dates is in the table."""
    exported = Signal(str)
    """The report was written to this .xlsx file."""

    def __init__(self, db, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._tasks = db, tasks
        self.report: cod.CodReport | None = None
        self._asked: tuple = ()
        self.setWindowTitle(self.tr("Đối soát COD"))
        self.resize(1000, 560)
        self.date_from = DateField(optional=False, field="from")
        self.date_to = DateField(optional=False, field="to")
        today = clock.today()
        self.date_from.set_date(today - timedelta(days=30))
        self.date_to.set_date(today)
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(150)
            edit.date_changed.connect(self.load)
        top = QHBoxLayout()
        top.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(QLabel(self.tr("Giao từ ngày")))
        top.addWidget(self.date_from)
        top.addWidget(QLabel(self.tr("đến")))
        top.addWidget(self.date_to)
        top.addStretch()
        export = QPushButton(self.tr("Xuất Excel…"))
        export.clicked.connect(self.export)
        top.addWidget(export)
        headers = [self.tr("Mã đơn"), self.tr("Hãng"), self.tr("Mã vận đơn"), self.tr("Ngày giao"),
                   self.tr("Tiền thu hộ"), self.tr("Hãng đã chuyển"), self.tr("Chênh lệch"), self.tr("Tình trạng")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.totals = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self.load()

    def load(self) -> None:
        start, end = self.date_from.committed_date(), self.date_to.committed_date()
        if start is None or end is None:  # a date being fixed: its field says what is wrong
            return
        db = self._db
        self._asked = asked = (start, end)
        job = self._tasks.read(lambda _p, _c: cod.cod_report(db, start, end), parent=self)
        # Only the answer for the dates shown now: an earlier, slower answer never overwrites it.
        job.succeeded.connect(lambda report: self._show(report) if self._asked == asked else None)
        job.failed.connect(lambda error: self.totals.setText(error_text(error)))

    def _show(self, report: cod.CodReport) -> None:
        self.report = report
        en = current_language() == "en"
        self.table.setRowCount(len(report.rows))
        for row, r in enumerate(report.rows):
            cells = [r.order_code, r.carrier, r.tracking_code, r.delivered_on.strftime("%d/%m/%Y") if r.delivered_on else "",
                     format_vnd(r.cod_amount), format_vnd(r.cod_remitted) if r.cod_remitted is not None else "—",
                     format_vnd(r.difference) if r.difference is not None else "—",
                     cod.STATE_LABELS[r.state][1 if en else 0]]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 4 <= col <= 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r.state in COLORS and col >= 5:
                    item.setBackground(QBrush(COLORS[r.state]))
                self.table.setItem(row, col, item)
        t = report.totals
        self.totals.setText(self.tr("Thu hộ %1 · hãng đã chuyển %2 · %3 đơn lệch · %4 đơn chưa đối soát")
                            .replace("%1", format_vnd(t["cod_amount"])).replace("%2", format_vnd(t["cod_remitted"]))
                            .replace("%3", str(t["different"])).replace("%4", str(t["not_remitted"])))
        self.report_shown.emit()

    def ask_save_path(self) -> str:
        """A save-file dialog; tests replace this."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Xuất đối soát COD"), "doi-soat-cod.xlsx", "Excel (*.xlsx)")
        return path

    def export(self) -> None:
        if self.report is None:
            return
        path, report = self.ask_save_path(), self.report
        if not path:
            return
        lang = current_language()
        job = self._tasks.read(lambda _p, _c: cod.export_cod_report(report, path, lang), parent=self)
        job.succeeded.connect(lambda _count: self.exported.emit(path))
        job.failed.connect(lambda error: self.totals.setText(error_text(error)))
