"""Sổ quỹ: money in and out of the drawer and the bank over a period, with each day's opening and
closing balance; a voucher written by hand (phiếu thu / phiếu chi)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.cashbook import service
from ...core.money import format_vnd
from ..context import AppContext
from ..customers.page import data_table, fill
from ..date_field import DateField
from ..tasks import error_text
from ..widgets import FieldError, fmt_date

FUNDS = (None, "cash", "bank")


class CashBookPage(QWidget):
    """The period's vouchers (left), the days' balances and a new voucher (right)."""

    ready = Signal()
    """The first period is on screen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.book = None
        self._job = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        self.title = QLabel(objectName="pageTitle")
        layout.addWidget(self.title)
        bar = QHBoxLayout()
        self.start, self.end = DateField(optional=False, field="from"), DateField(optional=False, field="to")
        today = clock.today()
        self.start.set_date(today.replace(day=1))
        self.end.set_date(today)
        self.fund = QComboBox()
        self.fund.addItems(["", "", ""])
        self.from_label, self.to_label = QLabel(), QLabel()
        self.show_button = QPushButton()
        self.show_button.clicked.connect(self.refresh)
        self.fund.currentIndexChanged.connect(self.refresh)
        for widget in (self.from_label, self.start, self.to_label, self.end, self.fund, self.show_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.totals = QLabel(objectName="sectionTitle")
        self.error = FieldError()
        layout.addWidget(self.totals)
        layout.addWidget(self.error)
        split = QSplitter()
        self.entries = data_table(6, 4)
        split.addWidget(self.entries)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(8, 0, 0, 0)
        self.days = data_table(5)
        box.addWidget(self.days, 1)
        box.addWidget(self._voucher_form())
        split.addWidget(right)
        split.setSizes([640, 480])
        layout.addWidget(split, 1)
        ctx.changes.connect(lambda changes: (changes.cashbook or changes.reset) and self.refresh())
        self.retranslate()
        self.refresh()

    def _voucher_form(self) -> QFrame:
        frame = QFrame(objectName="card")
        form = QFormLayout(frame)
        self.direction = QComboBox()
        self.direction.addItems(["", ""])
        self.direction.currentIndexChanged.connect(self._fill_categories)
        self.amount = QLineEdit()
        self.voucher_fund = QComboBox()
        self.voucher_fund.addItems(["", ""])
        self.category = QComboBox()
        self.reason = QLineEdit()
        self.reason.returnPressed.connect(self.add)
        self.add_button = QPushButton(objectName="primary")
        self.add_button.clicked.connect(self.add)
        self.form_error = FieldError()
        self.form_labels = [QLabel() for _ in range(5)]
        for label, widget in zip(self.form_labels, (self.direction, self.amount, self.voucher_fund, self.category,
                                                    self.reason), strict=True):
            form.addRow(label, widget)
        form.addRow(self.form_error)
        form.addRow(self.add_button)
        return frame

    def _fill_categories(self) -> None:
        direction = ("in", "out")[max(0, self.direction.currentIndex())]
        self.category.clear()
        for key, (way, _vi, _en) in service.CATEGORIES.items():
            if way == direction and key not in ("sale", "order", "debt_payment", "refund"):
                self.category.addItem(service.category_label(key), key)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sổ quỹ"))
        self.from_label.setText(self.tr("Từ"))
        self.to_label.setText(self.tr("Đến"))
        for i, text in enumerate((self.tr("Cả hai quỹ"), self.tr("Tiền mặt"), self.tr("Ngân hàng"))):
            self.fund.setItemText(i, text)
        self.show_button.setText(self.tr("Xem"))
        self.entries.setHorizontalHeaderLabels([self.tr("Ngày"), self.tr("Phiếu"), self.tr("Quỹ"), self.tr("Loại"),
                                                self.tr("Lý do"), self.tr("Số tiền")])
        self.days.setHorizontalHeaderLabels([self.tr("Ngày"), self.tr("Đầu ngày"), self.tr("Thu"), self.tr("Chi"),
                                             self.tr("Cuối ngày")])
        self.direction.setItemText(0, self.tr("Phiếu thu"))
        self.direction.setItemText(1, self.tr("Phiếu chi"))
        self.voucher_fund.setItemText(0, self.tr("Tiền mặt"))
        self.voucher_fund.setItemText(1, self.tr("Ngân hàng"))
        for label, text in zip(self.form_labels, (self.tr("Loại phiếu"), self.tr("Số tiền"), self.tr("Quỹ"),
                                                  self.tr("Khoản mục"), self.tr("Lý do")), strict=True):
            label.setText(text)
        self.add_button.setText(self.tr("Lập phiếu"))
        self._fill_categories()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        db, start, end, fund = self.ctx.db, self.start.date(), self.end.date(), FUNDS[self.fund.currentIndex()]
        self.error.show_message("")
        job = self.ctx.tasks.read(lambda _p, _c: service.cash_book(db, start, end, fund=fund), parent=self,
                                  name="cashbook")
        job.succeeded.connect(lambda book, j=job: self._show(book) if j is self._job else None)
        job.failed.connect(lambda error: self.error.show_message(error_text(error)))
        self._job = job  # only the latest period is shown

    def _show(self, book) -> None:
        first = self.book is None
        self.book = book
        self.totals.setText(self.tr("Đầu kỳ {a} · Thu {b} · Chi {c} · Cuối kỳ {d}").format(
            a=format_vnd(book.opening), b=format_vnd(book.money_in), c=format_vnd(book.money_out),
            d=format_vnd(book.closing)))
        funds = {"cash": self.tr("Tiền mặt"), "bank": self.tr("Ngân hàng")}
        fill(self.entries, [[fmt_date(e.day), e.code, funds.get(e.fund, e.fund), e.category_label, e.reason,
                             ("+" if e.direction == "in" else "−") + format_vnd(e.amount)]
                            for e in reversed(book.entries)], 5)
        fill(self.days, [[fmt_date(d.day), format_vnd(d.opening), format_vnd(d.money_in), format_vnd(d.money_out),
                          format_vnd(d.closing)] for d in reversed(book.days)], 1)
        if first:
            QTimer.singleShot(0, self, self.ready.emit)

    def add(self) -> None:
        db = self.ctx.db
        direction = ("in", "out")[self.direction.currentIndex()]
        amount, reason = self.amount.text(), self.reason.text()
        fund = ("cash", "bank")[self.voucher_fund.currentIndex()]
        category = self.category.currentData()
        self.form_error.show_message("")
        job = self.ctx.tasks.write(lambda _p, _c: service.add_entry(db, direction, amount, reason=reason, fund=fund,
                                                                    category=category), parent=self)
        job.succeeded.connect(lambda _r: (self.amount.clear(), self.reason.clear()))
        job.failed.connect(lambda error: self.form_error.show_message(error_text(error)))
