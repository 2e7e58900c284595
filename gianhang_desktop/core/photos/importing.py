"""Attach picture files to products: process on all cores, store, then one transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..catalog.models import Product
from ..catalog.service import get_product_row
from ..changes import Changes
from ..database import Database
from ..disk import disk_errors
from ..errors import Conflict, ValidationError
from ..i18n import msg
from ..sync.outbox import enqueue
from ..tasks import Cancelled, CancelToken, ProgressFn, report
from ..text import clean
from .batch import iter_batch
from .errors import PhotoError
from .formats import is_camera_raw, looks_like_picture
from .models import MAX_PHOTOS_PER_PRODUCT, ProductPhoto
from .names import PICTURE_SUFFIXES, UNSUPPORTED_PICTURE_SUFFIXES, plan_folder
from .pipeline import ProcessedPhoto
from .store import PhotoStore, remove_files
from .views import FileOutcome, ImportReport, flag_message


@dataclass
class _Request:
    """The files meant for one product, in the order they should be attached."""

    sku: str
    files: list[Path]
    photos: dict[int, ProcessedPhoto] = field(default_factory=dict)  # file index -> result
    errors: dict[int, PhotoError] = field(default_factory=dict)


def photo_store(db: Database) -> PhotoStore:
    """The picture files of this data folder."""
    return PhotoStore.for_data_dir(db.data_dir)


def attach_photos(
    db: Database,
    sku: str,
    files: Sequence[str | Path],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Attach pictures to a product after the ones it has; a report per file, in order.

    Bad files are refused one by one and the others carry on; a picture the product already
    has is skipped. Raises NotFound for an unknown SKU, Conflict when the product already
    has 8 pictures, Cancelled (nothing attached, no file left) when cancelled.

    Raises:
        NotFound: no product `sku`.
        ValidationError("files"): no files given.
        Conflict("photos"): the product has as many pictures as it may.
        Cancelled: `cancel` was set (nothing is attached).
        ReadOnlyFolder: the data folder cannot be written (before any work).
        DiskFull: the disk filled up (nothing attached, no file left).
        (A bad file is not raised: it is in the report.)
    """
    db.require_writable()
    if not files:
        raise ValidationError("files", msg("Chưa chọn ảnh nào", "No pictures given"))
    with db.read_session() as session:
        product = get_product_row(session, sku)
        count = _photo_count(session, product.id)
    if count >= MAX_PHOTOS_PER_PRODUCT:
        raise Conflict(PhotoError.too_many_photos(MAX_PHOTOS_PER_PRODUCT).msg, field="photos")
    request = _Request(product.sku, [Path(f) for f in files])
    return _run(db, [request], progress=progress, cancel=cancel, workers=workers)


