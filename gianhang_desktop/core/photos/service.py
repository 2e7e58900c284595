"""Photo services: list, attach, remove, reorder, set the cover and export a product's pictures."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..catalog.service import get_product_row
from ..changes import Changes
from ..database import Database
from ..disk import disk_errors
from ..errors import NotFound, ValidationError
from ..i18n import msg
from ..sync.outbox import enqueue
from .importing import attach_photos, import_folder, photo_store
from .models import MAX_PHOTOS_PER_PRODUCT, ProductPhoto
from .store import PhotoStore, write_atomic
from .views import PhotoView

__all__ = [
    "MAX_PHOTOS_PER_PRODUCT",
    "attach_photos",
    "clean_unused_files",
    "cover_thumbnails",
    "export_photos",
    "import_folder",
    "list_photos",
    "photo_counts",
    "remove_photo",
    "reorder_photos",
    "set_cover",
]


def list_photos(db: Database, sku: str) -> list[PhotoView]:
    """A product's pictures in order (the first is the cover).

    Raises:
        NotFound: no product `sku`.
    """
    store = photo_store(db)
    with db.read_session() as session:
        product = get_product_row(session, sku)
        return [_view(store, product.sku, row) for row in _rows(session, product.id)]


def remove_photo(db: Database, sku: str, position: int) -> Changes:
    """Remove the picture at `position` (1-based); the ones after it move up.

    Raises:
        NotFound: no product `sku`, or no picture at `position`.
    """
    return remove_photos(db, sku, [position])


def remove_photos(db: Database, sku: str, positions: Sequence[int]) -> Changes:
    """Remove the pictures at these positions (1-based) in one transaction; the others close up.

    Raises:
        NotFound: no product `sku`, or no picture at one of the positions (nothing is removed).
    """
    with db.session() as session:
        product = get_product_row(session, sku)
        rows = _rows(session, product.id)
        gone = {id(_at(rows, position, product.sku)) for position in positions}
        removed = [row for row in rows if id(row) in gone]
        files = [(row.sha256, row.original_ext) for row in removed]
        if not removed:
            return Changes()
        for row in removed:
            session.delete(row)
        session.flush()
        _renumber(session, [r for r in rows if id(r) not in gone])
        enqueue(session, "photos", product.sku)
        product_id = product.id
    store = photo_store(db)
    for sha, ext in files:
        _delete_files_if_unused(db, store, sha, ext)
    return Changes(photos=frozenset({product_id}))


def reorder_photos(db: Database, sku: str, order: Sequence[int]) -> Changes:
    """Put the pictures at these positions first, in this order; the others keep theirs after.

    `reorder_photos(db, "VT-001", [3, 1, 2])` makes picture 3 the cover; `[2]` alone does too.

    Raises:
        NotFound: no product `sku`, or no picture at a position.
        ValidationError("order"): a position given twice.
    """
    with db.session() as session:
        product = get_product_row(session, sku)
        rows = _rows(session, product.id)
        if len(set(order)) != len(order):
            raise ValidationError(
                "order",
                msg("Mỗi vị trí chỉ được nêu một lần", "Each position may be given only once"),
            )
        chosen = [_at(rows, position, product.sku) for position in order]
        new_order = chosen + [row for row in rows if row not in chosen]
        if new_order == rows:
            return Changes()
        _renumber(session, new_order)
        enqueue(session, "photos", product.sku)
        return Changes(photos=frozenset({product.id}))


def set_cover(db: Database, sku: str, position: int) -> Changes:
    """Make the picture at `position` the cover (position 1).

    Raises:
        NotFound: no product `sku`, or no picture at `position`.
    """
    return reorder_photos(db, sku, [position])


def export_photos(db: Database, sku: str, folder: str | Path) -> list[Path]:
    """Copy the marketplace images to `folder` as `SKU-1.jpg`, `SKU-2.jpg`, … in order.

    Raises:
        NotFound: no product `sku`, or it has no pictures.
        ValidationError("folder"): `folder` is a file.
    """
    folder = Path(folder)
    photos = list_photos(db, sku)
    if not photos:
        raise NotFound(
            msg("Sản phẩm {sku} chưa có ảnh", "Product {sku} has no photos", sku=sku.strip())
        )
    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            "folder", msg("{path} không phải thư mục", "{path} is not a folder", path=str(folder))
        )
    stem = safe_file_stem(photos[0].sku)
    written = []
    with disk_errors(folder, db.data_dir):  # a full USB stick, a folder without permission
        folder.mkdir(parents=True, exist_ok=True)
        for photo in photos:
            target = folder / f"{stem}-{photo.position}.jpg"
            write_atomic(target, photo.market_path.read_bytes())
            written.append(target)
    return written


def cover_thumbnails(db: Database, product_ids: Iterable[int]) -> dict[int, Path]:
    """The cover's thumbnail file per product, for the products table (missing = no photo)."""
    ids = list(product_ids)
    store = photo_store(db)
    with db.read_session() as session:
        rows = session.execute(
            select(ProductPhoto.product_id, ProductPhoto.sha256).where(
                ProductPhoto.product_id.in_(ids), ProductPhoto.position == 1
            )
        )
        return {product_id: store.thumb_path(sha) for product_id, sha in rows}


