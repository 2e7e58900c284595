"""Bán tại quầy: a bill rung up with a USB scanner and the keyboard alone.

Keys: F2 scan or search, F3 customer's phone, F4 bill discount, F6 cash handed over, F7 the rest
by bank transfer (VietQR), F9 pay, F10 a return, +/− and Delete on the selected line, Esc back to
the scan box. A scan anywhere on the page lands in the cart (gui/scanner.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.counter import printing, service
from ...core.counter.cart import SaleDraft, discount_amount
from ...core.counter.scan import CartItem, find_items, scan_item
from ...core.errors import ValidationError
from ...core.money import format_vnd, parse_vnd
from ..context import AppContext
from ..scanner import ScanDetector, ScanField, notice_vietnamese_typing
from ..tasks import error_text, show_error
from ..widgets import FieldError, fmt_int
from .cart import CartModel
from .dialogs import ReturnDialog, VietQrDialog

PAPERS = ("80", "58", "a5")


class CounterPage(QWidget):
    """The counter sale screen: cart on the left, customer, discount and payment on the right."""

    ready = Signal()
    """The page is built and listening for scans."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.cart = CartModel(self)
        self.last_sale = None
        root = QHBoxLayout(self)
        root.setContentsMargins(20, 16, 20, 12)
        root.setSpacing(16)
        root.addLayout(self._build_cart(), 3)
        root.addWidget(self._build_payment(), 0)
        self.cart.changed.connect(self._update_totals)
        self.scanner = ScanDetector(self)
        self.scanner.watch(self, self.table, self.phone, self.discount, self.cash, self.transfer)
        self.scanner.scanned.connect(self._scanned_elsewhere)
        self._shortcuts()
        self.retranslate()
        self._update_totals()
        QTimer.singleShot(0, self, self.ready.emit)

    # --- building ---------------------------------------------------------------------------
    def _build_cart(self) -> QVBoxLayout:
        left = QVBoxLayout()
        self.title = QLabel(objectName="pageTitle")
        left.addWidget(self.title)
        self.scan = ScanField(objectName="searchBox")
        self.scan.setClearButtonEnabled(True)
        self.scan.code_entered.connect(self.add_code)
        self.scan.installEventFilter(self)
        left.addWidget(self.scan)
        self.scan_error = FieldError()
        left.addWidget(self.scan_error)
        self.results = QListWidget()
        self.results.setMaximumHeight(180)
        self.results.hide()
        self.results.itemActivated.connect(self._pick_result)
        left.addWidget(self.results)
        self.table = QTableView()
        self.table.setModel(self.cart)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.installEventFilter(self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        left.addWidget(self.table, 1)
        self.keys = QLabel(wordWrap=True, objectName="pageSubtitle")
        left.addWidget(self.keys)
        return left

    def _build_payment(self) -> QFrame:
        panel = QFrame(objectName="card")
        panel.setFixedWidth(360)
        box = QVBoxLayout(panel)
        box.setContentsMargins(16, 12, 16, 12)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.phone = QLineEdit(placeholderText="0912 345 678")
        self.phone.textChanged.connect(self._update_totals)
        self.discount = QLineEdit(placeholderText="0 / 10%")
        self.discount.textChanged.connect(self._update_totals)
        self.cash = QLineEdit()
        self.cash.textChanged.connect(self._update_totals)
        self.transfer = QLineEdit()
        self.transfer.textChanged.connect(self._update_totals)
        self.labels = {key: QLabel() for key in ("phone", "discount", "subtotal", "bill_discount", "total", "cash",
                                                  "transfer", "change")}
        self.subtotal_value, self.bill_discount_value = QLabel("0 ₫"), QLabel("0 ₫")
        self.total_value = QLabel("0 ₫", objectName="cardValue")
        self.change_value = QLabel("0 ₫", objectName="sectionTitle")
        for label in (self.subtotal_value, self.bill_discount_value, self.total_value, self.change_value):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.labels["phone"], self.phone)
        form.addRow(self.labels["discount"], self.discount)
        form.addRow(self.labels["subtotal"], self.subtotal_value)
        form.addRow(self.labels["bill_discount"], self.bill_discount_value)
        form.addRow(self.labels["total"], self.total_value)
        form.addRow(self.labels["cash"], self.cash)
        form.addRow(self.labels["transfer"], self.transfer)
        form.addRow(self.labels["change"], self.change_value)
        box.addLayout(form)
        self.pay_error = FieldError()
        box.addWidget(self.pay_error)
        printing_row = QHBoxLayout()
        self.print_receipt = QCheckBox(checked=True)
        self.paper = QComboBox()
        self.paper.addItems(["80 mm", "58 mm", "A5"])
        printing_row.addWidget(self.print_receipt, 1)
        printing_row.addWidget(self.paper)
        box.addLayout(printing_row)
        self.pay_button = QPushButton(objectName="primary", minimumHeight=44)
        self.pay_button.clicked.connect(self.pay)
        box.addWidget(self.pay_button)
        self.return_button = QPushButton()
        self.return_button.clicked.connect(self.open_return)
        box.addWidget(self.return_button)
        self.status = QLabel(wordWrap=True)
        box.addWidget(self.status)
        box.addStretch(1)
        return panel

    def _shortcuts(self) -> None:
        def key(sequence, slot) -> None:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        key("F2", lambda: (self.scan.setFocus(), self.scan.selectAll()))
        key("F3", lambda: (self.phone.setFocus(), self.phone.selectAll()))
        key("F4", lambda: (self.discount.setFocus(), self.discount.selectAll()))
        key("F6", lambda: (self.cash.setFocus(), self.cash.selectAll()))
        key("F7", self.rest_by_transfer)
        key("F9", self.pay)
        key("F10", self.open_return)
        key("Esc", lambda: (self.results.hide(), self.scan.setFocus()))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Bán tại quầy"))
        self.scan.setPlaceholderText(self.tr("Quét mã vạch, hoặc gõ mã / tên hàng rồi Enter (F2)"))
        self.keys.setText(self.tr("F2 quét/tìm · F3 khách hàng · F4 chiết khấu · F6 tiền mặt · F7 chuyển khoản "
                                  "phần còn lại · F9 thanh toán · F10 trả hàng · +/− số lượng · Delete xóa dòng"))
        for key, text in (("phone", self.tr("Khách (SĐT, F3)")), ("discount", self.tr("Chiết khấu (F4)")),
                          ("subtotal", self.tr("Tổng tiền hàng")), ("bill_discount", self.tr("Chiết khấu")),
                          ("total", self.tr("Khách phải trả")), ("cash", self.tr("Tiền mặt (F6)")),
                          ("transfer", self.tr("Chuyển khoản (F7)")), ("change", self.tr("Tiền thừa"))):
            self.labels[key].setText(text)
        self.print_receipt.setText(self.tr("In hóa đơn"))
        self.pay_button.setText(self.tr("Thanh toán (F9)"))
        self.return_button.setText(self.tr("Khách trả hàng (F10)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def page_shown(self) -> None:
        self.scan.setFocus()

    # --- the cart ---------------------------------------------------------------------------
    def add_code(self, text: str) -> None:
        """A scan or Enter in the scan box: the product by its code, else a search by name."""
        text = text.strip()
        if not text:
            if self.cart.lines:
                self.cash.setFocus()
            return
        db = self.ctx.db
        job = self.ctx.tasks.read(lambda _p, _c: scan_item(db, text) or find_items(db, text), parent=self,
                                  name="counter-scan")
        job.succeeded.connect(lambda found: self._found(text, found))

    def _scanned_elsewhere(self, code: str) -> None:
        """A scan while another box had the focus: its characters went into that box; take them
        out again (the money or the phone typed there stays as it was) and ring the item up."""
        for field in (self.phone, self.discount, self.cash, self.transfer):
            if field.hasFocus() and field.text().endswith(code):
                field.setText(field.text()[:-len(code)])
        self.add_code(code)

    def _found(self, text: str, found) -> None:
        self.scan.clear()
        self.scan_error.show_message("")
        if isinstance(found, CartItem):
            notice_vietnamese_typing(self.ctx, self, text, _Typing(found))
            self._add(found)
            return
        if not found:
            self.scan_error.show_message(self.tr("Không tìm thấy hàng có mã hoặc tên '{text}'").format(text=text))
            return
        if len(found) == 1:
            self._add(found[0])
            return
        self.results.clear()
        for item in found:
            entry = QListWidgetItem(f"{item.sku} — {item.name} — {format_vnd(item.price)} — "
                                    + self.tr("còn {n}").format(n=fmt_int(item.sellable)))
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.results.addItem(entry)
        self.results.setCurrentRow(0)
        self.results.show()
        self.results.setFocus()

    def _pick_result(self, entry: QListWidgetItem) -> None:
        self.results.hide()
        self._add(entry.data(Qt.ItemDataRole.UserRole))
        self.scan.setFocus()

    def _add(self, item: CartItem) -> None:
        if item.status != "active":
            self.scan_error.show_message(self.tr("{sku} đã ngừng bán").format(sku=item.sku))
            return
        row = self.cart.add(item)
        self.table.selectRow(row)
        line = self.cart.lines[row]
        if line.quantity > item.sellable:
            self.scan_error.show_message(self.tr("{sku}: chỉ còn bán được {n} (lô hết hạn không tính)").format(
                sku=item.sku, n=fmt_int(item.sellable)))
        self.scan.setFocus()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            row = self.table.currentIndex().row()
            key = event.key()
            if watched is self.scan and key == Qt.Key.Key_Down and self.results.isVisible():
                self.results.setFocus()
                return True
            if watched in (self.scan, self.table) and row >= 0 and not (watched is self.scan and self.scan.text()):
                if key in (Qt.Key.Key_Plus,):
                    self.cart.bump(row, 1)
                    return True
                if key in (Qt.Key.Key_Minus,):
                    self.cart.bump(row, -1)
                    return True
                if key == Qt.Key.Key_Delete:
                    self.cart.remove(row)
                    return True
                if watched is self.scan and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                    self.table.selectRow(max(0, min(len(self.cart.lines) - 1, row + (1 if key == Qt.Key.Key_Down else -1))))
                    return True
        return super().eventFilter(watched, event)

    # --- money ------------------------------------------------------------------------------
    def _amount(self, field: QLineEdit, name: str) -> int:
        text = field.text().strip()
        return parse_vnd(text, name) if text else 0

    def totals(self) -> tuple[int, int, int]:
        """(goods, bill discount, to pay) as the core will count them; raises ValidationError."""
        subtotal = self.cart.subtotal()
        discount = discount_amount(self.discount.text().strip() or 0, subtotal)
        return subtotal, discount, subtotal - discount

    def _update_totals(self) -> None:
        self.pay_error.show_message("")
        try:
            subtotal, discount, total = self.totals()
            paid = self._amount(self.cash, "cash") + self._amount(self.transfer, "transfer")
        except ValidationError as error:
            self.pay_error.show_message(error_text(error))
            return
        self.subtotal_value.setText(format_vnd(subtotal))
        self.bill_discount_value.setText(format_vnd(discount))
        self.total_value.setText(format_vnd(total))
        self.change_value.setText(format_vnd(max(0, paid - total)))
        self.pay_button.setEnabled(bool(self.cart.lines))

    def rest_by_transfer(self) -> None:
        """F7: whatever cash does not cover is paid by bank transfer (shown as a VietQR)."""
        try:
            _s, _d, total = self.totals()
            cash = self._amount(self.cash, "cash")
        except ValidationError as error:
            self.pay_error.show_message(error_text(error))
            return
        self.transfer.setText(str(max(0, total - cash)))
        self.transfer.setFocus()

    def draft(self) -> SaleDraft:
        """The bill as the core's `sell` takes it. With a transfer, the sale waits for it (VietQR)."""
        transfer = self._amount(self.transfer, "transfer")
        return SaleDraft(items=self.cart.drafts(), discount=self.discount.text().strip() or 0,
                         cash=self._amount(self.cash, "cash"), transfer=transfer, customer_phone=self.phone.text(),
                         await_transfer=transfer > 0)

    def pay(self) -> None:
        if not self.cart.lines:
            return
        try:
            _s, _d, total = self.totals()
            draft = self.draft()
            if not draft.cash and not draft.transfer and not self.phone.text().strip():
                draft = replace(draft, cash=total)  # exact cash: the usual case
        except ValidationError as error:
            self.pay_error.show_message(error_text(error))
            return
        db = self.ctx.db
        self.pay_button.setEnabled(False)
        job = self.ctx.tasks.write(lambda _p, _c: service.sell(db, draft), parent=self,
                                   label=self.tr("Đang lưu hóa đơn…"))
        job.succeeded.connect(lambda changed: self._sold(changed.value))
        job.failed.connect(self._refused)
        job.ended.connect(lambda: self.pay_button.setEnabled(bool(self.cart.lines)))

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError) or getattr(error, "field", None):
            self.pay_error.show_message(error_text(error))
        else:
            show_error(self, error)

    def _sold(self, sale) -> None:
        self.last_sale = sale
        self.cart.clear()
        for field in (self.phone, self.discount, self.cash, self.transfer):
            field.clear()
        self.status.setText(self.tr("Đã lưu {code}: {total}, tiền thừa {change}").format(
            code=sale.code, total=format_vnd(sale.total), change=format_vnd(sale.change_due)))
        if sale.status == "awaiting_payment":
            VietQrDialog.ask(self.ctx, self, sale.code, on_done=lambda paid: self._after_transfer(sale, paid))
        elif self.print_receipt.isChecked():
            self.print(sale.code)
        self.scan.setFocus()

    def _after_transfer(self, sale, paid: bool) -> None:
        if paid and self.print_receipt.isChecked():
            self.print(sale.code)
        if not paid:
            self.status.setText(self.tr("Đã hủy hóa đơn {code}").format(code=sale.code))

    def print(self, code: str) -> None:
        """The receipt as a PDF sized to the roll, opened in the system's viewer to print."""
        db, paper = self.ctx.db, PAPERS[self.paper.currentIndex()]
        out = Path(self.ctx.data_dir) / "receipts" / f"{code}.pdf"
        job = self.ctx.tasks.read(lambda _p, _c: printing.write_receipt(db, code, out, paper), parent=self,
                                  name="receipt")
        job.succeeded.connect(self.open_file)

    def open_file(self, path: Path) -> None:
        """Seam for tests: hand the file to the system (its viewer prints it)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_return(self) -> None:
        ReturnDialog.ask(self.ctx, self, self.last_sale.code if self.last_sale else "")


class _Typing:
    """What `notice_vietnamese_typing` reads of a match: the code and whether a keyboard changed it."""

    def __init__(self, item: CartItem):
        self.code = item.code
        self.vietnamese_typing = item.keyboard is not None

