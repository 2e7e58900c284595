"""The orders page: filters, the order list, the selected order's detail, and its actions."""

from __future__ import annotations

import html
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gianhang_desktop.core.changes import Changes
from gianhang_desktop.core.errors import GianHangError
from gianhang_desktop.core.labels.layout import DEFAULT_SIZE, SIZES
from gianhang_desktop.core.money import format_vnd
from gianhang_desktop.core.orders import documents, service
from gianhang_desktop.core.orders.states import OrderStatus, next_statuses
from gianhang_desktop.core.orders.views import OrderFilter, OrderView
from gianhang_desktop.core.phone import format_phone
from gianhang_desktop.gui.context import AppContext
from gianhang_desktop.gui.date_field import DateField
from gianhang_desktop.gui.orders.entry_dialog import ManualOrderDialog
from gianhang_desktop.gui.orders.label_printing import configure_printer, print_labels
from gianhang_desktop.gui.orders.model import CHANNEL_NAMES, OrdersTableModel
from gianhang_desktop.gui.shipping.order_actions import ShippingActions
from gianhang_desktop.gui.tasks import show_error
from gianhang_desktop.gui.widgets import fmt_datetime

PLATFORMS = {"tiktok": "TikTok Shop"}  # marketplace names that capitalize() would spell wrong
ACTION_TEXT = {
    OrderStatus.PAID: "Đã thanh toán", OrderStatus.CONFIRMED: "Xác nhận",
    OrderStatus.PACKED: "Đã đóng gói", OrderStatus.SHIPPED: "Giao cho vận chuyển",
    OrderStatus.DELIVERED: "Đã giao", OrderStatus.COMPLETED: "Hoàn tất",
    OrderStatus.CANCELLED: "Hủy đơn", OrderStatus.RETURNED: "Hoàn trả",
}


