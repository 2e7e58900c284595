"""The sidebar's pages, in order: each area plugs its page in with one line here.

A page is any QWidget built by `factory(ctx)` (ctx: `context.AppContext`). Optional extras the
main window uses when present: a `page_shown()` method (called each time the page comes to the
front: load lazily there) and a `ready` signal (emitted once the page shows real data; the
`--screenshot` command waits for it).
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


def placeholder(text: str) -> PageFactory:
    """A friendly "coming soon" page for areas still being built."""

    def build(ctx: AppContext) -> QWidget:
        from .widgets import PlaceholderPage

        return PlaceholderPage(text)

    return build


def _orders_page(ctx: AppContext) -> QWidget:
    from .orders.page import OrdersPage

    return OrdersPage(ctx.db, ctx.tasks)


PAGES: list[Page] = [
    Page("dashboard", QT_TRANSLATE_NOOP("Pages", "Tổng quan"), "⌂", lazy("gianhang_desktop.gui.dashboard.page:DashboardPage")),
    Page("products", QT_TRANSLATE_NOOP("Pages", "Sản phẩm"), "☰", lazy("gianhang_desktop.gui.products.page:ProductsPage"),
         before_database=True),
    Page("stock", QT_TRANSLATE_NOOP("Pages", "Kho"), "▤", lazy("gianhang_desktop.gui.stock.page:StockPage")),
    Page("photos", QT_TRANSLATE_NOOP("Pages", "Ảnh"), "◩", lazy("gianhang_desktop.gui.areas:photos_page")),
    Page("orders", QT_TRANSLATE_NOOP("Pages", "Đơn hàng"), "✉", _orders_page),
    Page("sync", QT_TRANSLATE_NOOP("Pages", "Đồng bộ"), "⟳", lazy("gianhang_desktop.gui.areas:sync_page")),
    Page("settings", QT_TRANSLATE_NOOP("Pages", "Cài đặt"), "⚙", lazy("gianhang_desktop.gui.settings.page:SettingsPage")),
]

# Extra group boxes on the Cài đặt page, in order: (key, Vietnamese title, factory(ctx) -> QWidget).
# E.g. the backups area adds: ("backups", QT_TRANSLATE_NOOP("Pages", "Sao lưu"), lazy("…:BackupSettings")).
SETTINGS_SECTIONS: list[tuple[str, str, PageFactory]] = [
    ("backups", QT_TRANSLATE_NOOP("Pages", "Sao lưu và khôi phục"), lazy("gianhang_desktop.gui.areas:backup_section")),
]

# Buttons/menus other areas add to the product editor as extra tabs: (key, title, factory(ctx, product)).
# The photos area's ProductPhotosPanel is found automatically (see products/editor.py).
EDITOR_TABS: list[tuple[str, str, Callable[[AppContext, object | None], QWidget]]] = [
    ("listing", QT_TRANSLATE_NOOP("Pages", "Gian hàng trực tuyến"), lazy_tab("gianhang_desktop.gui.areas:listing_tab")),
]


def page_by_key(key: str) -> Page | None:
    return next((p for p in PAGES if p.key == key), None)
