"""Manual order entry (phone, Zalo, walk-in): every field checked by the core, errors shown in place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gianhang_desktop.core.errors import GianHangError
from gianhang_desktop.core.orders.views import ItemDraft, OrderDraft, OrderView
from gianhang_desktop.core.phone import format_phone, new_number
from gianhang_desktop.core.regions import provinces, wards_of
from gianhang_desktop.gui.tasks import Job, show_error


class ManualOrderDialog(QDialog):
    """Enter an order by hand; ``submit(draft)`` starts the save as a job (gui/tasks.Job) whose
    result is the core's (OrderView, Changes) and whose failures are the core's errors."""

    def __init__(self, submit: Callable[[OrderDraft], Job], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thêm đơn hàng"))
        self.setMinimumWidth(560)
        self._submit = submit
        self.created: OrderView | None = None

        self.channel = QComboBox()
        for value, text in (("phone", self.tr("Điện thoại")), ("zalo", self.tr("Zalo")),
                            ("manual", self.tr("Tại quầy"))):
            self.channel.addItem(text, value)
        self.buyer = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("0912 345 678")
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("Số nhà, đường, thôn/xóm"))
        self.province = QComboBox()
        self.province.setEditable(True)
        self.province.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.province.addItem("", None)
        for region in provinces():
            self.province.addItem(region.name, region.code)
        self.ward = QComboBox()
        self.ward.setEditable(True)
        self.ward.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.province.currentIndexChanged.connect(self._fill_wards)

        self.items = QTableWidget(1, 3)
        self.items.setHorizontalHeaderLabels([self.tr("Mã SKU"), self.tr("Số lượng"),
                                              self.tr("Đơn giá (trống = giá bán)")])
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.items.setItem(0, 1, QTableWidgetItem("1"))
        add_line = QPushButton(self.tr("Thêm dòng"))
        add_line.clicked.connect(self._add_line)
        remove_line = QPushButton(self.tr("Xóa dòng"))
        remove_line.clicked.connect(self._remove_line)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(add_line)
        line_buttons.addWidget(remove_line)
        line_buttons.addStretch()

        self.shipping_fee = QLineEdit("0")
        self.cod = QLineEdit()
        self.cod.setPlaceholderText(self.tr("Trống = tiền hàng + phí vận chuyển; 0 = không thu"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Ví dụ: Cho xem hàng, không cho thử"))

        form = QFormLayout()
        form.addRow(self.tr("Kênh bán"), self.channel)
        form.addRow(self.tr("Người mua"), self.buyer)
        # An old 11-digit mobile number (0168 …) is offered its 2018 replacement in one click.
        self.new_number = QPushButton()
        self.new_number.setVisible(False)
        self.new_number.clicked.connect(self._use_new_number)
        self.phone.textChanged.connect(self._offer_new_number)
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.phone, 1)
        phone_row.addWidget(self.new_number)
        form.addRow(self.tr("Điện thoại"), phone_row)
        form.addRow(self.tr("Địa chỉ"), self.address)
        form.addRow(self.tr("Tỉnh/thành"), self.province)
        form.addRow(self.tr("Phường/xã"), self.ward)
        form.addRow(self.tr("Sản phẩm"), self.items)
        form.addRow("", line_buttons)
        form.addRow(self.tr("Phí vận chuyển"), self.shipping_fee)
        form.addRow(self.tr("Thu hộ (COD)"), self.cod)
        form.addRow(self.tr("Ghi chú"), self.note)

        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu đơn"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fields = {"buyer_name": self.buyer, "phone": self.phone, "address_line": self.address,
                        "province_code": self.province, "ward_code": self.ward,
                        "items": self.items, "shipping_fee": self.shipping_fee,
                        "cod_amount": self.cod, "note": self.note, "channel": self.channel}

    @classmethod
    def ask(cls, parent: QWidget | None, submit: Callable[[OrderDraft], Job]) -> OrderView | None:
        """Show the dialog; the order created, or None if cancelled. Tests replace this."""
        dialog = cls(submit, parent)
        return dialog.created if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _fill_wards(self) -> None:
        self.ward.clear()
        self.ward.addItem("", None)
        code = self.province.currentData()
        if code is not None:
            for region in wards_of(code):
                self.ward.addItem(region.name, region.code)

    def _add_line(self) -> None:
        self.items.insertRow(self.items.rowCount())
        self.items.setItem(self.items.rowCount() - 1, 1, QTableWidgetItem("1"))

    def _remove_line(self) -> None:
        row = self.items.currentRow()
        if row >= 0 and self.items.rowCount() > 1:
            self.items.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.items.item(row, column)
        return item.text().strip() if item else ""

    def draft(self) -> OrderDraft:
        lines = []
        for row in range(self.items.rowCount()):
            sku = self._cell(row, 0)
            if sku:
                lines.append(ItemDraft(sku, self._cell(row, 1), self._cell(row, 2) or None))
        return OrderDraft(
            buyer_name=self.buyer.text(), phone=self.phone.text(), address_line=self.address.text(),
            province_code=self.province.currentData(), ward_code=self.ward.currentData(),
            items=tuple(lines), shipping_fee=self.shipping_fee.text() or 0,
            cod_amount=self.cod.text() or None, note=self.note.text(),
            channel=self.channel.currentData())

    def _offer_new_number(self, text: str) -> None:
        suggestion = new_number(text)
        self.new_number.setVisible(suggestion is not None)
        if suggestion is not None:
            self.new_number.setText(self.tr("Dùng số mới {number}").format(number=format_phone(suggestion)))
            self.new_number.setProperty("number", suggestion)

    def _use_new_number(self) -> None:
        number = self.new_number.property("number")
        if number:
            self.phone.setText(format_phone(number))
            self.error.setText("")

    def save(self) -> None:
        """Start saving; the dialog closes when the order is saved, or names the field refused."""
        self.error.setText("")
        job = self._submit(self.draft())
        job.succeeded.connect(self._saved)
        job.failed.connect(self._refused)

    def _saved(self, result) -> None:
        self.created = result.value
        self.accept()

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, GianHangError):
            show_error(self, error)
            return
        self.show_error(error.message(), getattr(error, "field", None))

    def show_error(self, text: str, field: str | None) -> None:
        self.error.setText(text)
        key = (field or "").split("[")[0].split(".")[0]
        widget = self._fields.get(key)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if widget is self.items and field and "[" in field:
                row = int(field.split("[")[1].split("]")[0]) - 1
                self.items.setCurrentCell(max(0, row), 0)
