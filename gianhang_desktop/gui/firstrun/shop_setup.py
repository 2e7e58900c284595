"""The short guided setup after the first-start choice: the shop's name, address and phone (on labels)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core import regions
from ...core.errors import GianHangError, ValidationError
from ...core.i18n import current_language, msg
from ...core.phone import format_phone, normalize_phone
from ...core.shop import get_shop, update_shop
from ..context import AppContext
from ..tasks import show_error


class ShopSetupDialog(QDialog):
    """Name, address line, province and ward pickers, phone; saved with core.shop.update_shop on the
    window's writer."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        db = self.db = ctx.db
        self.setWindowTitle(self.tr("Thông tin cửa hàng"))
        self.setMinimumWidth(520)
        info = get_shop(db)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Tên, địa chỉ và số điện thoại được in trên nhãn gửi hàng (người gửi)."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(info.name)
        self.name.setPlaceholderText(self.tr("VD: HTX Nông sản Thanh Hà"))
        self.address = QLineEdit(info.address_line)
        self.address.setPlaceholderText(self.tr("Số nhà, thôn, đường"))
        self.province = _searchable_combo()
        self.province.addItem(self.tr("— Chọn tỉnh/thành phố —"), None)
        for region in regions.provinces():
            self.province.addItem(region.name, region.code)
        self.ward = _searchable_combo()
        self.phone = QLineEdit(format_phone(info.phone) if info.phone else "")
        self.phone.setPlaceholderText("0912 345 678")
        form.addRow(self.tr("Tên cửa hàng / HTX *"), self.name)
        form.addRow(self.tr("Địa chỉ *"), self.address)
        form.addRow(self.tr("Tỉnh/Thành phố"), self.province)
        form.addRow(self.tr("Phường/Xã"), self.ward)
        form.addRow(self.tr("Số điện thoại *"), self.phone)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("shop_setup_error")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Để sau"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.province.currentIndexChanged.connect(self._fill_wards)
        if info.province_code:
            self.province.setCurrentIndex(max(0, self.province.findData(info.province_code)))
        self._fill_wards()
        if info.ward_code:
            self.ward.setCurrentIndex(max(0, self.ward.findData(info.ward_code)))

    def _fill_wards(self) -> None:
        self.ward.clear()
        self.ward.addItem(self.tr("— Chọn phường/xã —"), None)
        code = self.province.currentData()
        if code is not None:
            for region in regions.wards_of(code):
                self.ward.addItem(region.name, region.code)

    def save(self) -> None:
        """Validate and store (on the writer); on a problem say which field, and stay open."""
        fields = {"name": self.name.text(), "address_line": self.address.text(),
                  "province_code": self.province.currentData(), "ward_code": self.ward.currentData()}
        try:
            if not self.address.text().strip():
                raise ValidationError("address_line", msg("Chưa nhập địa chỉ", "The address is required"))
            fields["phone"] = normalize_phone(self.phone.text())
        except GianHangError as error:
            self._refused(error)
            return
        db = self.db
        job = self.ctx.tasks.write(lambda _progress, _cancel: update_shop(db, **fields), parent=self, name="shop")
        job.succeeded.connect(lambda _changes: self.accept())
        job.failed.connect(self._refused)

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, GianHangError):
            show_error(self, error)
            return
        self.error.setText(error.message(current_language()))
        widget = {"name": self.name, "phone": self.phone, "address_line": self.address,
                  "province_code": self.province, "ward_code": self.ward}.get(getattr(error, "field", ""))
        if widget is not None:
            widget.setFocus()

    @classmethod
    def ask(cls, ctx: AppContext, parent: QWidget | None = None) -> bool:
        """True when the user saved the shop profile."""
        return cls(ctx, parent).exec() == QDialog.DialogCode.Accepted


def _searchable_combo() -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    return combo

