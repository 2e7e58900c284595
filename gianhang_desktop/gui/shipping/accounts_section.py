"""Cài đặt › Hãng vận chuyển: the carrier accounts, and adding one (its credentials go to the
computer's credential store after one check call to the carrier; never to the database)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gianhang_desktop.core.shipping import accounts
from gianhang_desktop.core.shipping.registry import CARRIERS, carrier_class
from gianhang_desktop.gui.tasks import error_text

SECRET_KEYS = ("token", "password")


class AddCarrierDialog(QDialog):
    added = Signal(object)
    """The account was checked with the carrier and saved (its view)."""

    def __init__(self, db, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._tasks = db, tasks
        self.setWindowTitle(self.tr("Thêm tài khoản vận chuyển"))
        self.carrier = QComboBox()
        for kind in CARRIERS:
            self.carrier.addItem(carrier_class(kind).display_name, kind)
        self.name = QLineEdit()
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText(self.tr("(để trống: địa chỉ chính thức của hãng)"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("Hãng"), self.carrier)
        self.form.addRow(self.tr("Tên tài khoản"), self.name)
        self.form.addRow(self.tr("Địa chỉ API"), self.base_url)
        self.fields: dict[str, QLineEdit] = {}
        self.field_rows = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(self.field_rows)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.carrier.currentIndexChanged.connect(self._build_fields)
        self._build_fields()

    def _build_fields(self) -> None:
        while self.field_rows.rowCount():
            self.field_rows.removeRow(0)
        self.fields.clear()
        cls = carrier_class(self.carrier.currentData())
        for key in (*cls.credential_fields, *cls.optional_fields):
            edit = QLineEdit()
            if key in SECRET_KEYS:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            optional = self.tr("(không bắt buộc)")
            label = key if key in cls.credential_fields else key + " " + optional
            self.field_rows.addRow(label, edit)
            self.fields[key] = edit
        if not self.name.text():
            self.name.setText(cls.display_name)

    def save(self) -> None:
        db, kind, name = self._db, self.carrier.currentData(), self.name.text()
        given = {k: e.text() for k, e in self.fields.items() if e.text().strip()}
        base = self.base_url.text().strip() or None
        job = self._tasks.write(lambda _p, _c: accounts.add_account(db, kind, name, given, base_url=base), parent=self,
                                label=self.tr("Đang kiểm tra với hãng…"))
        job.succeeded.connect(self._saved)
        job.failed.connect(lambda error: self.error.setText(error_text(error)))

    def _saved(self, outcome) -> None:
        self.added.emit(outcome[0])
        self.accept()


class CarrierAccountsSection(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._tasks = ctx.db, ctx.tasks
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Tài khoản"), self.tr("Hãng"), self.tr("Vận đơn đang mở")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(160)
        add = QPushButton(self.tr("Thêm tài khoản…"))
        add.clicked.connect(self.add)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        ctx.tasks.changes_happened.connect(lambda changes: changes.settings and self.load())
        self.load()

    def load(self) -> None:
        db = self._db
        job = self._tasks.read(lambda _p, _c: accounts.list_accounts(db), parent=self)
        job.succeeded.connect(self._show)

    def _show(self, rows) -> None:
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for col, text in enumerate((r.name, r.display_name, str(r.open_shipments))):
                self.table.setItem(i, col, QTableWidgetItem(text))

    def add(self) -> None:
        dialog = AddCarrierDialog(self._db, self._tasks, self)
        dialog.open()
