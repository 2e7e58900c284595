"""Khách hàng: customers keyed by phone with what they bought and owe; a debt payment in two keys;
import and export of the list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.customers import io, service
from ...core.money import format_vnd
from ...core.phone import format_phone
from ..context import AppContext
from ..tasks import error_text
from ..widgets import FieldError, fmt_date, fmt_datetime, fmt_int


def data_table(columns: int, stretch: int | None = None) -> QTableWidget:
    """A read-only table of rows; column `stretch` takes the spare width (default: the last)."""
    table = QTableWidget(0, columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        table.horizontalHeader().setStretchLastSection(True)
    else:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill(table: QTableWidget, rows: list[list[str]], numeric_from: int) -> None:
    """Put `rows` of text in `table`, right-aligning the columns from `numeric_from` on."""
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class CustomersPage(QWidget):
    """The customer list on the left, the chosen customer's history and debts on the right."""

    ready = Signal()
    """The list is on screen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list = []
        self.detail = None
        self._wanted = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        self.title = QLabel(objectName="pageTitle")
        layout.addWidget(self.title)
        bar = QHBoxLayout()
        self.search = QLineEdit(objectName="searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.owing = QCheckBox()
        self.owing.toggled.connect(self.refresh)
        self.order = QComboBox()
        self.order.addItems(["", "", "", ""])
        self.order.currentIndexChanged.connect(self.refresh)
        self.import_button, self.export_button = QPushButton(), QPushButton()
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        bar.addWidget(self.search, 1)
        for widget in (self.owing, self.order, self.import_button, self.export_button):
            bar.addWidget(widget)
        layout.addLayout(bar)
        self.message = QLabel(wordWrap=True)
        layout.addWidget(self.message)
        split = QSplitter()
        self.list = data_table(5, 1)
        self.list.itemSelectionChanged.connect(self._chosen)
        split.addWidget(self.list)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(8, 0, 0, 0)
        self.name = QLabel(objectName="sectionTitle", wordWrap=True)
        self.summary = QLabel(wordWrap=True)
        pay = QHBoxLayout()
        self.amount = QLineEdit()
        self.amount.returnPressed.connect(self.pay)
        self.fund = QComboBox()
        self.fund.addItems(["", ""])
        self.pay_button = QPushButton(objectName="primary")
        self.pay_button.clicked.connect(self.pay)
        pay.addWidget(self.amount, 1)
        pay.addWidget(self.fund)
        pay.addWidget(self.pay_button)
        self.pay_error = FieldError()
        self.tabs = QTabWidget()
        self.history, self.debts = data_table(5, 1), data_table(5, 2)
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(self.debts, "")
        for widget in (self.name, self.summary):
            box.addWidget(widget)
        box.addLayout(pay)
        box.addWidget(self.pay_error)
        box.addWidget(self.tabs, 1)
        split.addWidget(right)
        split.setSizes([560, 560])
        layout.addWidget(split, 1)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.refresh)
        ctx.changes.connect(self._changed)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Khách hàng và công nợ"))
        self.search.setPlaceholderText(self.tr("Tìm theo tên hoặc số điện thoại"))
        self.owing.setText(self.tr("Chỉ khách đang nợ"))
        for i, text in enumerate((self.tr("Theo tên"), self.tr("Nợ nhiều nhất"), self.tr("Mua nhiều nhất"),
                                  self.tr("Mua gần đây"))):
            self.order.setItemText(i, text)
        self.import_button.setText(self.tr("Nhập từ Excel…"))
        self.export_button.setText(self.tr("Xuất Excel…"))
        self.list.setHorizontalHeaderLabels([self.tr("Số điện thoại"), self.tr("Tên"), self.tr("Số lần mua"),
                                             self.tr("Tổng mua"), self.tr("Đang nợ")])
        self.amount.setPlaceholderText(self.tr("Số tiền khách trả nợ"))
        self.fund.setItemText(0, self.tr("Tiền mặt"))
        self.fund.setItemText(1, self.tr("Chuyển khoản"))
        self.pay_button.setText(self.tr("Thu nợ"))
        self.tabs.setTabText(0, self.tr("Lịch sử mua"))
        self.tabs.setTabText(1, self.tr("Công nợ"))
        self.history.setHorizontalHeaderLabels([self.tr("Thời gian"), self.tr("Chứng từ"), self.tr("Trạng thái"),
                                                self.tr("Số tiền"), self.tr("Còn nợ")])
        self.debts.setHorizontalHeaderLabels([self.tr("Ngày"), self.tr("Chứng từ"), self.tr("Ghi chú"),
                                              self.tr("Phát sinh"), self.tr("Dư nợ")])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _changed(self, changes) -> None:
        if changes.customers or changes.sales or changes.reset:
            self.refresh()

    def refresh(self) -> None:
        db, text, owing = self.ctx.db, self.search.text(), self.owing.isChecked()
        order = ("name", "debt", "spent", "recent")[self.order.currentIndex()]
        job = self.ctx.tasks.read(lambda _p, _c: service.list_customers(db, text, owing=owing, order=order, limit=2000),
                                  parent=self, name="customers")
        job.succeeded.connect(self._show)

    def _show(self, rows) -> None:
        first = not hasattr(self, "_shown")
        self._shown = True
        chosen = self.detail.row.phone if self.detail else None
        self.rows = rows
        self.list.blockSignals(True)
        fill(self.list, [[format_phone(r.phone), r.name, fmt_int(r.purchases), format_vnd(r.spent),
                          format_vnd(r.debt)] for r in rows], 2)
        self.list.blockSignals(False)
        for i, row in enumerate(rows):
            if row.phone == chosen:
                self.list.selectRow(i)
        if chosen:
            self._load(chosen)
        if first and rows and not chosen:
            self.list.selectRow(0)
        if first:
            QTimer.singleShot(0, self, self.ready.emit)

    def _chosen(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.rows):
            self._load(self.rows[row].phone)

    def _load(self, phone: str) -> None:
        db = self.ctx.db
        self._wanted = phone
        job = self.ctx.tasks.read(lambda _p, _c: service.customer_detail(db, phone), parent=self, name="customer")
        # a slower answer for a customer chosen before must not replace the one chosen last
        job.succeeded.connect(lambda detail: self._show_detail(detail) if detail.row.phone == self._wanted else None)

    def _show_detail(self, detail) -> None:
        self.detail = detail
        r = detail.row
        self.name.setText(f"{r.name or self.tr('(chưa có tên)')} — {format_phone(r.phone)}")
        self.summary.setText(self.tr("Đã mua {n} lần, {spent}. Đang nợ {debt}.").format(
            n=fmt_int(r.purchases), spent=format_vnd(r.spent), debt=format_vnd(r.debt)))
        fill(self.history, [[fmt_datetime(h.at), h.code, h.status, format_vnd(h.amount),
                             format_vnd(h.debt) if h.debt else ""] for h in detail.history], 3)
        fill(self.debts, [[fmt_date(d.day), d.reference, d.note, format_vnd(d.amount), format_vnd(d.balance)]
                          for d in detail.debts], 3)
        self.pay_button.setEnabled(r.debt > 0)

    def pay(self) -> None:
        if self.detail is None:
            return
        db, phone, amount = self.ctx.db, self.detail.row.phone, self.amount.text()
        fund = ("cash", "bank")[self.fund.currentIndex()]
        self.pay_error.show_message("")
        job = self.ctx.tasks.write(lambda _p, _c: service.pay_debt(db, phone, amount, fund=fund), parent=self)
        job.succeeded.connect(lambda _r: self.amount.clear())
        job.failed.connect(lambda error: self.pay_error.show_message(error_text(error)))

    def ask_file(self, save: bool) -> str:
        """Seam for tests: the spreadsheet to read or write."""
        if save:
            return QFileDialog.getSaveFileName(self, self.tr("Xuất khách hàng"), "khach-hang.xlsx",
                                               "Excel (*.xlsx);;CSV (*.csv)")[0]
        return QFileDialog.getOpenFileName(self, self.tr("Nhập khách hàng"), "",
                                           "Excel, CSV (*.xlsx *.xlsm *.xls *.csv)")[0]

    def import_file(self) -> None:
        path = self.ask_file(False)
        if not path:
            return
        db = self.ctx.db
        job = self.ctx.tasks.write(lambda _p, _c: io.import_customers(db, path), parent=self,
                                   label=self.tr("Đang nhập khách hàng…"))
        job.succeeded.connect(self._imported)
        job.failed.connect(lambda error: self.message.setText(error_text(error)))

    def _imported(self, report) -> None:
        lines = [self.tr("Đã nhập {rows} dòng: {new} mới, {upd} cập nhật, {bad} lỗi").format(
            rows=report.rows, new=report.created, upd=report.updated, bad=len(report.errors))]
        lines += [self.tr("Dòng {row}: {text}").format(row=issue.row, text=issue.message.text())
                  for issue in (report.errors + report.notes)[:8]]
        self.message.setText("\n".join(lines))

    def export_file(self) -> None:
        path = self.ask_file(True)
        if not path:
            return
        db = self.ctx.db
        job = self.ctx.tasks.read(lambda _p, _c: io.export_customers(db, path), parent=self, name="customers-export")
        job.succeeded.connect(lambda n: self.message.setText(
            self.tr("Đã xuất {n} khách hàng vào {path}").format(n=n, path=path)))
        job.failed.connect(lambda error: self.message.setText(error_text(error)))
