"""The ledger of one product (newest first), read from core.stock.service.movements."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.catalog import service as catalog
from ...core.stock import service as stock
from ..context import AppContext
from ..widgets import fmt_datetime, fmt_int


def movement_kind_text(kind: str) -> str:
    return {
        "receipt": QCoreApplication.translate("Stock", "Nhập kho"), "adjustment": QCoreApplication.translate("Stock", "Điều chỉnh"), "shipment": QCoreApplication.translate("Stock", "Xuất bán"),
        "transfer_out": QCoreApplication.translate("Stock", "Chuyển đi"), "transfer_in": QCoreApplication.translate("Stock", "Chuyển đến"), "return": QCoreApplication.translate("Stock", "Trả lại"),
    }.get(kind, kind)


class MovementHistoryDialog(QDialog):
    """Every stock movement of a product: when, what, where, which lot, how many, why, who."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.resize(860, 480)
        layout = QVBoxLayout(self)
        self.heading = QLabel(objectName="sectionTitle")
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, 7)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalHeaderLabels([
            self.tr("Thời gian"), self.tr("Loại"), self.tr("Kho"), self.tr("Lô"), self.tr("Số lượng"),
            self.tr("Lý do / ghi chú"), self.tr("Người làm")])
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Lịch sử kho"))

    @classmethod
    def show_for(cls, ctx: AppContext, product_id: int, parent=None) -> MovementHistoryDialog:
        dialog = cls(ctx, parent)

        db = ctx.db

        def load(_progress, _cancel):
            product = catalog.get_product_by_id(db, product_id)
            return product, stock.movements(db, product.sku)

        ctx.tasks.read(load, parent=dialog, name="movements").succeeded.connect(lambda r: dialog.fill(*r))
        dialog.open()
        return dialog

    def fill(self, product, moves) -> None:
        self.heading.setText(self.tr("{sku} · {name} · đang tồn {qty} {unit}").format(
            sku=product.sku, name=product.name, qty=fmt_int(product.on_hand), unit=product.unit))
        self.table.setRowCount(len(moves))
        for row, m in enumerate(moves):
            cells = [fmt_datetime(m.created_at), movement_kind_text(m.kind), m.warehouse, m.lot or "",
                     ("+" if m.quantity > 0 else "") + fmt_int(m.quantity), m.reason or m.reference, m.user_name]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4:
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
