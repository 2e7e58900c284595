"""Báo cáo: end of day, revenue and gross profit, stock in-out-balance, stock health, top sellers;
each as a chart over its tables, read in the background, exported to .xlsx or PDF."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.reports import end_of_day, profit, stock_flow, stock_health
from ...core.reports.export import cell_text, export_report
from ...core.reports.tables import ReportDocument
from ..context import AppContext
from ..date_field import DateField
from ..tasks import error_text
from ..widgets import FieldError
from .charts import BarChart, chart_data

KINDS = ("eod", "profit", "stock_flow", "health", "top")
GROUPS = ("product", "category", "channel", "customer", "staff", "day", "week", "month")


def load_report(db, kind: str, start: date | None, end: date | None, by: str, progress=None, cancel=None):
    """The report of `kind` for the period, as the core builds it (runs off the GUI thread)."""
    if kind == "eod":
        return end_of_day.end_of_day(db, end)
    if kind == "profit":
        return profit.profit_report(db, start, end, by=by)
    if kind == "stock_flow":
        return stock_flow.stock_flow(db, start, end, progress=progress, cancel=cancel)
    if kind == "health":
        return stock_health.stock_health(db)
    return profit.top(db, start, end, by=by if by in ("product", "customer", "category", "channel") else "product")


class ReportsPage(QWidget):
    """One report at a time: what and when at the top, a chart, then its tables."""

    ready = Signal()
    """The first report is on screen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.report = None
        self.document: ReportDocument | None = None
        self._job = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        self.title = QLabel(objectName="pageTitle")
        layout.addWidget(self.title)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItems([""] * len(KINDS))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.start, self.end = DateField(optional=False, field="from"), DateField(optional=False, field="to")
        today = clock.today()
        self.start.set_date(today.replace(day=1))
        self.end.set_date(today)
        self.group = QComboBox()
        self.group.addItems([""] * len(GROUPS))
        self.from_label, self.to_label, self.group_label = QLabel(), QLabel(), QLabel()
        self.show_button = QPushButton(objectName="primary")
        self.show_button.clicked.connect(self.refresh)
        self.xlsx_button, self.pdf_button = QPushButton(), QPushButton()
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        for widget in (self.kind, self.from_label, self.start, self.to_label, self.end, self.group_label, self.group,
                       self.show_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.pdf_button)
        layout.addLayout(bar)
        self.subtitle = QLabel(objectName="pageSubtitle")
        self.error = FieldError()
        layout.addWidget(self.subtitle)
        layout.addWidget(self.error)
        split = QSplitter(Qt.Orientation.Vertical)
        self.chart = BarChart()
        self.tables = QTabWidget()
        split.addWidget(self.chart)
        split.addWidget(self.tables)
        split.setSizes([260, 340])
        layout.addWidget(split, 1)
        self._refresh_timer = QTimer(self, singleShot=True, interval=500)
        self._refresh_timer.timeout.connect(self.refresh)
        ctx.changes.connect(self._changed)
        self.retranslate()
        self._kind_changed()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Báo cáo"))
        for i, text in enumerate((self.tr("Báo cáo cuối ngày"), self.tr("Doanh thu và lợi nhuận"),
                                  self.tr("Xuất - nhập - tồn"), self.tr("Tình trạng hàng tồn"),
                                  self.tr("Bán chạy nhất"))):
            self.kind.setItemText(i, text)
        for i, text in enumerate((self.tr("Sản phẩm"), self.tr("Danh mục"), self.tr("Kênh bán"), self.tr("Khách hàng"),
                                  self.tr("Nhân viên"), self.tr("Ngày"), self.tr("Tuần"), self.tr("Tháng"))):
            self.group.setItemText(i, text)
        self.from_label.setText(self.tr("Từ"))
        self.to_label.setText(self.tr("Đến"))
        self.group_label.setText(self.tr("Theo"))
        self.show_button.setText(self.tr("Xem"))
        self.xlsx_button.setText(self.tr("Xuất Excel"))
        self.pdf_button.setText(self.tr("Xuất PDF"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _kind_changed(self) -> None:
        kind = KINDS[self.kind.currentIndex()]
        self.start.setVisible(kind in ("profit", "stock_flow", "top"))
        self.from_label.setVisible(self.start.isVisible())
        self.end.setVisible(kind != "health")
        self.to_label.setVisible(kind != "health")
        self.group.setVisible(kind in ("profit", "top"))
        self.group_label.setVisible(self.group.isVisible())
        self.refresh()

    def _changed(self, changes) -> None:
        if changes.sales or changes.stock or changes.orders or changes.cashbook or changes.reset:
            self._refresh_timer.start()

    def select(self, kind: str, by: str | None = None) -> None:
        """Show report `kind` (one of KINDS), grouped `by` when it groups."""
        if by is not None:
            self.group.setCurrentIndex(GROUPS.index(by))
        if self.kind.currentIndex() == KINDS.index(kind):
            self.refresh()
        else:
            self.kind.setCurrentIndex(KINDS.index(kind))

    def refresh(self) -> None:
        if self._job is not None and self._job.running:
            self._job.cancel()
        kind, by = KINDS[self.kind.currentIndex()], GROUPS[self.group.currentIndex()]
        start, end = self.start.date(), self.end.date()
        db = self.ctx.db
        self.error.show_message("")
        job = self.ctx.tasks.read(lambda progress, cancel: load_report(db, kind, start, end, by, progress, cancel),
                                  parent=self, name="report", label=self.tr("Đang lập báo cáo…"))
        # Only the latest answer is shown: an earlier job still running when the clerk changed
        # the report finishes too, and must not overwrite it.
        job.succeeded.connect(lambda report, j=job: self._show(report) if j is self._job else None)
        job.failed.connect(lambda error, j=job: self.error.show_message(error_text(error)) if j is self._job else None)
        self._job = job

    def _show(self, report) -> None:
        first = self.report is None
        self.report, self.document = report, report.document()
        self.subtitle.setText(f"{self.document.title} — {self.document.subtitle}")
        self.chart.show_data(chart_data(report))
        self.tables.clear()
        for table in self.document.tables:
            self.tables.addTab(self._grid(table), table.title)
        if first:
            QTimer.singleShot(0, self, self.ready.emit)

    @staticmethod
    def _grid(table) -> QTableWidget:
        rows = list(table.rows) + ([table.total] if table.total else [])
        grid = QTableWidget(len(rows), len(table.columns))
        grid.setHorizontalHeaderLabels([c.header for c in table.columns])
        grid.verticalHeader().hide()
        grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        grid.setAlternatingRowColors(True)
        numeric = [c.kind in ("money", "int", "percent") for c in table.columns]
        for r, row in enumerate(rows):
            for c, (value, column) in enumerate(zip(row, table.columns, strict=False)):
                item = QTableWidgetItem(cell_text(value, column.kind))
                if numeric[c]:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if table.total and r == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                grid.setItem(r, c, item)
        header = grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if len(table.columns) > 1:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return grid

    def ask_file(self, suffix: str) -> str:
        """Seam for tests: where to save the export."""
        name = (self.document.title if self.document else "bao-cao") + suffix
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu báo cáo"), name,
                                              "Excel (*.xlsx)" if suffix == ".xlsx" else "PDF (*.pdf)")
        return path

    def export(self, suffix: str) -> None:
        document = self.document
        if document is None:
            return
        path = self.ask_file(suffix)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        job = self.ctx.tasks.read(lambda _p, _c: export_report(document, path), parent=self, name="report-export",
                                  label=self.tr("Đang xuất báo cáo…"))
        job.succeeded.connect(lambda saved: self.subtitle.setText(self.tr("Đã lưu {path}").format(path=saved)))
        job.failed.connect(lambda error: self.error.show_message(error_text(error)))
