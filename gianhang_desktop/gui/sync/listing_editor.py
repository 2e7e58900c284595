"""The listing editor of one product: publish or unpublish, price and sale, review status, checks."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...core import clock
from ...core.errors import GianHangError, ValidationError
from ...core.sync import listing as listings
from ..context import AppContext
from ..date_field import DateField
from ..tasks import show_error

STATUS_TEXT = {
    "none": "Chưa đăng", "draft": "Chưa gửi", "pending_review": "Đang chờ duyệt",
    "approved": "Đã duyệt", "rejected": "Bị từ chối",
}


class ListingEditor(QWidget):
    """Edits `core.sync.listing` for one SKU; the change goes out at the next sync.

    Reads and saves run on the window's task runner (`tasks`, gui/tasks.py): the save queues on
    its one database writer, which announces the saved `Changes` to the whole window.
    """

    loaded = Signal(str)
    """The listing of this SKU is shown."""
    saved = Signal(object)
    """The listing was saved (its `Changes`, already announced by the task runner)."""
    refused = Signal(list)
    """Saving was refused; the reasons (shown in the checks list)."""

    def __init__(self, ctx: AppContext, product=None, parent: QWidget | None = None) -> None:
        """`product`: the product editor's (`.sku`); None for a product not saved yet (disabled)."""
        super().__init__(parent)
        self.db = ctx.db
        self.tasks = ctx.tasks
        self.sku: str | None = None
        self.publish = QCheckBox(self.tr("Đăng bán trên gian hàng"))
        self.price = _money()
        self.on_sale = QCheckBox(self.tr("Khuyến mãi"))
        self.sale_price = _money()
        # What the store accepts: 2000–2100 (the date field's own range).
        self.sale_from = DateField(optional=False, field="sale_from")
        self.sale_to = DateField(optional=False, field="sale_to")
        self.sale_from.setObjectName("saleFromDate")
        self.sale_to.setObjectName("saleToDate")
        self.status = QLabel()
        self.reasons = QListWidget()
        self.checks = QListWidget()
        self.save_button = QPushButton(self.tr("Lưu tin đăng"))
        self.save_button.clicked.connect(self.save)
        self.on_sale.toggled.connect(self._sale_toggled)

        sale = QHBoxLayout()
        sale.addWidget(self.sale_price)
        sale.addWidget(QLabel(self.tr("từ")))
        sale.addWidget(self.sale_from)
        sale.addWidget(QLabel(self.tr("đến")))
        sale.addWidget(self.sale_to)
        form = QFormLayout(self)
        form.addRow(self.publish)
        form.addRow(self.tr("Giá đăng (đ)"), self.price)
        form.addRow(self.on_sale, sale)
        form.addRow(self.tr("Trạng thái duyệt"), self.status)
        form.addRow(self.tr("Lý do từ chối"), self.reasons)
        form.addRow(self.tr("Kiểm tra trước khi đăng"), self.checks)
        form.addRow(self.save_button)
        self._sale_toggled(False)
        self.setEnabled(product is not None)
        if product is not None:
            self.load(product.sku)

    def load(self, sku: str) -> None:
        """Read the listing of `sku` off the GUI thread and show it (`loaded` then)."""
        db = self.db
        job = self.tasks.read(lambda _progress, _cancel: listings.get_listing(db, sku), parent=self, name="listing")
        job.succeeded.connect(self._show)

    def _show(self, view) -> None:
        self.sku = view.sku
        self.publish.setChecked(view.active if view.status != "none" else True)
        self.price.setValue(view.price)
        self.on_sale.setChecked(view.sale_price is not None)
        if view.sale_price is not None:
            self.sale_price.setValue(view.sale_price)
        if view.sale_from is not None:
            self.sale_from.set_date(clock.to_local(view.sale_from).date())
        if view.sale_to is not None:  # stored as the start of the day after the last sale day
            self.sale_to.set_date((clock.to_local(view.sale_to) - timedelta(microseconds=1)).date())
        text = self.tr(STATUS_TEXT.get(view.status, view.status))
        if view.live:
            text += " — " + self.tr("đang bán")
        if view.unsent:
            text += " — " + self.tr("chờ gửi")
        self.status.setText(text)
        self.reasons.clear()
        self.reasons.addItems([r.get("message", r.get("code", "")) for r in view.reasons])
        self.show_checks([c.message.text() for c in view.checks])
        self.loaded.emit(view.sku)

    def show_checks(self, messages: list[str]) -> None:
        self.checks.clear()
        self.checks.addItems(messages or [self.tr("Đạt: gian hàng sẽ không từ chối vì các lý do đã biết.")])

    def save(self) -> bool:
        """Queue the terms for saving (False: no listing shown). Publishing something the store
        would reject shows the reasons instead (`refused`); else `saved`, and the listing is read again."""
        if self.sku is None:
            return False
        sale = self.on_sale.isChecked()
        db, sku = self.db, self.sku
        first = last = None
        if sale:
            try:  # a sale date that cannot be read is explained under its field; nothing is saved
                first, last = self.sale_from.date(), self.sale_to.date()
            except ValidationError:
                return False
        terms = dict(active=self.publish.isChecked(), price=self.price.value(),
                     sale_price=self.sale_price.value() if sale else None,
                     sale_from=clock.local_day_bounds(first)[0] if sale else None,
                     sale_to=clock.local_day_bounds(last)[1] if sale else None)
        job = self.tasks.write(lambda _progress, _cancel: listings.save_listing(db, sku, **terms), parent=self,
                               name="save listing")
        job.succeeded.connect(lambda result: self._saved(sku, result.changes))
        job.failed.connect(self._refused)
        return True

    def _saved(self, sku: str, changes) -> None:
        self.load(sku)
        self.saved.emit(changes)

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, GianHangError):
            show_error(self, error)  # unexpected: the one error dialog (and the log)
            return
        reasons = [error.message()]
        self.show_checks(reasons)
        self.refused.emit(reasons)

    def _sale_toggled(self, on: bool) -> None:
        for widget in (self.sale_price, self.sale_from, self.sale_to):
            widget.setEnabled(on)


def _money() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 2_000_000_000)
    box.setSingleStep(1000)
    box.setGroupSeparatorShown(True)
    return box

