"""The Kho page: stock on hand of every product, its lots per warehouse, and the stock actions."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
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
from ...core.stock import expiry
from ...core.stock import service as stock
from ..context import AppContext
from ..products.model import STOCK_COLUMNS, ProductTableModel
from ..products.page import SEARCH_DELAY_MS, ProductTable
from ..scanner import ScanDetector, notice_vietnamese_typing
from ..tasks import show_error
from ..widgets import fmt_date, fmt_int
from .dialogs import open_stock_dialog
from .history import MovementHistoryDialog

EXPIRED_COLOR = QColor("#c0392b")
HELD_BACK_COLOR = QColor("#b9770e")
LOT_ROLE = Qt.ItemDataRole.UserRole


class StockPage(QWidget):
    """Stock levels at a glance; pick a product (or scan it) to see its lots and move stock.

    Expired lots are marked in red (held-back ones, inside the product's stop-selling days, in
    amber); selecting an expired lot offers its write-off in one click.
    """

    ready = Signal()
    """The first rows are on screen."""
    written_off = Signal(object)
    """An expired lot was written off (the movements the core returned)."""

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
        self.write_off_button = QPushButton(objectName="writeOffButton")
        self.write_off_button.setEnabled(False)
        for b in (self.write_off_button, self.history_button, self.transfer_button, self.adjust_button,
                  self.receive_button):
            head.addWidget(b)
        layout.addLayout(head)
        row = QHBoxLayout()
        self.search = QLineEdit(objectName="searchBox", clearButtonEnabled=True)
        self.low_stock = QCheckBox()
        self.expiring = QCheckBox()
        self.expired = QCheckBox()
        row.addWidget(self.search, 1)
        row.addWidget(self.low_stock)
        row.addWidget(self.expiring)
        row.addWidget(self.expired)
        layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = ProductTable(self.model)
        self.table.horizontalHeader().setSortIndicator(STOCK_COLUMNS.index("on_hand"), Qt.SortOrder.AscendingOrder)
        self.lots = QTreeWidget()
        self.lots.setColumnCount(5)
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
        self.expired.toggled.connect(lambda _c: self._apply())
        self.write_off_button.clicked.connect(self.write_off_selected)
        self.lots.currentItemChanged.connect(lambda *_: self._lot_selected())
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
            low_stock=self.low_stock.isChecked(), expiring_within_days=days if self.expiring.isChecked() else None,
            expired=self.expired.isChecked()))

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
            parent = QTreeWidgetItem([wh.name, "", "", f"{fmt_int(wh.on_hand)} {report.unit}", ""])
            self.lots.addTopLevelItem(parent)
            for lot in wh.lots:
                item = QTreeWidgetItem(parent, ["", lot.lot or self.tr("(không lô)"), fmt_date(lot.expiry_date),
                                                f"{fmt_int(lot.on_hand)} {report.unit}", self._status_text(lot)])
                item.setData(0, LOT_ROLE, (report.sku, wh.warehouse, lot))
                color = {"expired": EXPIRED_COLOR, "stop_selling": HELD_BACK_COLOR}.get(lot.status)
                if color is not None:
                    for column in range(self.lots.columnCount()):
                        item.setForeground(column, QBrush(color))
                    item.setToolTip(4, self._status_tip(lot))
            parent.setExpanded(True)
        if not report.warehouses:
            self.lots.addTopLevelItem(QTreeWidgetItem([self.tr("Chưa có hàng trong kho"), "", "", "", ""]))
        self._lot_selected()

    def _status_text(self, lot) -> str:
        if lot.status == "expired":
            return self.tr("Đã hết hạn")
        if lot.status == "stop_selling":
            return self.tr("Ngừng bán")
        return ""

    def _status_tip(self, lot) -> str:
        if lot.status == "expired":
            return self.tr("Không bao giờ được bán: chọn lô rồi bấm Hủy hàng hết hạn")
        return self.tr("Trong số ngày ngừng bán trước hạn: bán đến hết ngày {date}").format(
            date=fmt_date(lot.last_sale_day))

    def selected_lot(self):
        """(sku, warehouse code, LotBalance) of the lot row selected, or None."""
        item = self.lots.currentItem()
        return item.data(0, LOT_ROLE) if item is not None else None

    def _lot_selected(self) -> None:
        chosen = self.selected_lot()
        expired_lot = chosen is not None and chosen[2].status == "expired" and chosen[2].lot
        self.write_off_button.setEnabled(bool(expired_lot))
        self.write_off_button.setText(
            self.tr("Hủy lô {lot} hết hạn").format(lot=chosen[2].lot) if expired_lot else self.tr("Hủy hàng hết hạn"))

    def write_off_selected(self) -> None:
        """Write off the selected expired lot in its warehouse: one click, one ledger line."""
        chosen = self.selected_lot()
        if chosen is None or chosen[2].status != "expired" or not chosen[2].lot:
            return
        sku, warehouse, lot = chosen
        self.write_off_button.setEnabled(False)
        db = self.ctx.db
        job = self.ctx.tasks.write(lambda _progress, _cancel: expiry.write_off_expired(db, sku, lot.lot,
                                                                                      warehouse=warehouse),
                                   parent=self, label=self.tr("Đang hủy hàng hết hạn…"), name="write off expired lot")
        job.succeeded.connect(lambda result: self.written_off.emit(result.value))
        job.failed.connect(lambda error: (show_error(self, error), self._lot_selected()))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Kho hàng"))
        self.receive_button.setText(self.tr("Nhập kho"))
        self.adjust_button.setText(self.tr("Điều chỉnh"))
        self.transfer_button.setText(self.tr("Chuyển kho"))
        self.history_button.setText(self.tr("Lịch sử kho"))
        self._lot_selected()
        self.search.setPlaceholderText(self.tr("Tìm hoặc quét mã sản phẩm…"))
        self.low_stock.setText(self.tr("Sắp hết hàng"))
        self.expiring.setText(self.tr("Sắp hết hạn"))
        self.expired.setText(self.tr("Đã hết hạn"))
        self.lots.setHeaderLabels([self.tr("Kho"), self.tr("Lô"), self.tr("Hạn sử dụng"), self.tr("Tồn"),
                                   self.tr("Tình trạng")])
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
