"""The products table model: a list of ids from SQL, rows fetched a page at a time, refreshed by id.

At start it may first show a page read without the database layer (`show_first_page`), then take
over the full list, unnoticed, once the database is open (`ctx.when_database`).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from ...core.catalog.rows import BrowseFilters, BrowseSort, ProductRow
from ...core.changes import Changes
from ...core.money import format_vnd
from ..context import AppContext
from ..server.link import server_away
from ..widgets import fmt_int

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_PAGES = 60
ThumbnailProvider = Callable[[int], object]
"""product id -> QPixmap/QImage/QIcon, or None while there is none (yet)."""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort_key: str | None
    align_right: bool = False


COLUMNS = {
    "photo": Column("photo", QT_TRANSLATE_NOOP("ProductColumns", "Ảnh"), None),
    "sku": Column("sku", QT_TRANSLATE_NOOP("ProductColumns", "SKU"), "sku"),
    "name": Column("name", QT_TRANSLATE_NOOP("ProductColumns", "Tên sản phẩm"), "name"),
    "category": Column("category", QT_TRANSLATE_NOOP("ProductColumns", "Danh mục"), "category"),
    "price": Column("price", QT_TRANSLATE_NOOP("ProductColumns", "Giá"), "price", True),
    "on_hand": Column("on_hand", QT_TRANSLATE_NOOP("ProductColumns", "Tồn kho"), "on_hand", True),
    "threshold": Column("threshold", QT_TRANSLATE_NOOP("ProductColumns", "Mức báo hết"), None, True),
    "unit": Column("unit", QT_TRANSLATE_NOOP("ProductColumns", "ĐVT"), "unit"),
    "bin": Column("bin", QT_TRANSLATE_NOOP("ProductColumns", "Vị trí"), None),
    "status": Column("status", QT_TRANSLATE_NOOP("ProductColumns", "Trạng thái"), "status"),
}
PRODUCT_COLUMNS = ("photo", "sku", "name", "price", "on_hand", "unit", "status")
STOCK_COLUMNS = ("sku", "name", "on_hand", "unit", "threshold", "bin")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def status_text(status: str) -> str:
    if status == "archived":
        return QCoreApplication.translate("ProductColumns", "Đã lưu trữ")
    return QCoreApplication.translate("ProductColumns", "Đang bán")


class ProductTableModel(QAbstractTableModel):
    """Holds ids only; `data()` fetches the page of rows it needs and keeps a bounded cache."""

    ids_loaded = Signal(int)
    """A new list of ids is in place (argument: how many products)."""
    rows_fetched = Signal(list)
    """These product ids were just (re)read from the database."""
    loading_changed = Signal(bool)
    """An id query started (True) or finished (False)."""

    def __init__(self, ctx: AppContext, columns: tuple[str, ...] = PRODUCT_COLUMNS, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.columns = [COLUMNS[c] for c in columns]
        self.query = ""
        self.filters = BrowseFilters()
        self.sort_order = BrowseSort()
        self.thumbnail_provider: ThumbnailProvider = lambda _id: None
        self._ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self._rows: dict[int, ProductRow] = {}
        self._pages: OrderedDict[int, list[int]] = OrderedDict()
        self._generation = 0
        self._first_page_total: int | None = None  # showing a first page read before the database opened
        self._announce_first_page = False
        self._reload_waiting = False
        self.page_fetch_times: list[float] = []
        ctx.changes.connect(self.on_changes)
        if ctx.db is not None:
            self._connect_services()

    def _connect_services(self) -> None:
        covers = self.ctx.covers
        if covers is not None:  # the cover pictures (ctx.covers): one query for each fetched page
            self.thumbnail_provider = covers.decoration
            self.rows_fetched.connect(covers.prefetch)
            covers.cover_ready.connect(self.thumbnail_ready)

    # Start before the database is open -----------------------------------------------------
    def show_first_page(self, first) -> None:
        """Show a `first_page.FirstPage` until the database opens (the scroll bar has its full length)."""
        self.beginResetModel()
        self._first_page_total = first.total
        self._ids = list(first.ids)
        self._row_of = {pid: row for row, pid in enumerate(self._ids)}
        self._rows = {r.id: r for r in first.rows}
        self._pages.clear()
        self._announce_first_page = True
        self.endResetModel()
        self.ids_loaded.emit(first.total)
        self.ctx.when_database(self._database_opened)

    def _database_opened(self) -> None:
        self._connect_services()
        self.reload()  # the real list; `_ids_arrived` takes over from the first page quietly

    @property
    def showing_first_page(self) -> bool:
        return self._first_page_total is not None

    # Loading ---------------------------------------------------------------------------------
    def set_view(self, query: str | None = None, filters: BrowseFilters | None = None,
                 sort: BrowseSort | None = None) -> None:
        """Change what is listed; the ids are queried off the GUI thread."""
        if query is not None:
            self.query = query
        if filters is not None:
            self.filters = filters
        if sort is not None:
            self.sort_order = sort
        self.reload()

    def reload(self) -> None:
        if self.ctx.db is None:  # the first page is showing; the view asked for is applied once open
            if not self._reload_waiting:
                self._reload_waiting = True
                self.ctx.when_database(self._reload_now)
            return
        self._generation += 1
        generation = self._generation
        self.loading_changed.emit(True)
        sort = self.sort_order
        if self.query.strip() and sort.key == "name" and not sort.descending:
            sort = BrowseSort(None)  # searching: best match first unless the clerk picked a column
        from ...core.catalog.browse import product_ids

        db, query, filters = self.ctx.db, self.query, self.filters
        job = self.ctx.tasks.read(lambda _progress, _cancel: product_ids(db, query, filters, sort), parent=self,
                                  name="product ids")
        job.succeeded.connect(lambda ids: self._ids_arrived(generation, ids))

    def _reload_now(self) -> None:
        if self._reload_waiting:
            self._reload_waiting = False
            self.reload()

    def set_ids(self, ids: list[int]) -> None:
        """Show `ids` (already in display order for the current view), e.g. read ahead at start."""
        self._generation += 1
        self.loading_changed.emit(True)
        self._ids_arrived(self._generation, ids)

    def _ids_arrived(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return  # a newer query was started meanwhile
        self.loading_changed.emit(False)
        if self._first_page_total is not None and self._takes_over_first_page(ids):
            return
        if ids == self._ids and self._first_page_total is None:
            self.ids_loaded.emit(len(ids))
            return
        self.beginResetModel()
        self._replace_ids(ids)
        self.endResetModel()
        self.ids_loaded.emit(len(ids))

    def _replace_ids(self, ids: list[int]) -> None:
        self._first_page_total = None
        self._announce_first_page = False
        self._ids = ids
        self._row_of = {pid: row for row, pid in enumerate(ids)}
        self._rows.clear()
        self._pages.clear()

    def _takes_over_first_page(self, ids: list[int]) -> bool:
        """The full list continues the first page shown: swap it in without a reset (the clerk may
        already be scrolling or have selected a row), and read the rows again from the database."""
        first = self._ids
        if len(ids) != self._first_page_total or ids[:len(first)] != first:
            return False
        self._replace_ids(ids)
        if ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(self.columns) - 1))
        self.ids_loaded.emit(len(ids))
        return True

    # Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid():
            return 0
        return len(self._ids) if self._first_page_total is None else self._first_page_total

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("ProductColumns", column.title) if column.key != "photo" else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate("ProductColumns", column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)) or not (0 <= index.column() < len(self.columns)):
            return None  # (past the first page while the database opens: an empty row for a moment)
        pid = self._ids[index.row()]
        if role == ID_ROLE:
            return pid
        row = self.row_at(index.row())
        if row is None:
            return None
        key = self.columns[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and key == "photo":
            return self.thumbnail_provider(pid)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = self.columns[index.column()].align_right
            return int((Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "on_hand" and row.is_low:
                return QColor("#c0392b")
            if row.status == "archived":
                return QColor("#8a948f")
        return None

    @staticmethod
    def _display(row: ProductRow, key: str) -> str | None:
        if key == "sku":
            return row.sku
        if key == "name":
            return row.name
        if key == "price":
            return format_vnd(row.price)
        if key == "on_hand":
            return fmt_int(row.on_hand)
        if key == "unit":
            return row.unit
        if key == "status":
            return status_text(row.status)
        if key == "category":
            return row.category
        if key == "threshold":
            return fmt_int(row.low_stock_threshold) if row.low_stock_threshold else ""
        if key == "bin":
            return row.bin_location
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            return
        wanted = BrowseSort(key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.sort_order:
            self.sort_order = wanted
            self.reload()

    # Rows ------------------------------------------------------------------------------------
    def row_at(self, row: int) -> ProductRow | None:
        """The row `row` shows, fetching its page (PAGE_SIZE rows) from the database if needed."""
        if not 0 <= row < len(self._ids):
            return None
        pid = self._ids[row]
        cached = self._rows.get(pid)
        if cached is not None:
            if self._announce_first_page:  # the view paints the first page: the page is ready
                self._announce_first_page = False
                self.rows_fetched.emit(list(self._ids))
            return cached
        if self.ctx.db is None or server_away(self.ctx):
            return None  # the server is away (the banner says so): an empty row until it is back
        from ...core.catalog.browse import product_rows
        from ...core.postgres.errors import ServerUnavailable

        page = row // PAGE_SIZE
        ids = self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        started = time.perf_counter()
        try:
            fetched = product_rows(self.ctx.db, ids)
        except ServerUnavailable:
            return None  # a full refresh follows the reconnection
        self._store(fetched)
        self.page_fetch_times.append(time.perf_counter() - started)
        self._pages[page] = ids
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            _, old = self._pages.popitem(last=False)
            for old_id in old:
                self._rows.pop(old_id, None)
        self.rows_fetched.emit(ids)
        return self._rows.get(pid)

    def _store(self, rows: list[ProductRow]) -> None:
        for r in rows:
            self._rows[r.id] = r

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, product_id: int) -> int | None:
        return self._row_of.get(product_id)

    def ids(self) -> list[int]:
        return list(self._ids)

    def thumbnail_ready(self, product_id: int) -> None:
        """Slot for a thumbnail provider: the picture of `product_id` is now available."""
        row = self._row_of.get(product_id)
        if row is not None and self.columns[0].key == "photo":
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


    # Changes ---------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        """Refetch exactly the rows that changed; re-query the ids only if order or membership may differ."""
        if changes.catalog_reset or changes.reset:
            self.reload()
            return
        touched = changes.touched_product_ids
        if not touched:
            return
        present = [pid for pid in touched if pid in self._row_of]
        reload = len(present) < len(touched)  # a new product, or one that may now match the filters
        if present:
            from ...core.catalog.browse import product_rows

            before = {pid: self._rows.get(pid) for pid in present}
            fresh = product_rows(self.ctx.db, present)
            self._store(fresh)
            self.rows_fetched.emit([r.id for r in fresh])
            gone = set(present) - {r.id for r in fresh}
            reload = reload or bool(gone)
            for r in fresh:
                row = self._row_of[r.id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
                reload = reload or self._moves(before[r.id], r)
        if reload:
            self.reload()

    def _moves(self, old: ProductRow | None, new: ProductRow) -> bool:
        """Whether a changed row may now sit elsewhere in the list or leave it."""
        if old is None:
            return True  # not on screen lately: we cannot tell, so re-query (cheap, off the GUI thread)
        if old.status != new.status or old.category != new.category:
            return True
        key = self.sort_order.key
        fields = {"name": "name", "sku": "sku", "price": "price", "on_hand": "on_hand", "unit": "unit",
                  "status": "status", "category": "category"}
        if key in fields and getattr(old, fields[key]) != getattr(new, fields[key]):
            return True
        if self.filters.low_stock and (old.on_hand != new.on_hand or old.low_stock_threshold != new.low_stock_threshold):
            return True
        if self.query and (old.name != new.name or old.sku != new.sku or old.barcode != new.barcode):
            return True
        return bool(self.filters.expiring_within_days is not None and old.on_hand != new.on_hand)
