"""Listings: submit a product for sale (it goes to review) and read the review's outcome."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from gianhang_server.api.deps import CallerDep, IdempotencyKeyOptional, SessionDep
from gianhang_server.api.products import SkuPath
from gianhang_server.catalog import get_product
from gianhang_server.changes import record_change, source_of
from gianhang_server.errors import ApiError
from gianhang_server.models import Listing, Product, utcnow
from gianhang_server.review import listing_out
from gianhang_server.schemas import ListingIn, ListingOut

router = APIRouter(tags=["listings"])

TERMS = ("price", "sale_price", "sale_from", "sale_to", "active")


def _find(session, shop_id: int, sku: str, *, lock: bool = False) -> Listing | None:
    query = select(Listing).join(Product, Listing.product_id == Product.id).where(Product.shop_id == shop_id, Product.sku == sku)
    if lock:
        query = query.with_for_update(of=Listing)
    return session.scalars(query).one_or_none()


@router.put("/listings/{sku}", response_model=ListingOut)
def put_listing(sku: SkuPath, body: ListingIn, caller: CallerDep, session: SessionDep, idempotency_key: IdempotencyKeyOptional = None):
    """Submit the listing terms; the listing goes to ``pending_review``.

    Sending the same terms again while pending or approved changes nothing (so a retry cannot
    undo an approval); after a rejection it submits the listing for review again."""
    product = get_product(session, caller.shop_id, sku)
    listing = _find(session, caller.shop_id, sku, lock=True)
    terms = body.model_dump(include=set(TERMS))
    if listing is not None and listing.status != "rejected" and all(getattr(listing, k) == v for k, v in terms.items()):
        return listing_out(listing)
    if listing is None:
        listing = Listing(shop_id=caller.shop_id, product=product, version=0, reasons=[], **terms)
        session.add(listing)
    else:
        for name, value in terms.items():
            setattr(listing, name, value)
    listing.status = "pending_review"
    listing.reasons = []
    listing.reviewed_at = None
    listing.submitted_at = utcnow()
    listing.version += 1
    session.flush()
    data = listing_out(listing)
    record_change(session, caller.shop_id, "listing.updated", sku, {**data, "source": source_of(caller)}, caller)
    return data


@router.get("/listings/{sku}", response_model=ListingOut)
def read_listing(sku: SkuPath, caller: CallerDep, session: SessionDep):
    listing = _find(session, caller.shop_id, sku)
    if listing is None:
        raise ApiError(404, "listing_not_found", f"No listing for SKU {sku}.", {"sku": sku})
    return listing_out(listing)