class OrdersPage(QWidget):
    """Orders from every channel.

    Status changes, the order shown and the label and list files run on the window's task runner
    (`tasks`, gui/tasks.py): writes queue on its one database writer, which announces their changes
    on `tasks.changes_happened`; the page refreshes from that signal only (its own changes and the
    ones a sync or another page made, once each). Files are drawn in its pool (with a progress
    dialog when that takes a while), and the window never freezes.
    """

    order_shown = Signal(str)
    """The detail of this order is shown, with its action buttons."""
    file_saved = Signal(str)
    """A label, pick-list or packing-slip file was written to this path."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = ctx.db
        self._tasks = ctx.tasks
        self._settings = ctx.settings
        self._current: OrderView | None = None
        self._detail_html = ""
        self._shown_code: str | None = None
        self.model = OrdersTableModel(ctx.db, self)
        ctx.changes.connect(self.apply_changes)
        self.shipping = ShippingActions(self, ctx.db, ctx.tasks)

        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Mọi trạng thái"), None)
        for status in OrderStatus:
            self.status_filter.addItem(service.status_label(status), status.value)
        self.channel_filter = QComboBox()
        self.channel_filter.addItem(self.tr("Mọi kênh"), None)
        for value, text in CHANNEL_NAMES.items():
            self.channel_filter.addItem(text, value)
        self._load_channel_accounts()
        # Empty dates: no limit. A date that cannot be read is explained under its field and the
        # list keeps its last good filter.
        self.date_from = DateField(field="from")
        self.date_to = DateField(field="to")
        self.date_from.setObjectName("ordersFromDate")
        self.date_to.setObjectName("ordersToDate")
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(150)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm mã đơn, tên, số điện thoại"))
        self.search.setClearButtonEnabled(True)
        add_button = QPushButton(self.tr("Thêm đơn…"))
        add_button.clicked.connect(self.add_order)

        filters = QHBoxLayout()
        labels = [QLabel(self.tr("Từ ngày")), QLabel(self.tr("đến"))]
        for label in labels:  # level with the date boxes, also while a date's message shows under one
            label.setFixedHeight(self.date_from.editor.sizeHint().height())
        for widget in (self.status_filter, self.channel_filter, labels[0], self.date_from, labels[1], self.date_to,
                       self.search):
            filters.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        filters.addStretch()
        filters.addWidget(add_button)
        for combo in (self.status_filter, self.channel_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.date_from.date_changed.connect(self.apply_filter)
        self.date_to.date_changed.connect(self.apply_filter)
        self.search.textChanged.connect(self.apply_filter)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = QTextBrowser()
        self.actions_bar = QHBoxLayout()
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail)
        detail_layout.addLayout(self.actions_bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.label_size = QComboBox()
        for key, paper in SIZES.items():
            self.label_size.addItem(paper.title, key)
        remembered = self._settings.values.label_size  # the printer and label size last used
        self.label_size.setCurrentIndex(max(0, self.label_size.findData(remembered if remembered in SIZES else DEFAULT_SIZE)))
        paper_bar = QHBoxLayout()
        paper_bar.addWidget(QLabel(self.tr("Khổ nhãn")))
        paper_bar.addWidget(self.label_size)
        for text, slot in ((self.tr("In nhãn…"), self.print_selected_labels),
                           (self.tr("Lưu nhãn PDF…"), self.save_labels_pdf),
                           (self.tr("Lưu ZPL…"), self.save_labels_zpl),
                           (self.tr("Phiếu lấy hàng…"), self.save_pick_list),
                           (self.tr("Phiếu đóng gói…"), self.save_packing_slips)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            paper_bar.addWidget(button)
        for button in self.shipping.buttons():
            paper_bar.addWidget(button)
        paper_bar.addStretch()
        self.selection_info = QLabel()
        paper_bar.addWidget(self.selection_info)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(paper_bar)
        self.apply_filter()

    def _load_channel_accounts(self) -> None:
        """The marketplace accounts (core/channels) join the channel filter, read off the GUI thread."""
        from gianhang_desktop.core.channels.accounts import account_names

        db = self._db
        self._tasks.read(lambda _p, _c: account_names(db), parent=self,
                         name="channel names").succeeded.connect(self._show_channel_accounts)

    def _show_channel_accounts(self, names: list[tuple[str, str]]) -> None:
        current = self.channel_filter.currentData()
        self.channel_filter.blockSignals(True)
        while self.channel_filter.count() > len(CHANNEL_NAMES) + 1:
            self.channel_filter.removeItem(self.channel_filter.count() - 1)
        for name, platform in names:
            self.channel_filter.addItem(f"{name} ({PLATFORMS.get(platform, platform.capitalize())})", name)
        found = self.channel_filter.findData(current)
        self.channel_filter.setCurrentIndex(max(0, found))
        self.channel_filter.blockSignals(False)
        if current is not None and found < 0:  # the account was removed: show every channel
            self.apply_filter()

    # --- list ---------------------------------------------------------------

    def current_filter(self) -> OrderFilter:
        status = self.status_filter.currentData()
        return OrderFilter(
            statuses=(status,) if status else (), channel=self.channel_filter.currentData(),
            date_from=self.date_from.committed_date(), date_to=self.date_to.committed_date(),
            search=self.search.text())

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self._show_order(None)

    def apply_changes(self, changes: Changes) -> None:
        """Refresh exactly the orders ``changes`` names, and the actions offered for the selection
        when it holds one of them (the page hears its own changes here too, once)."""
        if changes.channels or changes.reset:  # an account added or removed
            self._load_channel_accounts()
        if changes.reset:  # all data replaced (a restore)
            self.apply_filter()
            return
        if not changes.orders:
            return
        self.model.refresh_ids(changes.orders)
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        selected = {order.id for order in map(self.model.order_at, rows) if order is not None}
        if len(selected) > 1 and selected & changes.orders:
            self._selection_changed()
        elif self._current and self._current.id in changes.orders:
            self._show_order(self._current.code)

    def selected_codes(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return self.model.codes(rows)

    def _selection_changed(self) -> None:
        codes = self.selected_codes()
        self.selection_info.setText(self.tr("Đã chọn %n đơn", "", len(codes)) if codes else "")
        self._show_order(codes[0] if len(codes) == 1 else None)
        if len(codes) > 1:
            self._show_bulk_actions(codes)

    def _show_bulk_actions(self, codes: list[str]) -> None:
        """With several orders selected, offer the steps allowed for every one of them."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        kinds = {(self.model.order_at(row).status, self.model.order_at(row).channel) for row in rows}
        common = None
        for status, channel in kinds:
            allowed = set(next_statuses(status, channel))
            common = allowed if common is None else common & allowed
        self.detail.setHtml(f"<h3>{len(codes)} đơn</h3>" + "<br>".join(html.escape(c) for c in codes[:50]))
        for target in (s for s in OrderStatus if s in (common or set())):
            button = QPushButton(self.tr(ACTION_TEXT[target]) + f" ({len(codes)})")
            button.setObjectName(f"bulk_to_{target.value}")
            button.clicked.connect(lambda _=False, t=target: self.change_status_of_selection(t))
            self.actions_bar.addWidget(button)
        self.actions_bar.addStretch()

    def change_status_of_selection(self, target: OrderStatus) -> None:
        codes = self.selected_codes()
        if target in (OrderStatus.CANCELLED, OrderStatus.RETURNED) and not self.confirm(
                self.tr("Chuyển %1 đơn sang '%2'?").replace("%1", str(len(codes)))
                .replace("%2", service.status_label(target))):
            return
        db = self._db
        self._run(lambda: service.change_status_many(db, codes, target), self._bulk_done, write=True)

    def _bulk_done(self, result) -> None:
        refused = result.refused  # the steps offered follow from the announced changes (apply_changes)
        if refused:
            self.show_error("\n".join(f"{code}: {error.message()}" for code, error in refused[:20]))

    # --- detail and status actions -------------------------------------------

    def _show_order(self, code: str | None) -> None:
        while self.actions_bar.count():
            widget = self.actions_bar.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._current = None
        self._shown_code = code
        if code is None:
            self.detail.setHtml("")
            return
        db = self._db

        def read():
            from gianhang_desktop.core.channels.orders_view import channel_order_info

            return service.get_order(db, code), channel_order_info(db, code)

        self._run(read, lambda found: self._render_order(code, *found), write=False)

    def _render_order(self, code: str, view: OrderView, marketplace: dict | None = None) -> None:
        if code != self._shown_code:
            return  # another order (or several) was selected meanwhile
        self._current = view
        self._detail_html = order_html(view) + (marketplace_html(marketplace) if marketplace else "")
        self.detail.setHtml(self._detail_html)
        self.shipping.describe(code, lambda text, returned: self._show_shipment(code, text, returned))
        for target in view.next_statuses:
            button = QPushButton(self.tr(ACTION_TEXT[target]))
            button.setObjectName(f"to_{target.value}")
            button.clicked.connect(lambda _=False, t=target: self.change_status(t))
            self.actions_bar.addWidget(button)
        self.actions_bar.addStretch()
        self.order_shown.emit(code)

    def _show_shipment(self, code: str, text: str, returned: bool) -> None:
        if self._current is None or self._current.code != code or not text:
            return
        self.detail.setHtml(self._detail_html + text)
        if returned:
            button = QPushButton(self.tr("Đã nhận lại hàng hoàn"))
            button.setObjectName("receive_return")
            button.clicked.connect(lambda: self.shipping.receive_return(code))
            self.actions_bar.insertWidget(0, button)

    def change_status(self, target: OrderStatus) -> None:
        if self._current is None:
            return
        if target in (OrderStatus.CANCELLED, OrderStatus.RETURNED) and not self.confirm(
                self.tr("Chuyển đơn %1 sang '%2'?").replace("%1", self._current.code)
                .replace("%2", service.status_label(target))):
            return
        code, db = self._current.code, self._db
        self._run(lambda: service.change_status(db, code, target), None, write=True)

    def add_order(self) -> None:
        db, tasks = self._db, self._tasks

        def submit(draft):
            return tasks.write(lambda _progress, _cancel: service.add_order(db, draft), parent=self,
                               name="add order")

        created = ManualOrderDialog.ask(self, submit)
        if created is not None:
            row = self.model.row_of(created.id)
            if row >= 0:
                self.table.selectRow(row)

    # --- paper ---------------------------------------------------------------

    def _codes_or_warn(self) -> list[str]:
        codes = self.selected_codes()
        if not codes:
            self.show_error(self.tr("Hãy chọn ít nhất một đơn hàng"))
        return codes

    def _size(self) -> str:
        return self.label_size.currentData()

    def _remember(self, printer_name: str | None = None) -> None:
        """Keep the label size (and the printer) for next time, in the settings file."""
        keys = {"label_size": self._size()} | ({"printer_name": printer_name} if printer_name is not None else {})
        self._settings.update(**keys)

    def selected_marketplace_codes(self) -> list[str]:
        """The selected orders that came from a marketplace account (their label is the platform's)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        orders = [self.model.order_at(row) for row in rows]
        return [o.code for o in orders if o is not None and o.channel not in CHANNEL_NAMES]

    def print_selected_labels(self) -> None:
        codes = self._codes_or_warn()
        if not codes:
            return
        if self.selected_marketplace_codes():
            self.print_with_platform_labels(codes)
            return
        labels = self._call(lambda: documents.label_data(self._db, codes))
        if labels is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        configure_printer(printer, self._size(), self._settings.values.printer_name)
        if not self.ask_printer(printer):
            return
        self._call(lambda: print_labels(labels, printer, self._size()))
        self._remember(printer.printerName())

    def print_with_platform_labels(self, codes: list[str]) -> None:
        """Marketplace orders print the platform's own label as delivered: every selected label goes
        into one PDF, opened in the PDF viewer for one print job at the label's own size."""
        path = Path(tempfile.mkdtemp(prefix="gianhang-labels-")) / "nhan-van-chuyen.pdf"
        self._platform_labels(codes, str(path)).succeeded.connect(lambda _job: self.open_file(str(path)))

    def _platform_labels(self, codes: list[str], path: str):
        """Write the labels of ``codes`` to ``path`` (platforms' own for marketplace orders, arranged
        first where the platform needs it) on the sync lane; `file_saved` once written."""
        db, size = self._db, self._size()

        def work(progress, cancel):
            from gianhang_desktop.core.channels.labels import order_labels

            buffer = io.BytesIO()  # the file is written only once every label is in hand
            job = order_labels(db, codes, buffer, size, progress=progress, cancel=cancel)
            Path(path).write_bytes(buffer.getvalue())
            return job

        job = self._tasks.sync(work, parent=self, label=self.tr("Đang tải nhãn của sàn…"), name="platform labels")
        job.succeeded.connect(lambda _job: self.file_saved.emit(path))
        job.failed.connect(self._refused)
        self._remember()
        return job

    def open_file(self, path: str) -> None:
        """Open a file with the system's viewer (the PDF reader prints it); tests replace this."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def ask_printer(self, printer: QPrinter) -> bool:
        """Qt's print dialog; tests replace this."""
        return QPrintDialog(printer, self).exec() == QPrintDialog.DialogCode.Accepted

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        """A save-file dialog; tests replace this."""
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, file_filter)
        return path

    def _save(self, title: str, suggested: str, file_filter: str,
              write: Callable[[str, list[str]], object]) -> None:
        codes = self._codes_or_warn()  # read here, on the GUI thread; the file is drawn in the pool
        if not codes:
            return
        path = self.ask_save_path(title, suggested, file_filter)
        if path:
            self._run(lambda: write(path, codes), lambda _result: self.file_saved.emit(path), write=False,
                      label=self.tr("Đang tạo tệp…"))
            self._remember()

    def save_labels_pdf(self) -> None:
        size = self._size()
        if self.selected_marketplace_codes():  # the platforms' own labels: network and arranging
            codes = self._codes_or_warn()
            path = self.ask_save_path(self.tr("Lưu nhãn PDF"), "nhan-van-chuyen.pdf", "PDF (*.pdf)")
            if path:
                self._platform_labels(codes, path)
            return
        self._save(self.tr("Lưu nhãn PDF"), "nhan-van-chuyen.pdf", "PDF (*.pdf)",
                   lambda path, codes: documents.render_order_labels(self._db, codes, path, size))

    def save_labels_zpl(self) -> None:
        size = self._size()
        self._save(self.tr("Lưu nhãn ZPL"), "nhan-van-chuyen.zpl", "ZPL (*.zpl)",
                   lambda path, codes: documents.render_order_labels(self._db, codes, path, size, fmt="zpl"))

    def save_pick_list(self) -> None:
        self._save(self.tr("Lưu phiếu lấy hàng"), "phieu-lay-hang.pdf", "PDF (*.pdf)",
                   lambda path, codes: documents.render_order_pick_list(self._db, codes, path))

    def save_packing_slips(self) -> None:
        self._save(self.tr("Lưu phiếu đóng gói"), "phieu-dong-goi.pdf", "PDF (*.pdf)",
                   lambda path, codes: documents.render_order_packing_slips(self._db, codes, path))

    # --- errors ---------------------------------------------------------------

    def _call(self, fn):
        """`fn()` right here (printing, which needs the print dialog); refusals shown as `_refused`."""
        try:
            return fn()
        except (GianHangError, ValueError) as error:
            self._refused(error)
        return None

    def _run(self, fn, on_done, *, write: bool, label: str | None = None) -> None:
        """`fn()` on the window's task runner (a write on its writer, which announces the changes);
        the core's refusals are shown here, as `_call` does."""
        start = self._tasks.write if write else self._tasks.read
        job = start(lambda _progress, _cancel: fn(), parent=self, label=label)
        if on_done is not None:
            job.succeeded.connect(on_done)
        job.failed.connect(self._refused)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, GianHangError):
            self.show_error(error.message())
        elif isinstance(error, ValueError):  # e.g. a label that cannot be drawn (non-ASCII code)
            self.show_error(str(error))
        else:
            show_error(self, error)  # unexpected: the one error dialog, and the log

    def show_error(self, text: str) -> None:
        """Tell the user what went wrong; tests replace this."""
        QMessageBox.warning(self, self.tr("Đơn hàng"), text)

    def confirm(self, text: str) -> bool:
        """Ask yes/no; tests replace this."""
        return QMessageBox.question(self, self.tr("Đơn hàng"), text) == QMessageBox.StandardButton.Yes


