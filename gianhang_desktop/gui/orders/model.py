"""Table model of the order list: holds ids, fetches rows a page at a time, refreshes stale ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from gianhang_desktop.core.money import format_vnd
from gianhang_desktop.core.orders.service import find_order_ids, order_rows, status_label
from gianhang_desktop.core.orders.views import OrderFilter, OrderRow
from gianhang_desktop.core.phone import format_phone
from gianhang_desktop.core.postgres.errors import ServerUnavailable
from gianhang_desktop.gui.widgets import fmt_datetime

PAGE = 200
CHANNEL_NAMES = {"manual": "Tại quầy", "phone": "Điện thoại", "zalo": "Zalo", "store": "Sàn"}


class OrdersTableModel(QAbstractTableModel):
    """Orders matching a filter, newest first; rows are loaded lazily for the visible range."""

    COLUMNS = ("code", "created", "channel", "status", "buyer", "phone", "items", "total", "cod")

    def __init__(self, db, parent=None,
                 fetch_ids: Callable = find_order_ids, fetch_rows: Callable = order_rows):
        super().__init__(parent)
        self._db = db
        self._fetch_ids, self._fetch_rows = fetch_ids, fetch_rows
        self._filter = OrderFilter()
        self._ids: list[int] = []
        self._rows: dict[int, OrderRow] = {}
        self._headers = (self.tr("Mã đơn"), self.tr("Ngày tạo"), self.tr("Kênh"),
                         self.tr("Trạng thái"), self.tr("Người mua"), self.tr("Điện thoại"),
                         self.tr("SL dòng"), self.tr("Tổng tiền"), self.tr("Thu hộ"))

    # --- data loading ---------------------------------------------------------

    def set_filter(self, flt: OrderFilter) -> None:
        self._filter = flt
        self.reload()

    @property
    def filter(self) -> OrderFilter:
        return self._filter

    def reload(self) -> None:
        """Re-run the filter query (ids only) and drop the cached rows."""
        self.beginResetModel()
        self._ids = self._fetch_ids(self._db, self._filter)
        self._rows.clear()
        self.endResetModel()

    def refresh_ids(self, ids: Iterable[int]) -> None:
        """Some orders changed: new ones may now match, changed rows are fetched again."""
        stale = set(ids)
        if not stale:
            return
        new_ids = self._fetch_ids(self._db, self._filter)
        if new_ids != self._ids:
            self.beginResetModel()
            self._ids = new_ids
            for order_id in stale:
                self._rows.pop(order_id, None)
            self.endResetModel()
            return
        for row, order_id in enumerate(self._ids):
            if order_id in stale:
                self._rows.pop(order_id, None)
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _row(self, row: int) -> OrderRow | None:
        order_id = self._ids[row]
        cached = self._rows.get(order_id)
        if cached is None:
            start = (row // PAGE) * PAGE
            page = [i for i in self._ids[start:start + PAGE] if i not in self._rows]
            try:
                for fetched in self._fetch_rows(self._db, page):
                    self._rows[fetched.id] = fetched
            except ServerUnavailable:
                return None  # the server is away (the window's banner says so); refreshed once back
            cached = self._rows.get(order_id)
        return cached

    def order_at(self, row: int) -> OrderRow | None:
        return self._row(row) if 0 <= row < len(self._ids) else None

    def row_of(self, order_id: int) -> int:
        try:
            return self._ids.index(order_id)
        except ValueError:
            return -1

    def codes(self, rows: Sequence[int]) -> list[str]:
        return [r.code for r in (self.order_at(row) for row in rows) if r is not None]

    # --- Qt model API ---------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("items", "total", "cod"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _display(self, row: OrderRow, column: str):
        if column == "code":
            return row.code
        if column == "created":
            return fmt_datetime(row.created_at)
        if column == "channel":
            return self.tr(CHANNEL_NAMES.get(row.channel, row.channel))
        if column == "status":
            return self.tr(status_label(row.status))
        if column == "buyer":
            return row.buyer_name
        if column == "phone":
            return format_phone(row.phone)
        if column == "items":
            return str(row.item_count)
        if column == "total":
            return format_vnd(row.total)
        return format_vnd(row.cod_amount) if row.cod_amount else "—"
