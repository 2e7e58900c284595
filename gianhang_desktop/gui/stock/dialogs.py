"""Receive, adjust and transfer dialogs: scan or type the product, then quantity, lot and expiry."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import service as catalog
from ...core.catalog.views import ProductView
from ...core.errors import Conflict, ValidationError
from ...core.i18n import current_language
from ...core.stock import service as stock
from ...core.stock.sellable import is_expired
from ...core.stock.service import MAX_QUANTITY
from ..context import AppContext
from ..date_field import DateField
from ..scanner import ScanField, notice_vietnamese_typing
from ..tasks import show_error
from ..widgets import Confirm, FieldError, fmt_int

KINDS = ("receive", "adjust", "transfer")


def open_stock_dialog(ctx: AppContext, kind: str, product_id: int | None, parent: QWidget | None) -> StockDialog:
    """Open the `kind` dialog ("receive", "adjust", "transfer"), filled with the product if given."""
    dialog = StockDialog(ctx, kind, parent)
    if product_id is not None:
        dialog.load_product(product_id)
    dialog.open()
    return dialog


class StockDialog(QDialog):
    """One dialog for the three stock movements; the rows shown depend on `kind`."""

    posted = Signal(object)
    """The movement was saved; the argument is what the service returned."""
    product_changed = Signal(object)
    """The dialog now works on this ProductView (after a scan or a typed code)."""

    def __init__(self, ctx: AppContext, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        assert kind in KINDS
        self.ctx, self.kind = ctx, kind
        self.product: ProductView | None = None
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setVerticalSpacing(6)
        layout.addLayout(form)
        self.errors: dict[str, FieldError] = {}
        self.code = ScanField()
        self.code.setPlaceholderText(QCoreApplication.translate("StockDialog", "Quét mã vạch hoặc gõ SKU rồi nhấn Enter"))
        self.code.code_entered.connect(self.code_entered)
        self.product_label = QLabel(wordWrap=True)
        self.product_label.setObjectName("pageSubtitle")
        form.addRow(QCoreApplication.translate("StockDialog", "Sản phẩm"), self._with_error("product", self.code))
        form.addRow("", self.product_label)
        self.quantity = QSpinBox(minimum=-MAX_QUANTITY if kind == "adjust" else 0, maximum=MAX_QUANTITY)
        self.quantity.setGroupSeparatorShown(True)
        self.warehouse = QComboBox()
        self.target = QComboBox()
        self.lot = QLineEdit(maxLength=64)
        # Dates only where goods come in (lot, expiry and harvest date of the receipt).
        self.expiry = DateField(field="expiry") if kind == "receive" else None
        self.harvest = DateField(field="harvest") if kind == "receive" else None
        self.allow_expired = QCheckBox(QCoreApplication.translate(
            "StockDialog", "Hàng đã hết hạn: chỉ ghi nhận để hủy (không bao giờ được bán)"))
        self.allow_expired.hide()  # offered once the clerk is told the goods have expired
        self.reason = QLineEdit(maxLength=255)
        quantity_label = {"receive": QCoreApplication.translate("StockDialog", "Số lượng nhập"), "adjust": QCoreApplication.translate("StockDialog", "Số lượng (+ thêm, − bớt)"),
                          "transfer": QCoreApplication.translate("StockDialog", "Số lượng chuyển")}[kind]
        form.addRow(quantity_label, self._with_error("quantity", self.quantity))
        form.addRow(QCoreApplication.translate("StockDialog", "Từ kho") if kind == "transfer" else QCoreApplication.translate("StockDialog", "Kho"), self._with_error("warehouse", self.warehouse))
        if kind == "transfer":
            form.addRow(QCoreApplication.translate("StockDialog", "Đến kho"), self._with_error("to", self.target))
        form.addRow(QCoreApplication.translate("StockDialog", "Lô"), self._with_error("lot", self.lot))
        if kind == "receive":
            self.expiry.setObjectName("expiryField")
            self.harvest.setObjectName("harvestField")
            self.expiry.date_changed.connect(self._expiry_changed)
            form.addRow(QCoreApplication.translate("StockDialog", "Hạn sử dụng"), self._with_error("expiry", self.expiry))
            form.addRow("", self.allow_expired)
            form.addRow(QCoreApplication.translate("StockDialog", "Ngày thu hoạch"), self._with_error("harvest", self.harvest))
            self.lot.setPlaceholderText(QCoreApplication.translate("StockDialog", "để trống: tự đặt theo hạn sử dụng"))
        else:
            self.lot.setPlaceholderText(QCoreApplication.translate("StockDialog", "để trống: lô hết hạn sớm nhất trước"))
        form.addRow(QCoreApplication.translate("StockDialog", "Lý do") if kind == "adjust" else QCoreApplication.translate("StockDialog", "Ghi chú"), self._with_error("reason", self.reason))
        for alias in ("delta", "from"):
            self.errors[alias] = self.errors["quantity" if alias == "delta" else "warehouse"]
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(QCoreApplication.translate("StockDialog", "Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QCoreApplication.translate("StockDialog", "Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setAutoDefault(False)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setWindowTitle({"receive": QCoreApplication.translate("StockDialog", "Nhập kho"), "adjust": QCoreApplication.translate("StockDialog", "Điều chỉnh tồn kho"),
                             "transfer": QCoreApplication.translate("StockDialog", "Chuyển kho")}[kind])
        db = ctx.db
        ctx.tasks.read(lambda _progress, _cancel: stock.warehouses(db), parent=self,
                       name="warehouses").succeeded.connect(self._set_warehouses)
        self.code.setFocus()

    def _with_error(self, field: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[field] = FieldError()
        column.addWidget(self.errors[field])
        return box

    def _set_warehouses(self, rows: list[tuple[str, str]]) -> None:
        for combo in (self.warehouse, self.target):
            combo.clear()
            for code, name in rows:
                combo.addItem(name, code)
        if len(rows) > 1:
            self.target.setCurrentIndex(1)

    # Scanning ----------------------------------------------------------------------------------
    def code_entered(self, code: str) -> None:
        """A scan (or a typed code + Enter): fill the product; the same product again adds one."""
        if not code:
            return
        from ...core.catalog.scan import lookup_scan, normalize_scan

        if self.product is not None and normalize_scan(code) in (self.product.barcode, self.product.sku):
            self.quantity.setValue(self.quantity.value() + 1)
            self.code.selectAll()
            return
        db = self.ctx.db
        job = self.ctx.tasks.read(lambda _progress, _cancel: lookup_scan(db, code), parent=self, name="find code")
        job.succeeded.connect(lambda m: self._scanned(code, m))

    def _scanned(self, code: str, match) -> None:
        notice_vietnamese_typing(self.ctx, self, code, match)
        if match is not None and self.product is not None and match.product.id == self.product.id:
            self.quantity.setValue(self.quantity.value() + 1)  # the same product in another code form
            self.code.selectAll()
            return
        self._found(code, match.product if match else None)

    def _found(self, code: str, product: ProductView | None) -> None:
        if product is None:
            self.errors["product"].show_message(QCoreApplication.translate("StockDialog", "Không có sản phẩm với mã {code}").format(code=code))
            if Confirm.ask(self, QCoreApplication.translate("StockDialog", "Mã chưa có"),
                       QCoreApplication.translate("StockDialog", "Chưa có sản phẩm nào với mã {code}.\nTạo sản phẩm mới với mã này?").format(code=code)):
                self._create_product(code)
            return
        first = self.product is None or self.product.id != product.id
        self.set_product(product)
        if first and self.kind == "receive":
            self.quantity.setValue(1)
        self.code.selectAll()

    def _create_product(self, code: str) -> None:
        from ...core.catalog.scan import new_product_prefill
        from ..products.editor import ProductEditor

        editor = ProductEditor(self.ctx, None, new_product_prefill(code), self)
        editor.saved.connect(self.load_product)
        editor.open()

    def load_product(self, product_id: int) -> None:
        """Read the product off the GUI thread, then work on it (`product_changed`)."""
        db = self.ctx.db
        job = self.ctx.tasks.read(lambda _progress, _cancel: catalog.get_product_by_id(db, product_id), parent=self,
                                  name="product")
        job.succeeded.connect(self.set_product)

    def set_product(self, product: ProductView) -> None:
        self.product = product
        self.errors["product"].show_message("")
        self.code.setText(product.barcode or product.sku)
        self.product_label.setText(QCoreApplication.translate("StockDialog", "{sku} · {name} · tồn {qty} {unit}").format(
            sku=product.sku, name=product.name, qty=fmt_int(product.on_hand), unit=product.unit))
        self.product_changed.emit(product)

    def _expiry_changed(self, value) -> None:
        """Say at once when the typed expiry has passed (the shop's today), and offer the write-off way."""
        expired = value is not None and is_expired(value)
        self.allow_expired.setVisible(expired or self.allow_expired.isChecked())
        self.errors["expiry"].show_message(QCoreApplication.translate(
            "StockDialog", "Hạn sử dụng đã qua: hàng hết hạn không được nhập để bán.") if expired else "")

    # Saving ------------------------------------------------------------------------------------
    def submit(self) -> None:
        for error in self.errors.values():
            error.show_message("")
        if self.product is None:
            self.errors["product"].show_message(QCoreApplication.translate("StockDialog", "Hãy quét hoặc nhập mã sản phẩm"))
            self.code.setFocus()
            return
        db, sku = self.ctx.db, self.product.sku
        lot = self.lot.text().strip() or None
        quantity, reason, warehouse = self.quantity.value(), self.reason.text(), self.warehouse.currentData()
        if self.kind == "receive":
            try:  # a typed date that is not a real one is explained under its field: never saved as "none"
                expiry, harvest = self.expiry.date(), self.harvest.date()
            except ValidationError as error:
                getattr(self, error.field).setFocus()
                return
            allow_expired = self.allow_expired.isChecked()

            def post(_progress, _cancel):
                return stock.receive_stock(db, sku, quantity, warehouse=warehouse, lot=lot, expiry=expiry,
                                           harvest=harvest, reason=reason, allow_expired=allow_expired)
        elif self.kind == "adjust":
            def post(_progress, _cancel):
                return stock.adjust_stock(db, sku, quantity, reason=reason, warehouse=warehouse, lot=lot)
        else:
            target = self.target.currentData()

            def post(_progress, _cancel):
                return stock.transfer_stock(db, sku, quantity, source=warehouse, target=target, lot=lot, reason=reason)
        job = self.ctx.tasks.write(post, parent=self, label=QCoreApplication.translate("StockDialog", "Đang lưu…"),
                                   name=f"stock {self.kind}")
        job.succeeded.connect(self._posted)
        job.failed.connect(self._failed)

    def _posted(self, result) -> None:
        self.posted.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        field = getattr(error, "field", None)
        if isinstance(error, stock.ExpiredReceipt):
            self.allow_expired.show()  # the one way on: say these goods are recorded for a write-off
        if isinstance(error, ValidationError | Conflict) and field in self.errors:
            self.errors[field].show_message(error.message(current_language()))
        else:
            show_error(self, error)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() is not self.code:
            self.submit()
            return
        super().keyPressEvent(event)
