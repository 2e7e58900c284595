"""Listings on the national store: the checks the store's review makes, publishing and reading them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ..catalog.service import get_product_row
from ..changes import Changed, Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import ValidationError
from ..i18n import Msg, msg
from ..money import parse_vnd
from ..photos.models import ProductPhoto
from ..staff import audit
from ..staff.access import require
from ..staff.roles import Permission
from . import outbox
from .models import Listing
from .payloads import loads

MIN_NAME_LENGTH = 10  # what the store's review asks for


@dataclass(frozen=True)
class Reason:
    """Why the store would refuse a listing: the store's code and a bilingual message."""

    code: str
    message: Msg

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message.text("vi"), "message_en": self.message.text("en")}


@dataclass(frozen=True)
class ListingView:
    sku: str
    name: str
    active: bool
    price: int
    sale_price: int | None
    sale_from: datetime | None
    sale_to: datetime | None
    status: str  # none, draft, pending_review, approved, rejected
    reasons: tuple[dict[str, str], ...] = ()
    live: bool = False
    remote_version: int | None = None
    unsent: bool = False
    checks: tuple[Reason, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku, "name": self.name, "active": self.active, "price": self.price, "sale_price": self.sale_price,
            "sale_from": self.sale_from.isoformat() if self.sale_from else None,
            "sale_to": self.sale_to.isoformat() if self.sale_to else None,
            "status": self.status, "reasons": list(self.reasons), "live": self.live,
            "remote_version": self.remote_version, "unsent": self.unsent,
            "checks": [r.to_json() for r in self.checks],
        }


def pre_publish_checks(name: str, weight_g: int | None, price: int, photo_count: int, status: str = "active",
                       sale_price: int | None = None, sale_from: datetime | None = None,
                       sale_to: datetime | None = None) -> list[Reason]:
    """What the store's review would reject, in its order (empty when the listing can go live)."""
    reasons: list[Reason] = []
    if status != "active":
        reasons.append(Reason("product_archived", msg("Sản phẩm đã ngừng kinh doanh.", "The product is archived.")))
    if photo_count < 1:
        reasons.append(Reason("no_cover_image", msg("Thiếu ảnh bìa.", "No cover photo.")))
    if len((name or "").strip()) < MIN_NAME_LENGTH:
        reasons.append(Reason("name_too_short", msg("Tên sản phẩm phải có ít nhất {n} ký tự.",
                                                    "The product name needs at least {n} characters.", n=MIN_NAME_LENGTH)))
    if not weight_g:
        reasons.append(Reason("no_weight", msg("Thiếu khối lượng.", "No weight.")))
    if price <= 0:
        reasons.append(Reason("price_not_positive", msg("Giá bán phải lớn hơn 0.", "The price must be above 0.")))
    if sale_price is not None:
        if sale_price >= price:
            reasons.append(Reason("sale_price_not_below_price", msg("Giá khuyến mãi phải thấp hơn giá bán.",
                                                                    "The sale price must be below the price.")))
        if sale_from is None or sale_to is None:
            reasons.append(Reason("sale_dates_missing", msg("Khuyến mãi cần ngày bắt đầu và ngày kết thúc.",
                                                            "A sale needs a start and an end date.")))
    if sale_from is not None and sale_to is not None and sale_from >= sale_to:
        reasons.append(Reason("sale_dates_inverted", msg("Ngày kết thúc khuyến mãi phải sau ngày bắt đầu.",
                                                         "The sale must end after it starts.")))
    return reasons


# The store takes sale times written with a year from 2000 to 2100 (docs/store-api.md).
SALE_YEARS = (2000, 2100)


def _check_sale_time(field: str, value: datetime | None) -> None:
    if value is not None and not SALE_YEARS[0] <= value.year <= SALE_YEARS[1]:
        raise ValidationError(field, msg("Ngày khuyến mãi phải trong các năm {a}–{b}", "Sale dates must lie in the years {a}–{b}",
                                         a=SALE_YEARS[0], b=SALE_YEARS[1]))


def _photo_count(session, product_id: int) -> int:
    return session.scalar(select(func.count()).select_from(ProductPhoto).where(ProductPhoto.product_id == product_id)) or 0