def photo_counts(db: Database, product_ids: Iterable[int]) -> dict[int, int]:
    """How many pictures each product has (products without any are left out)."""
    ids = list(product_ids)
    with db.read_session() as session:
        rows = session.execute(
            select(ProductPhoto.product_id, func.count())
            .where(ProductPhoto.product_id.in_(ids))
            .group_by(ProductPhoto.product_id)
        )
        return {product_id: count for product_id, count in rows}


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_stem(sku: str) -> str:
    """A SKU usable as a file name on Windows too (`A/B` becomes `A_B`)."""
    return _UNSAFE.sub("_", sku.strip()).rstrip(". ") or "photo"


def _rows(session: Session, product_id: int) -> list[ProductPhoto]:
    return list(
        session.scalars(
            select(ProductPhoto)
            .where(ProductPhoto.product_id == product_id)
            .order_by(ProductPhoto.position)
        )
    )


def _at(rows: list[ProductPhoto], position: int, sku: str) -> ProductPhoto:
    if not 1 <= position <= len(rows):
        raise ValidationError(
            "position",
            msg(
                "Không có ảnh số {n}: sản phẩm {sku} có {count} ảnh",
                "No photo number {n}: product {sku} has {count} photos",
                n=position,
                sku=sku,
                count=len(rows),
            ),
        )
    return rows[position - 1]


def _renumber(session: Session, ordered: list[ProductPhoto]) -> None:
    # (product_id, position) is unique and SQLite checks it row by row: park the rows on
    # free positions first, then set the final ones.
    parking = MAX_PHOTOS_PER_PRODUCT + 1 + max((r.position for r in ordered), default=0)
    for offset, row in enumerate(ordered):
        row.position = parking + offset
    session.flush()
    for position, row in enumerate(ordered, start=1):
        row.position = position
    session.flush()


def _view(store: PhotoStore, sku: str, row: ProductPhoto) -> PhotoView:
    return PhotoView(
        id=row.id,
        product_id=row.product_id,
        sku=sku,
        position=row.position,
        sha256=row.sha256,
        original_name=row.original_name,
        width=row.width,
        height=row.height,
        byte_size=row.byte_size,
        market_width=row.market_width,
        market_bytes=row.market_bytes,
        flags=tuple(f for f in row.flags.split(",") if f),
        original_path=store.original_path(row.sha256, row.original_ext),
        market_path=store.market_path(row.sha256),
        thumb_path=store.thumb_path(row.sha256),
    )


CLEAN_AFTER_SECONDS = 3600
"""A picture file no row refers to is removed once it is this old (an import writes its files
ahead of its rows; none takes an hour)."""


def clean_unused_files(db: Database, now: float | None = None) -> int:
    """Delete picture files that no product refers to any more, and half-written temporary files:
    what a crash or a killed app can leave behind. Returns how many files were removed.
    Raises ReadOnlyFolder on a read-only data folder (nothing may be removed there)."""
    import time

    db.require_writable()
    with db.read_session() as session:
        referenced = set(session.scalars(select(ProductPhoto.sha256).distinct()))
    cutoff = (time.time() if now is None else now) - CLEAN_AFTER_SECONDS
    return photo_store(db).remove_unreferenced(referenced, older_than=cutoff)


def _delete_files_if_unused(db: Database, store: PhotoStore, sha256: str, ext: str) -> None:
    # After the commit: a crash in between leaves only unreferenced files, never a row
    # without its files.
    with db.read_session() as session:
        still_used = session.scalar(
            select(ProductPhoto.id).where(ProductPhoto.sha256 == sha256).limit(1)
        )
    if still_used is None:
        store.remove(sha256, ext)
