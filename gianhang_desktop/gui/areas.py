"""Wires the feature areas (photos, sync, backups) into the shell through `ctx.services`.

Each area's widgets take plain inputs (a Database, a thumbnail provider); this module is the one
place that builds them for the shell and connects their signals to the application-wide
`changes_happened`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..core.changes import Changes
from .context import AppContext


def install_services(ctx: AppContext) -> None:
    """Publish the hooks the products table and editor look for (call once, before the pages)."""
    from .photos.covers import CoverThumbnails
    from .photos.thumbnails import ThumbnailProvider

    thumbnails = ThumbnailProvider(parent=ctx.tasks)
    covers = CoverThumbnails(ctx.db, thumbnails, parent=ctx.tasks)
    ctx.services["photo_thumbnails"] = thumbnails
    ctx.services["thumbnail_provider"] = covers.decoration
    ctx.services["thumbnail_prefetch"] = covers.prefetch
    ctx.services["thumbnail_ready"] = covers.cover_ready
    ctx.services["product_photos_panel"] = photos_panel

    def forget_covers(changes: Changes) -> None:
        if changes.photos:
            covers.invalidate(changes.photos)

    ctx.changes.connect(forget_covers)


def shutdown_services(ctx: AppContext) -> None:
    thumbnails = ctx.services.pop("photo_thumbnails", None)
    if thumbnails is not None:
        thumbnails.close()


def photos_page(ctx: AppContext) -> QWidget:
    from .photos.page import PhotosPage

    return PhotosPage(ctx.db, ctx.services["photo_thumbnails"], ctx.tasks)


def photos_panel(ctx: AppContext, product) -> QWidget:
    """The product editor's photos tab (`product`: the editor's; None for a new product, which
    gets photos once it is saved)."""
    from .photos.panel import PhotosPanel

    panel = PhotosPanel(ctx.db, ctx.services["photo_thumbnails"], ctx.tasks)
    panel.set_product(product.sku if product is not None else None)
    return panel


def listing_tab(ctx: AppContext, product) -> QWidget:
    """The product editor's listing on the national store (publish, prices, review status); its
    reads and saves run on the window's task runner, which also announces the saved changes."""
    from .sync.listing_editor import ListingEditor

    sku = product.sku if product is not None else None
    editor = ListingEditor(ctx.db, ctx.tasks, sku)
    editor.setEnabled(sku is not None)
    return editor


def sync_page(ctx: AppContext) -> QWidget:
    from .sync.page import SyncPage

    return SyncPage(ctx.db, ctx.tasks)


def backup_section(ctx: AppContext) -> QWidget:
    from .firstrun.backup_panel import BackupPanel

    panel = BackupPanel(ctx.db, ctx.settings.values)
    panel.setTitle("")
    panel.setFlat(True)
    panel.data_restored.connect(lambda: ctx.changes.emit(Changes(catalog_reset=True, stock=frozenset(),
                                                                 orders=frozenset(), sync=True)))
    return panel


def _disconnect(ctx: AppContext, slot) -> None:
    try:
        ctx.changes.disconnect(slot)
    except (RuntimeError, TypeError):
        pass