def import_folder(
    db: Database,
    folder: str | Path,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Attach every picture under `folder` whose file name begins with a SKU.

    `VT-001_1.jpg`, `VT-001 (2).jpg` and `vt-001-3.png` go to VT-001 in that order; the
    longest SKU wins; pictures naming no SKU are listed in `unmatched`.

    Raises:
        ValidationError("folder"): not a folder.
        Cancelled: `cancel` was set (nothing is attached).
        ReadOnlyFolder, DiskFull: as `attach_photos`.
    """
    db.require_writable()
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError(
            "folder",
            msg("Không tìm thấy thư mục {path}", "Folder not found: {path}", path=str(folder)),
        )
    with db.read_session() as session:
        skus = list(session.scalars(select(Product.sku)))
    plan = plan_folder(folder, skus)
    requests = [_Request(sku, files) for sku, files in plan.by_sku.items()]
    report_ = _run(db, requests, progress=progress, cancel=cancel, workers=workers)
    unsupported = tuple(
        FileOutcome(
            p, "error", code="unsupported", messages=(PhotoError.unsupported(p.suffix).msg,)
        )
        for p in plan.unsupported
    )
    return ImportReport(
        outcomes=report_.outcomes + unsupported,
        changes=report_.changes,
        unmatched=tuple(plan.unmatched),
        attached=report_.attached,
    )


def _run(
    db: Database,
    requests: list[_Request],
    *,
    progress: ProgressFn | None,
    cancel: CancelToken | None,
    workers: int | None,
) -> ImportReport:
    store = photo_store(db)
    written: list[Path] = []
    try:
        with disk_errors(store.root, db.data_dir):  # a full disk: one clear error, no file left
            _process(requests, store, written, progress, cancel, workers)
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        report(progress, 0.97, msg("Đang lưu vào cơ sở dữ liệu", "Saving").text())
        with db.session() as session:
            outcomes, changes, attached = _attach_rows(session, requests)
    except BaseException:
        with contextlib.suppress(Exception):  # the original failure matters more
            _remove_unreferenced(db, store, written)
        raise
    _remove_unreferenced(db, store, written)  # duplicates and pictures over the limit
    report(progress, 1.0, msg("Xong", "Done").text())
    return ImportReport(tuple(outcomes), changes, attached=attached)


def _process(
    requests: list[_Request],
    store: PhotoStore,
    written: list[Path],
    progress: ProgressFn | None,
    cancel: CancelToken | None,
    workers: int | None,
) -> None:
    where: dict[Path, list[tuple[_Request, int]]] = {}
    for request in requests:
        for index, path in enumerate(request.files):
            suffix = path.suffix.casefold()
            if is_camera_raw(path, suffix, UNSUPPORTED_PICTURE_SUFFIXES):
                request.errors[index] = PhotoError.unsupported(suffix)
            elif path.is_dir():
                request.errors[index] = PhotoError.not_an_image()
            else:
                where.setdefault(path, []).append((request, index))
    total = len(where)

    def on_progress(fraction: float, name: str) -> None:
        done = round(fraction * total)
        text = msg(
            "Đang xử lý {name} ({done}/{total})",
            "Processing {name} ({done}/{total})",
            name=name,
            done=done,
            total=total,
        )
        report(progress, 0.95 * fraction, text.text())

    for item in iter_batch(list(where), progress=on_progress, cancel=cancel, workers=workers):
        if item.photo is not None:
            try:
                written.extend(store.put(item.photo))
            except PhotoError as exc:
                item = type(item)(item.index, item.source, error=exc)
        for request, index in where[item.source]:
            if item.photo is not None and item.error is None:
                request.photos[index] = item.photo
            else:
                request.errors[index] = item.error or PhotoError.not_an_image()


def _attach_rows(
    session: Session, requests: Iterable[_Request]
) -> tuple[list[FileOutcome], Changes, dict[str, int]]:
    outcomes: list[FileOutcome] = []
    touched: set[int] = set()
    attached: dict[str, int] = {}
    for request in requests:
        product = get_product_row(session, request.sku)
        rows = list(
            session.scalars(select(ProductPhoto).where(ProductPhoto.product_id == product.id))
        )
        have = {row.sha256 for row in rows}
        position = max((row.position for row in rows), default=0)
        for index, path in enumerate(request.files):
            error = request.errors.get(index)
            photo = request.photos.get(index)
            if error is not None or photo is None:
                error = error or PhotoError.not_an_image()
                outcomes.append(_error(path, product.sku, error))
                continue
            if photo.sha256 in have:
                dup = PhotoError.duplicate()
                outcomes.append(
                    FileOutcome(path, "skipped", product.sku, code=dup.code, messages=(dup.msg,))
                )
                continue
            if position >= MAX_PHOTOS_PER_PRODUCT:
                outcomes.append(
                    _error(path, product.sku, PhotoError.too_many_photos(MAX_PHOTOS_PER_PRODUCT))
                )
                continue
            position += 1
            have.add(photo.sha256)
            session.add(_row(product.id, position, path, photo))
            flags = photo.flags
            outcomes.append(
                FileOutcome(
                    path,
                    "flagged" if flags else "ok",
                    product.sku,
                    position=position,
                    flags=flags,
                    messages=tuple(
                        flag_message(f, photo.original_width, photo.original_height) for f in flags
                    ),
                )
            )
            attached[product.sku] = attached.get(product.sku, 0) + 1
            touched.add(product.id)
        if product.id in touched:
            enqueue(session, "photos", product.sku)
    session.flush()
    return outcomes, Changes(photos=frozenset(touched)), attached


def _row(product_id: int, position: int, path: Path, photo: ProcessedPhoto) -> ProductPhoto:
    return ProductPhoto(
        product_id=product_id,
        position=position,
        sha256=photo.sha256,
        original_ext=photo.extension,
        original_name=clean(path.name)[:255],  # a macOS or Linux name can be decomposed (NFD)
        width=photo.original_width,
        height=photo.original_height,
        byte_size=photo.original_bytes,
        market_width=photo.market_width,
        market_bytes=len(photo.market_jpeg),
        flags=",".join(photo.flags),
    )


def _error(path: Path, sku: str | None, error: PhotoError) -> FileOutcome:
    return FileOutcome(path, "error", sku, code=error.code, messages=(error.msg,))


def _photo_count(session: Session, product_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(ProductPhoto)
            .where(ProductPhoto.product_id == product_id)
        )
        or 0
    )


def _remove_unreferenced(db: Database, store: PhotoStore, written: list[Path]) -> None:
    """Delete files this attempt wrote for pictures no row refers to."""
    if not written:
        return
    hashes = {path.name.split(".", 1)[0] for path in written}
    with db.read_session() as session:
        referenced = set(
            session.scalars(select(ProductPhoto.sha256).where(ProductPhoto.sha256.in_(hashes)))
        )
    remove_files(p for p in written if p.name.split(".", 1)[0] not in referenced)


def is_picture_file(path: Path) -> bool:
    """Whether a dropped file is a picture, by its name or else by its first bytes (the window's drop check)."""
    suffix = path.suffix.casefold()
    return suffix in PICTURE_SUFFIXES or suffix in UNSUPPORTED_PICTURE_SUFFIXES or looks_like_picture(path)
