"""Tổng quan: products, stock value, orders waiting, expired stock; low-stock, expiring-soon and expired lists."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog.browse import count_products
from ...core.money import format_vnd
from ...core.orders.service import find_order_ids
from ...core.orders.views import OrderFilter
from ...core.stock import expiry
from ...core.stock import service as stock
from ...core.stock.views import ExpiredLot, ExpiringLot, LowStockRow
from ..context import AppContext
from ..widgets import fmt_date, fmt_int

EXPIRED_COLOR = QColor("#c0392b")


@dataclass(frozen=True)
class DashboardData:
    products: int
    stock_value: int
    orders_waiting: int | None
    low_stock: list[LowStockRow]
    expiring: list[ExpiringLot]
    expired: list[ExpiredLot]


def orders_waiting(db) -> int | None:
    """Orders not shipped yet (unpaid, paid, confirmed, packed); None while there are no orders at all."""
    if not find_order_ids(db, OrderFilter()):
        return None
    return len(find_order_ids(db, OrderFilter(statuses=("unpaid", "paid", "confirmed", "packed"))))


def load_dashboard(db, expiry_days: int) -> DashboardData:
    """Everything the dashboard shows, read in one background job."""
    return DashboardData(
        products=count_products(db),
        stock_value=stock.stock_value(db),
        orders_waiting=orders_waiting(db),
        low_stock=stock.low_stock(db, limit=30),
        expiring=stock.expiring_soon(db, days=expiry_days, limit=30),
        expired=expiry.expired_lots(db),
    )


class Card(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.title = QLabel(objectName="cardTitle")
        self.value = QLabel("…", objectName="cardValue")
        self.note = QLabel(objectName="cardTitle", wordWrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)


class DashboardPage(QWidget):
    """Headline figures and the two lists a clerk checks every morning."""

    ready = Signal()
    """The figures are on screen."""
    open_page = Signal(str)
    """Asks the main window to show another page."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._data: DashboardData | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(14)
        self.title = QLabel(objectName="pageTitle")
        layout.addWidget(self.title)
        cards = QHBoxLayout()
        cards.setSpacing(14)
        self.products_card, self.value_card, self.orders_card = Card(), Card(), Card()
        self.expired_card = Card()
        for card in (self.products_card, self.value_card, self.orders_card, self.expired_card):
            cards.addWidget(card)
        layout.addLayout(cards)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        self.low_title = QLabel(objectName="sectionTitle")
        self.exp_title = QLabel(objectName="sectionTitle")
        self.expired_title = QLabel(objectName="sectionTitle")
        self.low_table = self._table(3)
        self.exp_table = self._table(4)
        self.expired_table = self._table(4)
        self.expired_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.expired_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for column, (title, table) in enumerate(((self.low_title, self.low_table), (self.exp_title, self.exp_table),
                                                 (self.expired_title, self.expired_table))):
            grid.addWidget(title, 0, column)
            grid.addWidget(table, 1, column)
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid, 1)
        self._refresh_timer = QTimer(self, singleShot=True, interval=400)
        self._refresh_timer.timeout.connect(self.refresh)
        ctx.changes.connect(lambda _c: self._refresh_timer.start())
        self.retranslate()
        self.refresh()

    def _table(self, columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return table

    def page_shown(self) -> None:
        if self._data is not None:
            self.refresh()

    def refresh(self) -> None:
        db, days = self.ctx.db, self.ctx.settings.values.expiry_warning_days
        self.ctx.tasks.read(lambda _progress, _cancel: load_dashboard(db, days), parent=self,
                            name="dashboard").succeeded.connect(self._show)

    def _show(self, data: DashboardData) -> None:
        first = self._data is None
        self._data = data
        self._fill()
        if first:
            QTimer.singleShot(0, self, self.ready.emit)

    def _fill(self) -> None:
        data = self._data
        if data is None:
            return
        self.products_card.value.setText(fmt_int(data.products))
        self.value_card.value.setText(format_vnd(data.stock_value))
        self.orders_card.value.setText("—" if data.orders_waiting is None else fmt_int(data.orders_waiting))
        self.orders_card.note.setText(self.tr("Chưa có đơn hàng") if data.orders_waiting is None else "")
        self.low_table.setRowCount(len(data.low_stock))
        for row, r in enumerate(data.low_stock):
            self._set_row(self.low_table, row, [r.sku, r.name, f"{fmt_int(r.on_hand)} / {fmt_int(r.threshold)}"])
        self.exp_table.setRowCount(len(data.expiring))
        for row, e in enumerate(data.expiring):
            self._set_row(self.exp_table, row, [e.sku, e.name, fmt_date(e.expiry_date), fmt_int(e.on_hand)])
        shown = data.expired[:30]
        self.expired_table.setRowCount(len(shown))
        for row, e in enumerate(shown):
            self._set_row(self.expired_table, row, [e.name, e.lot, fmt_date(e.expiry_date), fmt_int(e.quantity)],
                          color=EXPIRED_COLOR, tooltip=f"{e.sku} · {e.warehouse_name} · {format_vnd(e.cost_value)}")
        self.expired_card.value.setText(format_vnd(sum(e.cost_value for e in data.expired)))
        self.expired_card.note.setText(self.tr("{n} lô cần hủy (trang Kho hàng)").format(n=len(data.expired))
                                       if data.expired else self.tr("Không có lô nào hết hạn"))

    @staticmethod
    def _set_row(table: QTableWidget, row: int, cells: list[str], color: QColor | None = None,
                 tooltip: str = "") -> None:
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if color is not None:
                item.setForeground(QBrush(color))
            if tooltip:
                item.setToolTip(tooltip)
            if col >= 2:
                item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            table.setItem(row, col, item)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Tổng quan"))
        self.products_card.title.setText(self.tr("Sản phẩm đang bán"))
        self.value_card.title.setText(self.tr("Giá trị tồn kho"))
        self.value_card.note.setText(self.tr("theo giá vốn (hoặc giá bán nếu chưa có giá vốn)"))
        self.orders_card.title.setText(self.tr("Đơn hàng chờ xử lý"))
        self.low_title.setText(self.tr("Sắp hết hàng"))
        self.exp_title.setText(self.tr("Sắp hết hạn ({n} ngày tới)").format(
            n=self.ctx.settings.values.expiry_warning_days))
        self.expired_title.setText(self.tr("Đã hết hạn"))
        self.expired_card.title.setText(self.tr("Hàng đã hết hạn (giá vốn)"))
        self.low_table.setHorizontalHeaderLabels([self.tr("SKU"), self.tr("Sản phẩm"), self.tr("Còn / mức báo")])
        self.exp_table.setHorizontalHeaderLabels([self.tr("SKU"), self.tr("Sản phẩm"), self.tr("Hạn"), self.tr("Còn")])
        self.expired_table.setHorizontalHeaderLabels([self.tr("Sản phẩm"), self.tr("Lô"), self.tr("Hạn"),
                                                      self.tr("Còn")])
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
