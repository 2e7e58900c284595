"""The Sản phẩm page: instant search, filters, the products table, and the actions on a product."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog.rows import BrowseFilters
from ..context import AppContext
from ..scanner import ScanDetector, notice_vietnamese_typing
from ..widgets import Confirm, fmt_int
from .model import ID_ROLE, PRODUCT_COLUMNS, ProductTableModel

SEARCH_DELAY_MS = 150


class ProductTable(QTableView):
    """The shared look of product tables: whole-row selection, fixed row height, no grid noise."""

    def __init__(self, model: ProductTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        # A fixed row height lets the view skip measuring 100,000 rows.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(34)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        widths = {"photo": 44, "sku": 120, "name": 300, "price": 110, "on_hand": 90, "unit": 64,
                  "status": 100, "category": 120, "threshold": 110, "bin": 70}
        for i, column in enumerate(model.columns):
            header.resizeSection(i, widths.get(column.key, 110))
            if column.key == "name":
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        keys = [c.key for c in model.columns]
        header.setSortIndicator(keys.index("name"), Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)

    def current_id(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model().data(index.siblingAtColumn(0), ID_ROLE)


    def select_id(self, product_id: int) -> bool:
        row = self.model().row_of(product_id)
        if row is None:
            return False
        index = self.model().index(row, 0)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True


class ProductsPage(QWidget):
    """Find a product fast (typing or scanning) and act on it."""

    ready = Signal()
    """The first rows of products are on screen."""
    product_selected = Signal(int)
    """The clerk selected (or scanned) this product."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._ready = False
        self._pending_select: int | None = None
        self._remember: int | None = None
        self.model = ProductTableModel(ctx, PRODUCT_COLUMNS, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(12)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = QLabel(objectName="pageTitle")
        self.count_label = QLabel(objectName="pageSubtitle")
        titles.addWidget(self.title)
        titles.addWidget(self.count_label)
        head.addLayout(titles, 1)
        self.add_button = QPushButton(objectName="primary")
        self.edit_button = QPushButton()
        self.receive_button = QPushButton()
        self.history_button = QPushButton()
        for button in (self.history_button, self.receive_button, self.edit_button, self.add_button):
            head.addWidget(button)
        layout.addLayout(head)

        filters = QHBoxLayout()
        self.search = QLineEdit(objectName="searchBox", clearButtonEnabled=True)
        self.category = QComboBox(minimumContentsLength=14)
        self.status = QComboBox()
        self.low_stock = QCheckBox()
        self.expiring = QCheckBox()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.category, 1)
        filters.addWidget(self.status)
        filters.addWidget(self.low_stock)
        filters.addWidget(self.expiring)
        layout.addLayout(filters)

        self.table = ProductTable(self.model, self)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_view)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_entered)
        self.category.currentIndexChanged.connect(lambda _i: self._apply_view())
        self.status.currentIndexChanged.connect(lambda _i: self._apply_view())
        self.low_stock.toggled.connect(lambda _c: self._apply_view())
        self.expiring.toggled.connect(lambda _c: self._apply_view())
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self._edit_current)
        self.receive_button.clicked.connect(lambda: self._stock_dialog("receive"))
        self.history_button.clicked.connect(self._history)
        self.table.doubleClicked.connect(lambda _i: self._edit_current())
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.ids_loaded.connect(self._ids_loaded)
        self.model.rows_fetched.connect(self._rows_fetched)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.scanner = ScanDetector(self)
        self.scanner.watch(self.table)
        self.scanner.scanned.connect(self.handle_scan)
        ctx.changes.connect(self._on_changes)

        self.retranslate()
        self._fill_status()
        self._selection_changed()
        # At start: a first page read before the database opened, or the ids read ahead with it.
        first_page, ctx.startup.first_page = ctx.startup.first_page, None
        startup_ids, ctx.startup.product_ids = ctx.startup.product_ids, None
        if first_page is not None:
            self.model.show_first_page(first_page)
        elif startup_ids is not None:
            self.model.set_ids(startup_ids)
        else:
            self.model.reload()
        ctx.when_database(self._load_categories)

    def _when_database(self, action, *args) -> None:
        """Run `action` now, or as soon as the database is open (a click in the first second)."""
        self.ctx.when_database(lambda: action(*args))

    # View ------------------------------------------------------------------------------------
    def filters(self) -> BrowseFilters:
        return BrowseFilters(
            category=self.category.currentData() or "",
            status=self.status.currentData() or "active",
            low_stock=self.low_stock.isChecked(),
            expiring_within_days=self.ctx.settings.values.expiry_warning_days if self.expiring.isChecked() else None,
        )

    def _apply_view(self) -> None:
        self._search_timer.stop()
        self.model.set_view(query=self.search.text(), filters=self.filters())

    def _ids_loaded(self, count: int) -> None:
        self.count_label.setText(self.tr("{n} sản phẩm").format(n=fmt_int(count)))
        if self._pending_select is not None and self.table.select_id(self._pending_select):
            self._pending_select = None
        if count == 0:
            self._mark_ready()

    def _rows_fetched(self, _ids: list) -> None:
        self._mark_ready()

    def _mark_ready(self) -> None:
        if not self._ready:
            self._ready = True
            # After this event: the paint that fetched the rows has finished.
            QTimer.singleShot(0, self, self.ready.emit)

    def _remember_selection(self) -> None:
        self._remember = self.table.current_id()

    def _restore_selection(self) -> None:
        if self._remember is not None:
            self.table.select_id(self._remember)

    def _load_categories(self) -> None:
        from ...core.catalog import service as catalog

        db = self.ctx.db
        self.ctx.tasks.read(lambda _progress, _cancel: catalog.categories(db), parent=self,
                            name="categories").succeeded.connect(self._set_categories)

    def _set_categories(self, names: list[str]) -> None:
        current = self.category.currentData() or ""
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("Tất cả danh mục"), "")
        for name in names:
            self.category.addItem(name, name)
        self.category.setCurrentIndex(max(0, self.category.findData(current)))
        self.category.blockSignals(False)

    def _fill_status(self) -> None:
        current = self.status.currentData() or "active"
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(self.tr("Đang bán"), "active")
        self.status.addItem(self.tr("Đã lưu trữ"), "archived")
        self.status.addItem(self.tr("Tất cả trạng thái"), "all")
        self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self.status.blockSignals(False)

    def _on_changes(self, changes) -> None:
        if changes.products or changes.catalog_reset or changes.reset:
            self._load_categories()

    def _selection_changed(self, *_args) -> None:
        has = self.table.current_id() is not None
        for button in (self.edit_button, self.receive_button, self.history_button):
            button.setEnabled(has)
        pid = self.table.current_id()
        if pid is not None:
            self.product_selected.emit(pid)

    # Scanning --------------------------------------------------------------------------------
    def _search_entered(self) -> None:
        code = self.search.text().strip()
        if code:
            self._when_database(self._find_code, code, True)

    def handle_scan(self, code: str) -> None:
        """A scanner typed `code`: select that product, or offer to create one with it."""
        self._when_database(self._find_code, code, False)

    def _find_code(self, code: str, from_search: bool) -> None:
        from ...core.catalog.scan import lookup_scan

        db = self.ctx.db
        job = self.ctx.tasks.read(lambda _progress, _cancel: lookup_scan(db, code), parent=self, name="find code")
        job.succeeded.connect(lambda m: self._scanned(code, m, from_search))

    def _scanned(self, code: str, match, from_search: bool) -> None:
        notice_vietnamese_typing(self.ctx, self, code, match)
        self._found(code, match.product if match else None, from_search=from_search)

    def _found(self, code: str, product, from_search: bool) -> None:
        if product is None:
            if from_search:
                return  # an ordinary search that is not a code: the list already shows matches
            self.offer_new_product(code)
            return
        if not self.table.select_id(product.id):
            # Filtered out of the current list: show it by its code, then select it.
            self._pending_select = product.id
            if product.status == "archived":
                self.status.setCurrentIndex(self.status.findData("all"))
            self.search.setText(code)
            self._apply_view()
        self.search.selectAll()

    def offer_new_product(self, code: str) -> None:
        if not Confirm.ask(self, self.tr("Mã chưa có"),
                       self.tr("Chưa có sản phẩm nào với mã {code}.\nTạo sản phẩm mới với mã này?").format(code=code)):
            return
        from ...core.catalog.scan import new_product_prefill

        self.open_editor(None, new_product_prefill(code))

    # Actions ---------------------------------------------------------------------------------
    def _edit_current(self) -> None:
        pid = self.table.current_id()
        if pid is not None:
            self.open_editor(pid)

    def open_editor(self, product_id: int | None, prefill: dict | None = None):
        """Open the product editor (new product when `product_id` is None); returns the dialog.

        (None too when the editor opens later: once the product is read, or the database open.)
        """
        if self.ctx.db is None:
            self._when_database(self.open_editor, product_id, prefill)
            return None
        from ...core.catalog import service as catalog
        from .editor import ProductEditor

        if product_id is None:
            dialog = ProductEditor(self.ctx, None, prefill or {}, self)
            dialog.saved.connect(self._editor_saved)
            dialog.open()
            return dialog
        db = self.ctx.db
        job = self.ctx.tasks.read(lambda _progress, _cancel: catalog.get_product_by_id(db, product_id), parent=self,
                                  name="product")
        job.succeeded.connect(self._open_loaded)
        return None

    def _open_loaded(self, view) -> None:
        from .editor import ProductEditor

        dialog = ProductEditor(self.ctx, view, {}, self)
        dialog.saved.connect(self._editor_saved)
        self.editor = dialog
        dialog.open()

    def _editor_saved(self, product_id: int) -> None:
        if not self.table.select_id(product_id):
            self._pending_select = product_id

    def _stock_dialog(self, kind: str) -> None:
        self._when_database(self._open_stock_dialog, kind, self.table.current_id())

    def _open_stock_dialog(self, kind: str, product_id: int | None) -> None:
        from ..stock.dialogs import open_stock_dialog

        open_stock_dialog(self.ctx, kind, product_id, self)

    def _history(self) -> None:
        pid = self.table.current_id()
        if pid is not None:
            self._when_database(self._open_history, pid)

    def _open_history(self, product_id: int) -> None:
        from ..stock.history import MovementHistoryDialog

        MovementHistoryDialog.show_for(self.ctx, product_id, self)

    def _context_menu(self, pos) -> None:
        pid = self.table.current_id()
        if pid is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Sửa sản phẩm…"), self._edit_current)
        menu.addSeparator()
        menu.addAction(self.tr("Nhập kho…"), lambda: self._stock_dialog("receive"))
        menu.addAction(self.tr("Điều chỉnh tồn kho…"), lambda: self._stock_dialog("adjust"))
        menu.addAction(self.tr("Chuyển kho…"), lambda: self._stock_dialog("transfer"))
        menu.addAction(self.tr("Lịch sử kho…"), self._history)
        menu.addSeparator()
        row = self.model.data(self.table.currentIndex(), Qt.ItemDataRole.UserRole + 2)
        archived = row is not None and row.status == "archived"
        menu.addAction(self.tr("Bán lại") if archived else self.tr("Lưu trữ (ngừng bán)"),
                       lambda: self._set_status(pid, "active" if archived else "archived"))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _set_status(self, product_id: int, status: str) -> None:
        row = self.model.data(self.table.currentIndex(), Qt.ItemDataRole.UserRole + 2)
        if row is not None:
            self._when_database(self._write_status, row.sku, status)

    def _write_status(self, sku: str, status: str) -> None:
        from ...core.catalog import service as catalog

        db = self.ctx.db
        self.ctx.tasks.write(lambda _progress, _cancel: catalog.update_product(db, sku, status=status), parent=self,
                             name="product status")

    # Language --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Sản phẩm"))
        self.add_button.setText(self.tr("+ Thêm sản phẩm"))
        self.edit_button.setText(self.tr("Sửa"))
        self.receive_button.setText(self.tr("Nhập kho"))
        self.history_button.setText(self.tr("Lịch sử kho"))
        self.search.setPlaceholderText(self.tr("Tìm theo tên, SKU hoặc mã vạch (không cần dấu), hoặc quét mã…"))
        self.low_stock.setText(self.tr("Sắp hết hàng"))
        self.expiring.setText(self.tr("Sắp hết hạn"))
        if self.category.count():
            self.category.setItemText(0, self.tr("Tất cả danh mục"))
        self._fill_status()
        self.count_label.setText(self.tr("{n} sản phẩm").format(n=fmt_int(self.model.rowCount())))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

