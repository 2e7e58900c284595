"""“Gửi vận chuyển”: the parcel prefilled from the order, every carrier's services side by side with
fee and expected delivery, pickup or drop-off, then the waybills and the carrier's labels.

Quotes run in the read pool (network, nothing written); creating runs on the sync lane (network that
writes: the task runner announces the orders it changed); labels are fetched in the pool.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from PySide6.QtCore import QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gianhang_desktop.core.errors import GianHangError
from gianhang_desktop.core.money import format_vnd
from gianhang_desktop.core.shipping import labels, quotes, service, views
from gianhang_desktop.core.shipping.parcels import ShipOptions
from gianhang_desktop.gui.tasks import error_text, show_error

REFUSED = QColor("#f8cbad")


def _spin(maximum: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))  # 240.000 ₫
    box.setRange(0, maximum)
    box.setSuffix(suffix)
    box.setGroupSeparatorShown(True)
    return box


def print_pdf(path: str) -> None:
    """Send a PDF to the printer the way the system prints PDFs (Windows: the "print" verb of the
    PDF reader; elsewhere `lp`), or open it for printing when neither is there."""
    if sys.platform == "win32":
        os.startfile(path, "print")  # noqa: S606 - the user's own file, the system's PDF handler
        return
    try:
        subprocess.run(["lp", path], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))


class ShipDialog(QDialog):
    """Ship one or many orders with one carrier service chosen among the quotes."""

    quotes_shown = Signal()
    """The quotes (or the carriers' refusals) are in the table."""
    shipped = Signal(object)
    """Waybills were created: the list of `CreateResult`."""

    def __init__(self, db, tasks, codes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._tasks, self.codes = db, tasks, list(codes)
        self._quotes: list = []
        self.results: list = []
        self.setWindowTitle(self.tr("Gửi vận chuyển"))
        self.resize(900, 600)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        parcel = QGroupBox(self.tr("Kiện hàng"))
        form = QFormLayout(parcel)
        self.weight = _spin(100_000, " g")
        self.length_cm, self.width_cm, self.height_cm = (_spin(300, " cm") for _ in range(3))
        sizes = QHBoxLayout()
        for label, box in ((self.tr("Dài"), self.length_cm), (self.tr("Rộng"), self.width_cm), (self.tr("Cao"), self.height_cm)):
            sizes.addWidget(QLabel(label))
            sizes.addWidget(box)
        self.cod = _spin(100_000_000, " ₫")
        self.insured = _spin(100_000_000, " ₫")
        self.pickup = QRadioButton(self.tr("Hãng đến lấy hàng"))
        self.dropoff = QRadioButton(self.tr("Gửi tại bưu cục"))
        self.pickup.setChecked(True)
        how = QHBoxLayout()
        how.addWidget(self.pickup)
        how.addWidget(self.dropoff)
        form.addRow(self.tr("Khối lượng"), self.weight)
        form.addRow(self.tr("Kích thước"), sizes)
        form.addRow(self.tr("Tiền thu hộ (COD)"), self.cod)
        form.addRow(self.tr("Giá trị khai giá"), self.insured)
        form.addRow(self.tr("Cách gửi"), how)
        self.old_ward = QComboBox()
        self.old_ward_label = QLabel(self.tr("Phường/xã cũ (cho hãng dùng địa chỉ 3 cấp)"))
        form.addRow(self.old_ward_label, self.old_ward)
        self.old_ward.hide()
        self.old_ward_label.hide()

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Hãng"), self.tr("Dịch vụ"), self.tr("Phí"),
                                              self.tr("Dự kiến giao")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 1
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.requote_button = QPushButton(self.tr("Báo giá lại"))
        self.requote_button.clicked.connect(self.request_quotes)
        self.create_button = QPushButton(self.tr("Tạo vận đơn"))
        self.create_button.setDefault(True)
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.create)
        self.print_button = QPushButton(self.tr("In nhãn của hãng"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_labels)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.requote_button)
        buttons.addStretch()
        for b in (self.create_button, self.print_button, close):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(parcel)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._single = len(self.codes) == 1
        for box in (self.weight, self.length_cm, self.width_cm, self.height_cm, self.cod, self.insured):
            box.setEnabled(self._single)  # with many orders each is prefilled from its own products
        self._load_preview()

    # -- prefill and quotes -------------------------------------------------------------------------

    def _load_preview(self) -> None:
        db, code = self._db, self.codes[0]
        job = self._tasks.read(lambda _p, _c: views.preview_parcel(db, code), parent=self)
        job.succeeded.connect(self._show_preview)
        job.failed.connect(lambda error: self.status.setText(error_text(error)))

    def _show_preview(self, preview) -> None:
        many = "" if self._single else self.tr(" (và %n đơn khác, mỗi đơn theo sản phẩm của nó)", "",
                                                len(self.codes) - 1)
        self.summary.setText(self.tr("Đơn %1").replace("%1", preview.order_code) + many)
        if preview.problem:
            self.status.setText(preview.problem)
            return
        for box, value in ((self.weight, preview.weight_g), (self.length_cm, preview.length_cm),
                           (self.width_cm, preview.width_cm), (self.height_cm, preview.height_cm),
                           (self.cod, preview.cod_amount), (self.insured, preview.insured_value)):
            box.setValue(value)
        self.old_ward.clear()
        if preview.old_wards and self._single:
            self.old_ward.addItem(self.tr("— chọn —"), None)
            for i, text in enumerate(preview.old_wards, start=1):
                self.old_ward.addItem(text, i)
            self.old_ward.show()
            self.old_ward_label.show()
        self.request_quotes()

    def options(self, service_code: str | None = None) -> ShipOptions:
        if not self._single:
            return ShipOptions(service=service_code, pickup=self.pickup.isChecked())
        return ShipOptions(service=service_code, pickup=self.pickup.isChecked(), weight_g=self.weight.value() or None,
                           length_cm=self.length_cm.value() or None, width_cm=self.width_cm.value() or None,
                           height_cm=self.height_cm.value() or None, insured_value=self.insured.value(),
                           cod_amount=self.cod.value(), old_ward=self.old_ward.currentData())

    def request_quotes(self) -> None:
        db, code, options = self._db, self.codes[0], self.options()
        self.status.setText(self.tr("Đang hỏi giá các hãng…"))
        job = self._tasks.read(lambda _p, c: quotes.quote_order(db, code, options, cancel=c), parent=self)
        job.succeeded.connect(self._show_quotes)
        job.failed.connect(lambda error: (self.status.setText(error_text(error)), self.quotes_shown.emit()))

    def _show_quotes(self, result) -> None:
        self._quotes = list(result.quotes)
        self.table.setRowCount(0)
        for q in self._quotes:
            self._add_row([q.carrier, q.service_name or q.service, format_vnd(q.fee),
                           q.eta.strftime("%d/%m/%Y") if q.eta else (q.eta_text or "—")])
        for name, text in result.errors.items():
            row = self._add_row([name, text, "", ""])
            for col in range(4):
                self.table.item(row, col).setBackground(QBrush(REFUSED))
        self.status.setText("" if self._quotes else self.tr("Không hãng nào nhận đơn này"))
        if self._quotes:
            self.table.selectRow(0)
        self.quotes_shown.emit()

    def _add_row(self, cells: list[str]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)  # a carrier's message may be longer than its cell
            if col == 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)
        return row

    def chosen(self):
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        row = rows[0].row() if rows else -1
        return self._quotes[row] if 0 <= row < len(self._quotes) else None

    def _selection_changed(self) -> None:
        if not (isValid(self.create_button) and isValid(self.table)):
            return  # the table's selection is cleared while the dialog is being destroyed
        quote = self.chosen()
        self.create_button.setEnabled(quote is not None and not self.results)
        if quote is not None:
            self.create_button.setText(self.tr("Tạo %n vận đơn với %1", "", len(self.codes))
                                       .replace("%1", quote.carrier))

    # -- create and print ---------------------------------------------------------------------------

    def create(self) -> None:
        quote = self.chosen()
        if quote is None:
            return
        db, codes, options = self._db, self.codes, self.options(quote.service)
        self.create_button.setEnabled(False)
        job = self._tasks.sync(lambda p, c: service.create_shipments(db, codes, quote.carrier, options, progress=p,
                                                                     cancel=c),
                               parent=self, label=self.tr("Đang tạo vận đơn…"))
        job.succeeded.connect(self._created)
        job.failed.connect(self._failed)

    def _created(self, outcome) -> None:
        results, _changes = outcome
        self.results = results
        done = [r for r in results if r.tracking_code]
        self.table.setRowCount(0)
        self.table.setHorizontalHeaderLabels([self.tr("Mã đơn"), self.tr("Mã vận đơn / lỗi"), self.tr("Phí"), ""])
        for r in results:
            row = self._add_row([r.order_code, r.tracking_code or r.error or "", format_vnd(r.fee) if r.fee else "", ""])
            if r.error:
                for col in range(4):
                    self.table.item(row, col).setBackground(QBrush(REFUSED))
        self.status.setText(self.tr("Đã tạo %n vận đơn", "", len(done)))
        self.print_button.setEnabled(bool(done))
        self.shipped.emit(results)

    def _failed(self, error: BaseException) -> None:
        self.create_button.setEnabled(True)
        if isinstance(error, GianHangError):
            self.status.setText(error.message())
        else:
            show_error(self, error)

    def print_labels(self) -> None:
        codes = [r.order_code for r in self.results if r.tracking_code]
        db = self._db

        def work(_progress, _cancel):
            handle, path = tempfile.mkstemp(prefix="nhan-van-don-", suffix=".pdf")
            with os.fdopen(handle, "wb") as out:
                labels.carrier_labels(db, codes, out)
            return path

        job = self._tasks.read(work, parent=self, label=self.tr("Đang tải nhãn của hãng…"))
        job.succeeded.connect(self.send_to_printer)
        job.failed.connect(self._failed)

    def send_to_printer(self, path: str) -> None:
        """The labels PDF goes to the printer; tests replace this."""
        print_pdf(path)
