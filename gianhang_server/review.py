"""The storefront's listing review: rules, and the pass that approves or rejects pending listings."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gianhang_server.changes import lock_shop, record_change
from gianhang_server.db import Database
from gianhang_server.models import Listing, iso, utcnow

log = logging.getLogger("gianhang_server.review")

MIN_NAME_LENGTH = 10


def listing_out(listing: Listing) -> dict[str, Any]:
    product = listing.product
    return {
        "sku": product.sku,
        "price": listing.price,
        "sale_price": listing.sale_price,
        "sale_from": iso(listing.sale_from) if listing.sale_from else None,
        "sale_to": iso(listing.sale_to) if listing.sale_to else None,
        "active": listing.active,
        "status": listing.status,
        "reasons": list(listing.reasons or []),
        "live": listing.status == "approved" and listing.active and product.status == "active",
        "version": listing.version,
        "submitted_at": iso(listing.submitted_at),
        "reviewed_at": iso(listing.reviewed_at) if listing.reviewed_at else None,
    }


def reasons_against(listing: Listing) -> list[dict[str, str]]:
    """Why the listing cannot go live (empty when it can), as codes with Vietnamese messages."""
    product = listing.product
    reasons: list[tuple[str, str]] = []
    if product.status != "active":
        reasons.append(("product_archived", "Sản phẩm đã ngừng kinh doanh."))
    if not product.gallery:
        reasons.append(("no_cover_image", "Thiếu ảnh bìa."))
    if len(product.name.strip()) < MIN_NAME_LENGTH:
        reasons.append(("name_too_short", f"Tên sản phẩm phải có ít nhất {MIN_NAME_LENGTH} ký tự."))
    if not product.weight_g:
        reasons.append(("no_weight", "Thiếu khối lượng."))
    if listing.price <= 0:
        reasons.append(("price_not_positive", "Giá bán phải lớn hơn 0."))
    if listing.sale_price is not None:
        if listing.sale_price >= listing.price:
            reasons.append(("sale_price_not_below_price", "Giá khuyến mãi phải thấp hơn giá bán."))
        if listing.sale_from is None or listing.sale_to is None:
            reasons.append(("sale_dates_missing", "Khuyến mãi cần ngày bắt đầu và ngày kết thúc."))
    if listing.sale_from is not None and listing.sale_to is not None and listing.sale_from >= listing.sale_to:
        reasons.append(("sale_dates_inverted", "Ngày kết thúc khuyến mãi phải sau ngày bắt đầu."))
    return [{"code": code, "message": message} for code, message in reasons]


def review_pending(session: Session, *, older_than: float = 0.0, shop_id: int | None = None) -> list[Listing]:
    """Review every listing pending for at least ``older_than`` seconds; the caller commits."""
    cutoff = utcnow() - timedelta(seconds=older_than)
    query = select(Listing.shop_id).where(Listing.status == "pending_review", Listing.submitted_at <= cutoff)
    if shop_id is not None:
        query = query.where(Listing.shop_id == shop_id)
    listings: list[Listing] = []
    for shop in sorted(set(session.scalars(query))):
        # Shop first, then its rows: the same lock order as the API's writers.
        lock_shop(session, shop)
        listings += session.scalars(
            select(Listing).where(Listing.shop_id == shop, Listing.status == "pending_review", Listing.submitted_at <= cutoff)
            .order_by(Listing.id).with_for_update(of=Listing)
        )
    for listing in listings:
        reasons = reasons_against(listing)
        listing.status = "rejected" if reasons else "approved"
        listing.reasons = reasons
        listing.reviewed_at = utcnow()
        listing.version += 1
        session.flush()
        record_change(session, listing.shop_id, "listing.reviewed", listing.product.sku, listing_out(listing), None)
    return listings


class AutoReviewer:
    """Background thread of ``serve --review-delay``: reviews listings once they have waited long enough."""

    def __init__(self, db: Database, delay: float, poll: float) -> None:
        self.db = db
        self.delay = delay
        self.poll = poll
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="auto-review", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.poll):
            try:
                with self.db.writer() as session:
                    reviewed = review_pending(session, older_than=self.delay)
                    session.commit()
                if reviewed:
                    log.info("reviewed %d listings", len(reviewed))
            except Exception:
                log.exception("automatic review failed")
