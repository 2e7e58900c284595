"""Cài đặt → the account customers transfer to (VietQR): the bank, the account number, the holder."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from ...core.payments.banks import BANKS
from ...core.shop import get_shop, update_shop
from ..context import AppContext
from ..tasks import error_text
from ..widgets import FieldError


class BankAccountPanel(QWidget):
    """Set once: the VietQR on the counter screen and on receipts pays into this account."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        form = QFormLayout(self)
        self.bank = QComboBox()
        self.bank.setEditable(True)  # type to find a bank among the NAPAS members
        self.bank.addItem("", "")
        for bank in BANKS:
            self.bank.addItem(f"{bank.short_name} — {bank.name}", bank.bin)
        self.account, self.holder = QLineEdit(), QLineEdit()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.error, self.saved = FieldError(), QLabel()
        self.labels = [QLabel(), QLabel(), QLabel()]
        for label, widget in zip(self.labels, (self.bank, self.account, self.holder), strict=True):
            form.addRow(label, widget)
        form.addRow(self.error)
        form.addRow(self.saved, self.save_button)
        self.retranslate()
        db = ctx.db
        ctx.tasks.read(lambda _p, _c: get_shop(db), parent=self, name="shop-bank").succeeded.connect(self._show)

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (self.tr("Ngân hàng"), self.tr("Số tài khoản"),
                                             self.tr("Chủ tài khoản")), strict=True):
            label.setText(text)
        self.holder.setPlaceholderText(self.tr("Như ngân hàng in, ví dụ HTX NONG SAN THANH HA"))
        self.save_button.setText(self.tr("Lưu tài khoản"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show(self, shop) -> None:
        index = self.bank.findData(shop.bank_bin)
        self.bank.setCurrentIndex(max(0, index))
        self.account.setText(shop.bank_account)
        self.holder.setText(shop.bank_account_name)
        self.loaded = True

    def save(self) -> None:
        """Checked by the core (the BIN is a NAPAS member, the account's digits); errors shown here."""
        db = self.ctx.db
        fields = {"bank_bin": self.bank.currentData() or "", "bank_account": self.account.text(),
                  "bank_account_name": self.holder.text()}
        self.error.show_message("")
        job = self.ctx.tasks.write(lambda _p, _c: update_shop(db, **fields), parent=self, name="shop-bank")
        job.succeeded.connect(lambda _r: self.saved.setText(self.tr("Đã lưu")))
        job.failed.connect(lambda error: self.error.show_message(error_text(error)))
