"""The sidebar's pages, the settings sections and the product editor's tabs, in order: each area
plugs in with one line here. Every one of them is a class built from the application context:
`Class(ctx)` (editor tabs: `Class(ctx, product)`); see gui/README.md for the contract.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from .context import AppContext

PageFactory = Callable[[AppContext], QWidget]


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    """Vietnamese source text, translated in the "Pages" context when shown."""
    icon: str
    """A symbol drawn as the sidebar icon (from the fonts every Windows PC has)."""
    factory: PageFactory
    before_database: bool = False
    """The page can be built before the database is open (the products page, showing its
    quickly read first page); others are built once it is (`AppContext.when_database`)."""


def lazy(target: str) -> PageFactory:
    """A factory importing "package.module:Class" only when the page is first opened (fast start)."""

    def build(ctx: AppContext) -> QWidget:
        module, _, name = target.partition(":")
        return getattr(importlib.import_module(module), name)(ctx)

    return build


def lazy_tab(target: str) -> Callable[[AppContext, object | None], QWidget]:
    """Like `lazy`, for editor tabs built as factory(ctx, product): the editor's product, as the
    catalogue service returned it (`.id`, `.sku`, …), or None for a product not saved yet."""

    def build(ctx: AppContext, product: object | None) -> QWidget:
        module, _, name = target.partition(":")
        return getattr(importlib.import_module(module), name)(ctx, product)

    return build


PAGES: list[Page] = [
    Page("dashboard", QT_TRANSLATE_NOOP("Pages", "Tổng quan"), "⌂", lazy("gianhang_desktop.gui.dashboard.page:DashboardPage")),
    Page("products", QT_TRANSLATE_NOOP("Pages", "Sản phẩm"), "☰", lazy("gianhang_desktop.gui.products.page:ProductsPage"),
         before_database=True),
    Page("counter", QT_TRANSLATE_NOOP("Pages", "Bán tại quầy"), "▣", lazy("gianhang_desktop.gui.counter.page:CounterPage")),
    Page("stock", QT_TRANSLATE_NOOP("Pages", "Kho"), "▤", lazy("gianhang_desktop.gui.stock.page:StockPage")),
    Page("photos", QT_TRANSLATE_NOOP("Pages", "Ảnh"), "◩", lazy("gianhang_desktop.gui.photos.page:PhotosPage")),
    Page("orders", QT_TRANSLATE_NOOP("Pages", "Đơn hàng"), "✉", lazy("gianhang_desktop.gui.orders.page:OrdersPage")),
    Page("customers", QT_TRANSLATE_NOOP("Pages", "Khách hàng"), "☺", lazy("gianhang_desktop.gui.customers.page:CustomersPage")),
    Page("cashbook", QT_TRANSLATE_NOOP("Pages", "Sổ quỹ"), "₫", lazy("gianhang_desktop.gui.cashbook.page:CashBookPage")),
    Page("reports", QT_TRANSLATE_NOOP("Pages", "Báo cáo"), "▥", lazy("gianhang_desktop.gui.reports.page:ReportsPage")),
    Page("channels", QT_TRANSLATE_NOOP("Pages", "Kênh bán"), "⇄", lazy("gianhang_desktop.gui.channels.page:ChannelsPage")),
    Page("sync", QT_TRANSLATE_NOOP("Pages", "Đồng bộ"), "⟳", lazy("gianhang_desktop.gui.sync.page:SyncPage")),
    Page("users", QT_TRANSLATE_NOOP("Pages", "Nhân viên"), "☺", lazy("gianhang_desktop.gui.staff.users_page:UsersPage")),
    Page("audit", QT_TRANSLATE_NOOP("Pages", "Nhật ký"), "✎", lazy("gianhang_desktop.gui.staff.audit_page:AuditPage")),
    Page("settings", QT_TRANSLATE_NOOP("Pages", "Cài đặt"), "⚙", lazy("gianhang_desktop.gui.settings.page:SettingsPage")),
]

# Group boxes on the Cài đặt page, in order: (key, Vietnamese title, factory(ctx) -> QWidget).
SETTINGS_SECTIONS: list[tuple[str, str, PageFactory]] = [
    ("bank", QT_TRANSLATE_NOOP("Pages", "Tài khoản nhận chuyển khoản (VietQR)"),
     lazy("gianhang_desktop.gui.counter.bank_panel:BankAccountPanel")),
    ("backups", QT_TRANSLATE_NOOP("Pages", "Sao lưu và khôi phục"), lazy("gianhang_desktop.gui.backups.panel:BackupPanel")),
    ("server", QT_TRANSLATE_NOOP("Pages", "Máy chủ dùng chung"), lazy("gianhang_desktop.gui.server.section:ServerSection")),
    ("carriers", QT_TRANSLATE_NOOP("Pages", "Hãng vận chuyển"),
     lazy("gianhang_desktop.gui.shipping.accounts_section:CarrierAccountsSection")),
]

# The product editor's tabs after its own three: (key, title, factory(ctx, product)).
EDITOR_TABS: list[tuple[str, str, Callable[[AppContext, object | None], QWidget]]] = [
    ("photos", QT_TRANSLATE_NOOP("Pages", "Ảnh"), lazy_tab("gianhang_desktop.gui.photos.panel:PhotosPanel")),
    ("listing", QT_TRANSLATE_NOOP("Pages", "Gian hàng trực tuyến"), lazy_tab("gianhang_desktop.gui.sync.listing_editor:ListingEditor")),
]


def page_by_key(key: str) -> Page | None:
    return next((p for p in PAGES if p.key == key), None)
