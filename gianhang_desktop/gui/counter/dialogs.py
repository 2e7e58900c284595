"""The counter's dialogs: the VietQR a customer scans (marked paid with one key), and a return."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.counter import returns, service
from ...core.money import format_vnd
from ...core.payments import qr_image
from ...core.payments import service as payments
from ..context import AppContext
from ..tasks import error_text
from ..widgets import FieldError, fmt_int


class VietQrDialog(QDialog):
    """The shop's VietQR for a bill awaiting its transfer: Enter when the money has arrived marks
    it paid; "Hủy hóa đơn" cancels the bill and puts its goods back."""

    def __init__(self, ctx: AppContext, parent: QWidget, code: str, on_done: Callable[[bool], None] | None = None):
        super().__init__(parent)
        self.ctx, self.code, self.on_done = ctx, code, on_done
        self.setWindowTitle(self.tr("Chuyển khoản VietQR — {code}").format(code=code))
        layout = QVBoxLayout(self)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(300, 300)
        self.amount = QLabel(objectName="cardValue", alignment=Qt.AlignmentFlag.AlignCenter)
        self.bank = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.error = FieldError()
        layout.addWidget(self.picture)
        layout.addWidget(self.amount)
        layout.addWidget(self.bank)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.paid_button = buttons.addButton(self.tr("Đã nhận tiền (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.paid_button.setObjectName("primary")
        self.paid_button.setDefault(True)
        self.cancel_button = buttons.addButton(self.tr("Hủy hóa đơn"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = buttons.addButton(self.tr("Để sau"), QDialogButtonBox.ButtonRole.RejectRole)
        self.paid_button.clicked.connect(self.mark_paid)
        self.cancel_button.clicked.connect(self.cancel_sale)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.payload = ""
        db = ctx.db
        job = ctx.tasks.read(lambda _p, _c: _qr(db, code), parent=self, name="vietqr")
        job.succeeded.connect(self._show)
        job.failed.connect(lambda error: self.error.show_message(error_text(error)))

    @classmethod
    def ask(cls, ctx: AppContext, parent: QWidget, code: str, on_done=None) -> VietQrDialog:
        dialog = cls(ctx, parent, code, on_done)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _show(self, found) -> None:
        qr, png = found
        self.payload = qr.payload
        picture = QPixmap()
        picture.loadFromData(png)
        self.picture.setPixmap(picture)
        self.amount.setText(format_vnd(qr.amount))
        self.bank.setText(self.tr("{bank} · {account} · {holder}\nNội dung: {code}").format(
            bank=qr.account.bank.short_name if qr.account.bank else qr.account.bin, account=qr.account.account, holder=qr.account.holder, code=qr.code))

    def mark_paid(self) -> None:
        db, code = self.ctx.db, self.code
        job = self.ctx.tasks.write(lambda _p, _c: payments.mark_paid(db, code), parent=self)
        job.succeeded.connect(lambda _r: self._finish(True))
        job.failed.connect(lambda error: self.error.show_message(error_text(error)))

    def cancel_sale(self) -> None:
        db, code = self.ctx.db, self.code
        job = self.ctx.tasks.write(lambda _p, _c: service.cancel_awaiting(db, code), parent=self)
        job.succeeded.connect(lambda _r: self._finish(False))
        job.failed.connect(lambda error: self.error.show_message(error_text(error)))

    def _finish(self, paid: bool) -> None:
        if self.on_done is not None:
            self.on_done(paid)
        self.accept()


def _qr(db, code: str):
    qr = payments.transfer_qr(db, code)
    return qr, qr_image.qr_png(qr.payload, scale=7)


class ReturnDialog(QDialog):
    """Goods brought back: the bill by its code, how many of each line come back, the refund."""

    def __init__(self, ctx: AppContext, parent: QWidget, code: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.sale = None
        self.setWindowTitle(self.tr("Khách trả hàng"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.code = QLineEdit(code, placeholderText=self.tr("Số hóa đơn, ví dụ HD-261130-0001"))
        self.code.returnPressed.connect(self.load)
        find = QPushButton(self.tr("Tìm"))
        find.clicked.connect(self.load)
        row.addWidget(self.code, 1)
        row.addWidget(find)
        layout.addLayout(row)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Mã"), self.tr("Tên hàng"), self.tr("Còn trả được"),
                                              self.tr("Trả lại")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Nhận trả và hoàn tiền"))
        buttons.accepted.connect(self.take_back)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if code:
            self.load()

    @classmethod
    def ask(cls, ctx: AppContext, parent: QWidget, code: str = "") -> ReturnDialog:
        dialog = cls(ctx, parent, code)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def load(self) -> None:
        db, code = self.ctx.db, self.code.text()
        job = self.ctx.tasks.read(lambda _p, _c: service.get_sale(db, code), parent=self, name="return-sale")
        job.succeeded.connect(self._show)
        job.failed.connect(lambda error: self.error.show_message(error_text(error)))

    def _show(self, sale) -> None:
        self.sale = sale
        self.error.show_message("")
        self.table.setRowCount(len(sale.lines))
        for r, line in enumerate(sale.lines):
            left = line.quantity - line.returned
            for c, text in enumerate((line.sku, line.name, fmt_int(left))):
                self.table.setItem(r, c, QTableWidgetItem(text))
            spin = QSpinBox(maximum=left)
            self.table.setCellWidget(r, 3, spin)

    def wanted(self) -> list[tuple[str, int]]:
        if self.sale is None:
            return []
        return [(line.sku, self.table.cellWidget(r, 3).value()) for r, line in enumerate(self.sale.lines)
                if self.table.cellWidget(r, 3).value() > 0]

    def take_back(self) -> None:
        items = self.wanted()
        if not items:
            self.error.show_message(self.tr("Chọn số lượng hàng trả lại"))
            return
        db, code = self.ctx.db, self.sale.code
        job = self.ctx.tasks.write(lambda _p, _c: returns.return_sale(db, code, items), parent=self)
        job.succeeded.connect(lambda _r: self.accept())
        job.failed.connect(lambda error: self.error.show_message(error_text(error)))
