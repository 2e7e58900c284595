"""The product editor: every field of a product, messages beside the fields, Enter saves, Esc cancels."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import regions
from ...core.catalog import service as catalog
from ...core.catalog.conflicts import ProductEditConflict
from ...core.catalog.models import CERTIFICATION_KINDS
from ...core.catalog.validation import MAX_STOP_SELLING_DAYS, UNITS, validate_sku
from ...core.catalog.views import CertificationData, ProductView
from ...core.errors import Conflict, ValidationError
from ...core.i18n import current_language
from ...core.money import group_thousands
from ..context import AppContext
from ..date_field import DateField
from ..pages import EDITOR_TABS
from ..tasks import show_error
from ..widgets import Confirm, FieldError, fmt_date
from .regions import RegionCombo


def _money_text(value: int | None) -> str:
    return "" if value is None else group_thousands(value)


class ProductEditor(QDialog):
    """Add (product None) or edit a product; `saved(product_id)` after a successful save."""

    saved = Signal(int)
    """The product with this id was saved."""

    def __init__(self, ctx: AppContext, product: ProductView | None, prefill: dict[str, Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.product = product
        self.setObjectName("productEditor")
        self.setMinimumWidth(640)
        self.errors: dict[str, FieldError] = {}
        self.field_tab: dict[str, int] = {}
        self.widgets: dict[str, QWidget] = {}
        self._saving = False

        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)
        self.general = self._tab()
        self.packing = self._tab()
        self.certs_tab = QWidget()
        self.tabs.addTab(self.general[0], "")
        self.tabs.addTab(self.packing[0], "")
        self.tabs.addTab(self.certs_tab, "")
        self._build_fields()
        self._build_certifications()
        self._build_extra_tabs()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.retranslate()
        self._load(product, prefill or {})
        self._initial = self.values()
        self.widgets["name" if product else "sku"].setFocus()

    # Building ----------------------------------------------------------------------------------
    def _tab(self) -> tuple[QWidget, QFormLayout]:
        widget = QWidget()
        form = QFormLayout(widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        form.setContentsMargins(16, 16, 16, 16)
        return widget, form

    def _add(self, form_tab: tuple[QWidget, QFormLayout], field: str, widget: QWidget) -> None:
        form = form_tab[1]
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = FieldError()
        column.addWidget(error)
        label = QLabel()
        label.setBuddy(widget)
        form.addRow(label, box)
        self.widgets[field] = widget
        self.errors[field] = error
        self.field_tab[field] = self.tabs.indexOf(form_tab[0])
        setattr(self, f"label_{field}", label)

    def _build_fields(self) -> None:
        self.sku = QLineEdit(maxLength=64)
        self.sku.editingFinished.connect(self._check_sku)
        self.name = QLineEdit(maxLength=255)
        self.category = QComboBox(editable=True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit = QComboBox(editable=True)
        self.unit.addItems(list(UNITS))
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.price = QLineEdit()
        self.cost = QLineEdit()
        self.barcode = QLineEdit(maxLength=64)  # a scan may carry an AIM prefix or GS1 data
        self.status = QComboBox()
        self.low_stock_threshold = QSpinBox(maximum=1_000_000_000)
        self.stop_selling_days = QSpinBox(maximum=MAX_STOP_SELLING_DAYS)
        self.bin_location = QLineEdit(maxLength=40)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        for field in ("sku", "name", "category", "unit", "price", "cost", "barcode", "status",
                      "low_stock_threshold", "stop_selling_days", "bin_location", "description"):
            self._add(self.general, field, getattr(self, field))
        self.weight_g = QSpinBox(maximum=1_000_000)
        self.length_cm = QDoubleSpinBox(maximum=500, decimals=1)
        self.width_cm = QDoubleSpinBox(maximum=500, decimals=1)
        self.height_cm = QDoubleSpinBox(maximum=500, decimals=1)
        self.province_code = RegionCombo()
        self.ward_code = RegionCombo()
        self.ocop_stars = QComboBox()
        for field in ("weight_g", "length_cm", "width_cm", "height_cm", "province_code", "ward_code", "ocop_stars"):
            self._add(self.packing, field, getattr(self, field))
        self.province_code.region_changed.connect(self._province_changed)
        db = self.ctx.db
        self.ctx.tasks.read(lambda _progress, _cancel: catalog.categories(db), parent=self,
                            name="categories").succeeded.connect(self._set_categories)

    def _build_certifications(self) -> None:
        layout = QVBoxLayout(self.certs_tab)
        layout.setContentsMargins(16, 16, 16, 16)
        self.cert_table = QTableWidget(0, 4)
        self.cert_table.itemChanged.connect(self._cert_item_changed)
        self.cert_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.cert_table.verticalHeader().hide()
        layout.addWidget(self.cert_table)
        row = QHBoxLayout()
        self.add_cert = QPushButton()
        self.remove_cert = QPushButton()
        self.add_cert.setAutoDefault(False)
        self.remove_cert.setAutoDefault(False)
        self.add_cert.clicked.connect(lambda: self._add_cert_row(CertificationData("vietgap")))
        self.remove_cert.clicked.connect(lambda: self.cert_table.removeRow(self.cert_table.currentRow()))
        row.addWidget(self.add_cert)
        row.addWidget(self.remove_cert)
        row.addStretch(1)
        layout.addLayout(row)
        self.errors["certifications"] = FieldError()
        layout.addWidget(self.errors["certifications"])
        self.field_tab["certifications"] = self.tabs.indexOf(self.certs_tab)

    def _build_extra_tabs(self) -> None:
        """The other areas' tabs (pages.EDITOR_TABS: pictures, the store listing), built from the
        context and this product (None until it is saved)."""
        self.extra_tabs: dict[str, tuple[QWidget, str]] = {}
        for key, title, tab_factory in EDITOR_TABS:
            tab = tab_factory(self.ctx, self.product)
            self.tabs.addTab(tab, "")
            self.extra_tabs[key] = (tab, title)

    def _add_cert_row(self, cert: CertificationData) -> None:
        row = self.cert_table.rowCount()
        self.cert_table.insertRow(row)
        kind = QComboBox()
        for k in CERTIFICATION_KINDS:
            kind.addItem(self._kind_label(k), k)
        kind.setCurrentIndex(max(0, kind.findData(cert.kind)))
        self.cert_table.setCellWidget(row, 0, kind)
        self.cert_table.setItem(row, 1, QTableWidgetItem(cert.number))
        self.cert_table.setItem(row, 2, QTableWidgetItem(cert.issuer))
        # A certificate may have expired: any real date is accepted (1900–2100), typed or picked. The
        # cell's item keeps the field's text (and a text put in the item reaches the field).
        item = QTableWidgetItem(fmt_date(cert.expiry_date))
        self.cert_table.setItem(row, 3, item)
        expiry = DateField(field="certifications", earliest=date(1900, 1, 1))
        expiry.setObjectName("certExpiryField")
        expiry.set_date(cert.expiry_date)
        expiry.error_changed.connect(lambda _text: self.cert_table.resizeRowsToContents())
        expiry.editor.textChanged.connect(lambda text, i=item: i.text() != text and i.setText(text))
        self.cert_table.setCellWidget(row, 3, expiry)
        self.cert_table.resizeRowToContents(row)

    def _cert_item_changed(self, item: QTableWidgetItem) -> None:
        field = self.cert_table.cellWidget(item.row(), 3) if item.column() == 3 else None
        if isinstance(field, DateField) and field.text() != item.text():
            field.editor.setText(item.text())

    def _kind_label(self, kind: str) -> str:
        return {"vietgap": "VietGAP", "organic": self.tr("Hữu cơ"), "globalgap": "GlobalG.A.P.",
                "ocop": "OCOP", "other": self.tr("Khác")}.get(kind, kind)

    # Values ------------------------------------------------------------------------------------
    def _load(self, p: ProductView | None, prefill: dict[str, Any]) -> None:
        self.province_code.set_regions(regions.provinces(), self.tr("— Chưa chọn —"))
        self.ward_code.set_regions((), self.tr("— Chưa chọn —"))
        data: dict[str, Any] = {"unit": "hộp", "status": "active"}
        if p is not None:
            data.update({f: getattr(p, f) for f in ("sku", "name", "description", "category", "unit", "price", "cost",
                                                       "weight_g", "length_cm", "width_cm", "height_cm", "barcode",
                                                       "province_code", "ward_code", "ocop_stars", "status",
                                                       "low_stock_threshold", "bin_location", "stop_selling_days")})
        data.update(prefill)
        self.sku.setText(data.get("sku") or "")
        self.sku.setReadOnly(p is not None)
        self.name.setText(data.get("name") or "")
        self.category.setEditText(data.get("category") or "")
        self.unit.setCurrentText(data.get("unit") or "hộp")
        self.price.setText(_money_text(data.get("price")))
        self.cost.setText(_money_text(data.get("cost")))
        self.barcode.setText(data.get("barcode") or "")
        self.status.setCurrentIndex(max(0, self.status.findData(data.get("status") or "active")))
        self.low_stock_threshold.setValue(int(data.get("low_stock_threshold") or 0))
        self.stop_selling_days.setValue(int(data.get("stop_selling_days") or 0))
        self.bin_location.setText(data.get("bin_location") or "")
        self.description.setPlainText(data.get("description") or "")
        self.weight_g.setValue(int(data.get("weight_g") or 0))
        for f in ("length_cm", "width_cm", "height_cm"):
            getattr(self, f).setValue(float(data.get(f) or 0))
        self.province_code.set_code(data.get("province_code"))
        self._province_changed(data.get("province_code"))
        self.ward_code.set_code(data.get("ward_code"))
        self.ocop_stars.setCurrentIndex(max(0, self.ocop_stars.findData(data.get("ocop_stars"))))
        for cert in (p.certifications if p else ()):
            self._add_cert_row(cert)

    def _set_categories(self, names: list[str]) -> None:
        text = self.category.currentText()
        self.category.clear()
        self.category.addItems(names)
        self.category.setEditText(text)

    def _province_changed(self, code: int | None) -> None:
        self.ward_code.set_regions(regions.wards_of(code) if code else (), self.tr("— Chưa chọn —"))
        self.ward_code.setEnabled(code is not None)

    def values(self) -> dict[str, Any]:
        """What the form says, in the core's field names (text is validated by the core; a
        certificate's expiry is its typed text until `save` reads it as a date)."""
        certs = []
        for row in range(self.cert_table.rowCount()):
            kind = self.cert_table.cellWidget(row, 0).currentData()
            texts = [(self.cert_table.item(row, c).text() if self.cert_table.item(row, c) else "") for c in (1, 2)]
            certs.append({"kind": kind, "number": texts[0], "issuer": texts[1],
                          "expiry_date": self.cert_table.cellWidget(row, 3).text().strip() or None})
        return {
            "sku": self.sku.text(), "name": self.name.text(), "category": self.category.currentText(),
            "unit": self.unit.currentText(), "price": self.price.text(), "cost": self.cost.text() or None,
            "barcode": self.barcode.text() or None, "status": self.status.currentData(),
            "low_stock_threshold": self.low_stock_threshold.value(), "bin_location": self.bin_location.text(),
            "stop_selling_days": self.stop_selling_days.value(),
            "description": self.description.toPlainText(), "weight_g": self.weight_g.value() or None,
            "length_cm": self.length_cm.value() or None, "width_cm": self.width_cm.value() or None,
            "height_cm": self.height_cm.value() or None, "province_code": self.province_code.code(),
            "ward_code": self.ward_code.code(), "ocop_stars": self.ocop_stars.currentData(),
            "certifications": certs,
        }

    def _check_sku(self) -> None:
        """Say at once when a new SKU is outside the SKU alphabet (saving checks it again)."""
        if self.product is not None or not self.sku.text().strip():
            return
        try:
            validate_sku(self.sku.text())
        except ValidationError as error:
            self.errors["sku"].show_message(error.message(current_language()))
        else:
            self.errors["sku"].show_message("")

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    # Saving ------------------------------------------------------------------------------------
    def save(self) -> None:
        if self._saving:
            return
        for error in self.errors.values():
            error.show_message("")
        values = self.values()
        try:  # each expiry field explains a date it cannot read, in place; nothing is saved then
            values["certifications"] = [
                CertificationData(c["kind"], c["number"], c["issuer"], self.cert_table.cellWidget(row, 3).date())
                for row, c in enumerate(values["certifications"])
            ]
        except ValidationError as error:
            self.show_field_error(error.field, error.message(current_language()))
            return
        self._saving = True
        self.save_button.setEnabled(False)
        db, product = self.ctx.db, self.product
        if product is None:
            sku, name, price = values.pop("sku"), values.pop("name"), values.pop("price")

            def save(_progress, _cancel):
                return catalog.add_product(db, sku, name, price, **values)
        else:
            values.pop("sku")

            def save(_progress, _cancel):
                return catalog.update_product(db, product.sku, expected_version=product.version, **values)
        job = self.ctx.tasks.write(save, parent=self, name="save product")
        job.succeeded.connect(self._saved)
        job.failed.connect(self._failed)

    def _saved(self, result) -> None:
        self._saving = False
        self._initial = self.values()
        self.saved.emit(result.value.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        """Field errors appear beside their field; anything else goes to the common error dialog."""
        self._saving = False
        self.save_button.setEnabled(True)
        field = getattr(error, "field", None)
        if isinstance(error, ProductEditConflict):
            self._saved_meanwhile(error)
        elif isinstance(error, ValidationError | Conflict) and field in self.errors:
            self.show_field_error(field, error.message(current_language()))
        else:
            show_error(self, error)

    def _saved_meanwhile(self, error: ProductEditConflict) -> None:
        """Someone saved this product since it was opened: both values of each field are shown;
        the clerk keeps theirs (saved over the new version, knowingly) or closes to see the other."""
        question = self.tr("{message}\n\nLưu giá trị của bạn đè lên bản vừa lưu?").format(
            message=error.message(current_language()))
        if Confirm.ask(self, self.tr("Người khác vừa lưu sản phẩm này"), question):
            self.product = replace(self.product, version=error.saved_version)
            self.save()

    def show_field_error(self, field: str, text: str) -> None:
        self.tabs.setCurrentIndex(self.field_tab.get(field, 0))
        self.errors[field].show_message(text)
        widget = self.widgets.get(field)
        if widget is not None:
            widget.setFocus()

    def reject(self) -> None:
        if self.is_dirty() and not Confirm.ask(self, self.tr("Bỏ thay đổi?"),
                                           self.tr("Bạn có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?")):
            return
        super().reject()

    # Language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sửa sản phẩm {sku}").format(sku=self.product.sku) if self.product
                            else self.tr("Thêm sản phẩm"))
        self.tabs.setTabText(0, self.tr("Thông tin chung"))
        self.tabs.setTabText(1, self.tr("Đóng gói và xuất xứ"))
        self.tabs.setTabText(2, self.tr("Chứng nhận"))
        for tab, title in self.extra_tabs.values():
            self.tabs.setTabText(self.tabs.indexOf(tab), QCoreApplication.translate("Pages", title))
        labels = {
            "sku": self.tr("Mã SKU"), "name": self.tr("Tên sản phẩm"), "category": self.tr("Danh mục"),
            "unit": self.tr("Đơn vị tính"), "price": self.tr("Giá bán (đ)"), "cost": self.tr("Giá vốn (đ)"),
            "barcode": self.tr("Mã vạch"), "status": self.tr("Trạng thái"),
            "low_stock_threshold": self.tr("Báo sắp hết khi còn"), "bin_location": self.tr("Vị trí trong kho"),
            "stop_selling_days": self.tr("Ngừng bán trước hạn"),
            "description": self.tr("Mô tả"), "weight_g": self.tr("Khối lượng"), "length_cm": self.tr("Dài"),
            "width_cm": self.tr("Rộng"), "height_cm": self.tr("Cao"), "province_code": self.tr("Tỉnh/thành"),
            "ward_code": self.tr("Phường/xã"), "ocop_stars": self.tr("Hạng OCOP"),
        }
        for field, text in labels.items():
            getattr(self, f"label_{field}").setText(text)
        self.price.setPlaceholderText(self.tr("ví dụ 120.000 hoặc 120k"))
        self.barcode.setPlaceholderText(self.tr("EAN-13, quét hoặc gõ"))
        self.stop_selling_days.setSuffix(self.tr(" ngày"))
        self.stop_selling_days.setSpecialValueText(self.tr("Bán đến hết hạn sử dụng"))
        self.stop_selling_days.setToolTip(self.tr(
            "Số ngày trước hạn sử dụng thì ngừng bán lô hàng (ví dụ 2 cho vải tươi). Hàng hết hạn không bao giờ được bán."))
        self.weight_g.setSuffix(" g")
        self.weight_g.setSpecialValueText(self.tr("Chưa nhập"))
        for spin in (self.length_cm, self.width_cm, self.height_cm):
            spin.setSuffix(" cm")
            spin.setSpecialValueText(self.tr("Chưa nhập"))
        status = self.status.currentData()
        self.status.clear()
        self.status.addItem(self.tr("Đang bán"), "active")
        self.status.addItem(self.tr("Đã lưu trữ"), "archived")
        self.status.setCurrentIndex(max(0, self.status.findData(status or "active")))
        stars = self.ocop_stars.currentData()
        self.ocop_stars.clear()
        self.ocop_stars.addItem(self.tr("Không có"), None)
        for n in (3, 4, 5):
            self.ocop_stars.addItem(self.tr("{n} sao").format(n=n), n)
        self.ocop_stars.setCurrentIndex(max(0, self.ocop_stars.findData(stars)))
        self.cert_table.setHorizontalHeaderLabels(
            [self.tr("Loại"), self.tr("Số chứng nhận"), self.tr("Nơi cấp"), self.tr("Hết hạn")])
        self.add_cert.setText(self.tr("+ Thêm chứng nhận"))
        self.remove_cert.setText(self.tr("Xoá dòng đã chọn"))
        self.save_button.setText(self.tr("Lưu"))
        self.cancel_button.setText(self.tr("Huỷ"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "save_button"):
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event) -> None:
        # Enter in a single-line field saves (QDialog would only press the default button
        # from buttons and line edits, not from spin boxes and combo boxes).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(self.focusWidget(), QPlainTextEdit):
            self.save()
            return
        super().keyPressEvent(event)