def order_html(view: OrderView) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(i.sku)}</td><td>{e(i.name)}</td><td align=right>{i.quantity}</td>"
        f"<td align=right>{format_vnd(i.unit_price)}</td><td align=right>{format_vnd(i.amount)}</td></tr>"
        for i in view.items)
    lots = "".join(f"<li>{e(sku)}: {e(lot) or '—'} × {qty}</li>" for sku, lot, qty in view.shipped_lots)
    cod = f"Thu hộ: {format_vnd(view.cod_amount)}" if view.cod_amount else "Không thu tiền"
    short = ", ".join(f"{e(sku)} thiếu {missing}" for sku, missing in view.stock_short)
    warning = (f"<p style='color:#c0392b'><b>Thiếu hàng còn hạn:</b> {short}. Lô đã hết hạn hoặc ngừng bán "
               f"không được giao: nhập thêm hàng hoặc hủy đơn.</p>") if short else ""
    return (
        f"<h2>{e(view.code)}</h2>{warning}"
        f"<p><b>{e(service.status_label(view.status))}</b> · {e(CHANNEL_NAMES.get(view.channel, view.channel))}"
        f" · {fmt_datetime(view.created_at)}</p>"
        f"<p><b>{e(view.buyer_name)}</b> · {e(format_phone(view.phone))}<br>{e(view.full_address)}</p>"
        f"<table width=100% cellspacing=0 cellpadding=3 border=1>"
        f"<tr><th>SKU</th><th>Sản phẩm</th><th>SL</th><th>Đơn giá</th><th>Thành tiền</th></tr>{rows}</table>"
        f"<p>Tiền hàng: {format_vnd(view.subtotal)} · Phí vận chuyển: {format_vnd(view.shipping_fee)}"
        f"<br><b>{cod}</b></p>"
        + (f"<p>Ghi chú: {e(view.note)}</p>" if view.note else "")
        + (f"<p>Lý do hủy/hoàn: {e(view.cancel_reason)}</p>" if view.cancel_reason else "")
        + (f"<p>Đã xuất từ lô:</p><ul>{lots}</ul>" if lots else "")
        + (f"<p>Mã vận đơn: <b>{e(view.tracking_code)}</b></p>" if view.tracking_code else "")
    )



def marketplace_html(info: dict) -> str:
    """A marketplace order's side (core/channels): its id there, what needs a look, the money the
    platform reported and the address as the platform gave it."""
    e = html.escape
    fees = "".join(f"<li>{e(name)}: {format_vnd(amount)}</li>" for name, amount in (info.get("fees") or {}).items())
    warning = (f"<p style='color:#c0392b'><b>Cần xem:</b> {e(info['warning'])}</p>" if info.get("warning") else "")
    return (
        f"<h3>{e(info['channel'])} · mã đơn trên sàn {e(info['channel_order_id'])}</h3>{warning}"
        f"<p>Trạng thái trên sàn: {e(info.get('platform_status') or '—')}"
        + (f" · Tổng sàn thu: {format_vnd(info['total'])}" if info.get("total") is not None else "")
        + (f" · <b>Sàn trả về: {format_vnd(info['payout'])}</b>" if info.get("payout") is not None else "")
        + "</p>"
        + (f"<p>Phí sàn:</p><ul>{fees}</ul>" if fees else "")
        + (f"<p>Địa chỉ gốc trên sàn: {e(info['original_address'])}</p>" if info.get("original_address") else "")
    )