def get_listing(db: Database, sku: str) -> ListingView:
    """The product's listing as known here (status "none" when never published), with the checks.

    Raises:
        NotFound: no product `sku`.
    """
    with db.read_session() as session:
        product = get_product_row(session, sku)
        row = session.scalar(select(Listing).where(Listing.product_id == product.id))
        photos = _photo_count(session, product.id)
        unsent = row is not None and outbox_pending(session, product.sku)
        price = row.price if row else product.price
        checks = tuple(pre_publish_checks(product.name, product.weight_g, price, photos, product.status,
                                          row.sale_price if row else None, row.sale_from if row else None,
                                          row.sale_to if row else None))
        if row is None:
            return ListingView(product.sku, product.name, False, product.price, None, None, None, "none", checks=checks)
        return ListingView(product.sku, product.name, row.active, row.price, row.sale_price, row.sale_from, row.sale_to,
                           row.status, tuple(loads(row.reasons) or ()), row.live, row.remote_version, unsent, checks)


def outbox_pending(session, sku: str) -> bool:
    from .models import OutboxEntry

    return session.scalar(select(OutboxEntry.id).where(
        OutboxEntry.kind == "listing", OutboxEntry.key == sku, OutboxEntry.done_at.is_(None)).limit(1)) is not None


def save_listing(db: Database, sku: str, *, active: bool = True, price: int | str | None = None,
                 sale_price: int | str | None = None, sale_from: datetime | None = None,
                 sale_to: datetime | None = None, force: bool = False) -> Changed[ListingView]:
    """Publish (active) or unpublish a listing; it is sent at the next sync.

    Publishing refuses (ValidationError listing the reasons) what the store's review would reject,
    unless `force`; unpublishing is always allowed. Setting a price needs `products.price`, the rest
    `products.edit`; the change is in the audit log.

    Raises:
        NotFound: no product `sku`.
        ValidationError: a bad price or sale, or (publishing without `force`) what the store's review would reject.
        PermissionDenied / NotSignedIn: see core.staff.access.
    """
    with db.session() as session:
        product = get_product_row(session, sku)
        row = session.scalar(select(Listing).where(Listing.product_id == product.id))
        amount = parse_vnd(price, "price") if price not in (None, "") else (row.price if row else product.price)
        sale = parse_vnd(sale_price, "sale_price") if sale_price not in (None, "") else None
        _check_sale_time("sale_from", sale_from)
        _check_sale_time("sale_to", sale_to)
        if active and not force:
            reasons = pre_publish_checks(product.name, product.weight_g, amount, _photo_count(session, product.id),
                                         product.status, sale, sale_from, sale_to)
            if reasons:
                raise ValidationError("listing", msg("Gian hàng sẽ từ chối tin đăng: {why_vi}",
                                                     "The store would reject the listing: {why_en}",
                                                     why_vi=" ".join(r.message.text("vi") for r in reasons),
                                                     why_en=" ".join(r.message.text("en") for r in reasons)))
        before = ({"active": row.active, "price": row.price, "sale_price": row.sale_price} if row is not None
                  else {"active": False, "price": None, "sale_price": None})
        old, new = audit.changed_fields(before, {"active": active, "price": amount, "sale_price": sale})
        # The listing's prices are prices: the manager's, like the product's own (a first listing at
        # the product's price changes none).
        price_set = ("price" in new and (row is not None or amount != product.price)) or "sale_price" in new
        require(session, Permission.PRODUCTS_PRICE if price_set else Permission.PRODUCTS_EDIT)
        if new:
            audit.record(session, "listing.update", "product", product.sku, old, new)
        if row is None:
            row = Listing(product_id=product.id, status="draft", reasons="[]")
            session.add(row)
        row.active, row.price, row.sale_price, row.sale_from, row.sale_to = active, amount, sale, sale_from, sale_to
        row.updated_at = utcnow()
        outbox.enqueue(session, "listing", product.sku)
        product_id = product.id
    return Changed(get_listing(db, sku), Changes(products=frozenset({product_id}), sync=True))
