"""The main window: a sidebar of pages (pages.PAGES), menus, and window state kept in Settings."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core.disk import DiskFull
from ..core.errors import GianHangError
from .context import AppContext
from .pages import PAGES, Page
from .read_only import ReadOnlyBanner
from .server.banner import ServerBanner
from .staff.who import SignedInLabel
from .widgets import glyph_icon

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Wires the pages together; knows nothing of what each page does."""

    page_ready = Signal(str)
    """The page with this key shows its first real data (used by --screenshot)."""

    def __init__(self, ctx: AppContext, start_page: str | None = None):
        super().__init__()
        self.ctx = ctx
        self.pages: dict[str, QWidget] = {}
        self.persist_state = True  # False for --screenshot: leave the user's window state alone
        self._ready: set[str] = set()
        self.setObjectName("mainWindow")
        self.setMinimumSize(900, 560)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        side = QWidget(objectName="sidebarPanel")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(12, 16, 12, 12)
        side_layout.setSpacing(8)
        self.brand = QLabel("Gian Hàng", objectName="brand")
        self.brand_sub = QLabel(objectName="brandSub")
        side_layout.addWidget(self.brand)
        side_layout.addWidget(self.brand_sub)
        self.sidebar = QListWidget(objectName="sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for page in PAGES:
            item = QListWidgetItem(glyph_icon(page.icon, "#2e6b4f"), "")
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.sidebar.addItem(item)
        side_layout.addWidget(self.sidebar, 1)
        self.version_label = QLabel(f"v{__version__}", objectName="versionLabel")
        side_layout.addWidget(self.version_label)
        side.setFixedWidth(210)
        self.stack = QStackedWidget(objectName="pageStack")
        self.read_only_banner = ReadOnlyBanner()
        self.server_banner = ServerBanner()
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.server_banner)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.stack, 1)
        row.addWidget(side)
        row.addWidget(content, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.statusBar().setSizeGripEnabled(True)
        self.statusBar().addPermanentWidget(SignedInLabel(ctx))
        ctx.tasks.busy_changed.connect(self._busy)

        self._restore_geometry()
        self.retranslate()
        key = start_page or ctx.settings.values.last_page
        keys = [p.key for p in PAGES]
        self.sidebar.setCurrentRow(keys.index(key) if key in keys else 0)
        if ctx.db is None:  # the first products are shown while the database opens
            self.import_action.setEnabled(False)
            self.statusBar().showMessage(self.tr("Đang mở dữ liệu…"))
            ctx.when_database(self._database_opened)
        else:
            self._show_read_only()
            self._start_channel_sync()
        ctx.when_database(self._follow_server)

    def _follow_server(self) -> None:
        """On the cooperative's server: the banner says when it is away (the link retries)."""
        link = self.ctx.server_link
        if link is None:
            return
        link.connection_changed.connect(self.server_banner.connection_changed)
        self.server_banner.retry_requested.connect(link.retry_now)
        if link.connected is False:  # it went away before the window was told
            from ..core.postgres.errors import connection_lost

            self.server_banner.lost(connection_lost(link.feed.where).text())

    def _database_opened(self) -> None:
        self.import_action.setEnabled(True)
        self.statusBar().clearMessage()
        self._show_read_only()
        self._show_row(self.sidebar.currentRow())  # a page chosen meanwhile can be built now
        self._start_channel_sync()

    def _start_channel_sync(self) -> None:
        """Marketplace accounts with automatic sync on are kept in step while the window is open."""
        from .channels.auto import ChannelAutoSync  # imported once the window is up (quick start)

        self.channel_sync = ChannelAutoSync(self.ctx, self)
        self.channel_sync.start()

    def _show_read_only(self) -> None:
        """A read-only data folder: the banner says so, and nothing tries to write (Excel import)."""
        if getattr(self.ctx.db, "read_only", False):
            full = isinstance(getattr(self.ctx.db, "write_refusal", None), DiskFull)
            self.read_only_banner.show_for(self.ctx.db.data_dir, disk_full=full)
            self.import_action.setEnabled(False)

    # Pages -----------------------------------------------------------------------------------
    def show_page(self, key: str) -> QWidget:
        """Bring the page `key` to the front (building it on first use) and return it."""
        keys = [p.key for p in PAGES]
        self.sidebar.setCurrentRow(keys.index(key))
        return self.pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = PAGES[row]
        if page.key not in self.pages and self.ctx.db is None and not page.before_database:
            return  # built by _database_opened, a moment from now
        widget = self.pages.get(page.key) or self._build(page)
        self.stack.setCurrentWidget(widget)
        if hasattr(widget, "page_shown"):
            widget.page_shown()
        if not hasattr(widget, "ready"):
            self._mark_ready(page.key)

    def _build(self, page: Page) -> QWidget:
        try:
            widget = page.factory(self.ctx)
        except Exception:
            log.exception("Could not build page %s", page.key)
            from .widgets import PlaceholderPage

            widget = PlaceholderPage(QCoreApplication.translate(
                "MainWindow", "Trang này chưa mở được. Chi tiết đã ghi vào nhật ký."))
        widget.setObjectName(f"page_{page.key}")
        if hasattr(widget, "ready"):
            widget.ready.connect(lambda key=page.key: self._mark_ready(key))
        if hasattr(widget, "open_page"):
            widget.open_page.connect(self.show_page)
        self.pages[page.key] = widget
        self.stack.addWidget(widget)
        return widget

    def _mark_ready(self, key: str) -> None:
        if key not in self._ready:
            self._ready.add(key)
            self.page_ready.emit(key)

    def is_page_ready(self, key: str) -> bool:
        return key in self._ready

    def current_page_key(self) -> str:
        return PAGES[max(0, self.sidebar.currentRow())].key

    # Menus -----------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.import_action = QAction(self)
        self.import_action.triggered.connect(self.open_import_wizard)
        self.file_menu.addAction(self.import_action)
        self.export_menu = None  # built when the File menu first opens (keeps openpyxl out of the start)
        self._export_anchor = self.file_menu.addSeparator()
        self.file_menu.aboutToShow.connect(self._ensure_export_menu)
        self.quit_action = QAction(self, shortcut=QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)
        self.help_menu = bar.addMenu("")
        self.open_data_action = QAction(self)
        self.open_data_action.triggered.connect(self.open_data_folder)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about)
        self.help_menu.addAction(self.open_data_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def open_import_wizard(self) -> None:
        """File → Nhập từ Excel…: the import wizard, its work on the shared task runner."""
        from .importer import ImportWizard

        ImportWizard(self.ctx, parent=self).open()

    def _ensure_export_menu(self) -> None:
        if self.export_menu is not None or self.ctx.db is None:
            return
        from .importer import build_export_menu

        self.export_menu = build_export_menu(self, self.ctx)
        self.file_menu.insertMenu(self._export_anchor, self.export_menu)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.data_dir)))

    def about(self) -> None:
        QMessageBox.about(
            self, self.tr("Giới thiệu Gian Hàng Desktop"),
            self.tr("<h3>Gian Hàng Desktop {version}</h3><p>Quản lý kho, ảnh, đơn hàng và đồng bộ "
                    "gian hàng trực tuyến cho hợp tác xã.</p><p>Thư mục dữ liệu:<br>{folder}</p>")
            .format(version=__version__, folder=self.ctx.data_dir),
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Gian Hàng Desktop"))
        self.brand_sub.setText(self.tr("Quản lý kho hợp tác xã"))
        for row, page in enumerate(PAGES):
            self.sidebar.item(row).setText(QCoreApplication.translate("Pages", page.title))
        self.file_menu.setTitle(self.tr("&Tệp"))
        self.import_action.setText(self.tr("Nhập từ Excel…"))
        if self.export_menu is not None:  # rebuilt in the new language when the menu next opens
            self.file_menu.removeAction(self.export_menu.menuAction())
            self.export_menu.deleteLater()
            self.export_menu = None
        self.quit_action.setText(self.tr("Thoát"))
        self.help_menu.setTitle(self.tr("Trợ &giúp"))
        self.open_data_action.setText(self.tr("Mở thư mục dữ liệu"))
        self.about_action.setText(self.tr("Giới thiệu"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.statusBar().showMessage(self.tr("Đang xử lý…"))
        else:
            self.statusBar().clearMessage()

    # Window state ----------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self.ctx.settings.values.window_geometry
        if not saved or not self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            self.resize(1200, 760)

    def save_state(self) -> None:
        """Save the window's own keys, and only those (what pages saved stays as they saved it)."""
        try:
            self.ctx.settings.update(
                window_geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
                last_page=self.current_page_key())
        except (OSError, GianHangError):  # a read-only data folder, a full disk
            log.warning("Could not save the window state", exc_info=True)

    def closeEvent(self, event) -> None:
        if getattr(self, "channel_sync", None) is not None:
            self.channel_sync.stop()
        if self.persist_state:
            self.save_state()
        super().closeEvent(event)
