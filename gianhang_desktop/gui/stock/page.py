"""The Kho page: stock on hand of every product, its lots per warehouse, and the stock actions."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import service as catalog
from ...core.catalog.browse import BrowseFilters, BrowseSort
from ...core.stock import service as stock
from ..context import AppContext
from ..products.model import STOCK_COLUMNS, ProductTableModel
from ..products.page import SEARCH_DELAY_MS, ProductTable
from ..scanner import ScanDetector, notice_vietnamese_typing
from ..widgets import fmt_date, fmt_int
from .dialogs import open_stock_dialog
from .history import MovementHistoryDialog


class StockPage(QWidget):
    """Stock levels at a glance; pick a product (or scan it) to see its lots and move stock."""

    ready = Signal()
    """The first rows are on screen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._ready = False
        self.model = ProductTableModel(ctx, STOCK_COLUMNS, self)
        self.model.sort_order = BrowseSort("on_hand")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(12)
        head = QHBoxLayout()
        self.title = QLabel(objectName="pageTitle")
        head.addWidget(self.title, 1)
        self.receive_button = QPushButton(objectName="primary")
        self.adjust_button = QPushButton()
        self.transfer_button = QPushButton()
        self.history_button = QPushButton()
        for b in (self.history_button, self.transfer_button, self.adjust_button, self.receive_button):
            head.addWidget(b)
        layout.addLayout(head)
        row = QHBoxLayout()
        self.search = QLineEdit(objectName="searchBox", clearButtonEnabled=True)
        self.low_stock = QCheckBox()
        self.expiring = QCheckBox()
        row.addWidget(self.search, 1)
        row.addWidget(self.low_stock)
        row.addWidget(self.expiring)
        layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = ProductTable(self.model)
        self.table.horizontalHeader().setSortIndicator(STOCK_COLUMNS.index("on_hand"), Qt.SortOrder.AscendingOrder)
        self.lots = QTreeWidget()
        self.lots.setColumnCount(4)
        self.lots.setRootIsDecorated(True)
        splitter.addWidget(self.table)
        splitter.addWidget(self.lots)
        splitter.setSizes([500, 180])
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.low_stock.toggled.connect(lambda _c: self._apply())
        self.expiring.toggled.connect(lambda _c: self._apply())
        self.receive_button.clicked.connect(lambda: self._dialog("receive"))
        self.adjust_button.clicked.connect(lambda: self._dialog("adjust"))
        self.transfer_button.clicked.connect(lambda: self._dialog("transfer"))
        self.history_button.clicked.connect(self._history)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_lots())
        self.model.rows_fetched.connect(lambda _ids: self._mark_ready())
        self.model.ids_loaded.connect(lambda n: self._mark_ready() if n == 0 else None)
        self.scanner = ScanDetector(self)
        self.scanner.watch(self.table)
        self.scanner.scanned.connect(self.select_code)
        self.search.returnPressed.connect(lambda: self.select_code(self.search.text().strip()))
        ctx.changes.connect(self._on_changes)
        self.retranslate()
        self.model.reload()

    def _apply(self) -> None:
        self._timer.stop()
        days = self.ctx.settings.values.expiry_warning_days
        self.model.set_view(query=self.search.text(), filters=BrowseFilters(
            low_stock=self.low_stock.isChecked(), expiring_within_days=days if self.expiring.isChecked() else None))

    def _mark_ready(self) -> None:
        if not self._ready:
            self._ready = True
            QTimer.singleShot(0, self, self.ready.emit)

    def select_code(self, code: str) -> None:
        if code:
            from ...core.catalog.scan import lookup_scan

            db = self.ctx.db
            job = self.ctx.tasks.read(lambda _progress, _cancel: lookup_scan(db, code), parent=self, name="find code")
            job.succeeded.connect(lambda m: self._scanned(code, m))

    def _scanned(self, code: str, match) -> None:
        notice_vietnamese_typing(self.ctx, self, code, match)
        if match is not None:
            self.table.select_id(match.product.id)

    def _dialog(self, kind: str) -> None:
        open_stock_dialog(self.ctx, kind, self.table.current_id(), self)

    def _history(self) -> None:
        pid = self.table.current_id()
        if pid is not None:
            MovementHistoryDialog.show_for(self.ctx, pid, self)

    def _on_changes(self, changes) -> None:
        if self.table.current_id() in changes.touched_product_ids:
            self._show_lots()

    def _show_lots(self) -> None:
        pid = self.table.current_id()
        for b in (self.history_button,):
            b.setEnabled(pid is not None)
        if pid is None:
            self.lots.clear()
            return

        db = self.ctx.db

        def report(_progress, _cancel):
            return stock.stock_report(db, catalog.get_product_by_id(db, pid).sku)

        self.ctx.tasks.read(report, parent=self, name="stock report").succeeded.connect(self._fill_lots)

    def _fill_lots(self, report) -> None:
        self.lots.clear()
        for wh in report.warehouses:
            parent = QTreeWidgetItem([wh.name, "", "", f"{fmt_int(wh.on_hand)} {report.unit}"])
            self.lots.addTopLevelItem(parent)
            for lot in wh.lots:
                QTreeWidgetItem(parent, ["", lot.lot or self.tr("(không lô)"), fmt_date(lot.expiry_date),
                                         f"{fmt_int(lot.on_hand)} {report.unit}"])
            parent.setExpanded(True)
        if not report.warehouses:
            self.lots.addTopLevelItem(QTreeWidgetItem([self.tr("Chưa có hàng trong kho"), "", "", ""]))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Kho hàng"))
        self.receive_button.setText(self.tr("Nhập kho"))
        self.adjust_button.setText(self.tr("Điều chỉnh"))
        self.transfer_button.setText(self.tr("Chuyển kho"))
        self.history_button.setText(self.tr("Lịch sử kho"))
        self.search.setPlaceholderText(self.tr("Tìm hoặc quét mã sản phẩm…"))
        self.low_stock.setText(self.tr("Sắp hết hàng"))
        self.expiring.setText(self.tr("Sắp hết hạn"))
        self.lots.setHeaderLabels([self.tr("Kho"), self.tr("Lô"), self.tr("Hạn sử dụng"), self.tr("Tồn")])
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
