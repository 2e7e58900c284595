"""Pulling the store's changes feed: each page and its cursor are applied in one transaction."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..catalog.models import Product
from ..changes import NOTHING, Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import GianHangError
from ..killpoints import reached
from ..tasks import CancelToken
from ..text import normalize_data
from .client import StoreClient
from .identifiers import sendable_sku, store_order_code
from .models import Listing, OutboxEntry, RemoteProduct, StoreOrder, SyncConflict, SyncState
from .payloads import descriptive, dumps, in_flight, loads, product_payload

if TYPE_CHECKING:
    from .engine import SyncReport

PAGE = 200
log = logging.getLogger(__name__)


def state_row(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1, server_url="")
        session.add(state)
        session.flush()
    return state


def device_id(db: Database) -> str:
    """This installation's device id for the store, made (a random UUID in hex) and kept the
    first time it is needed; it belongs with the changes cursor, in the database."""
    with db.read_session() as session:
        state = session.get(SyncState, 1)
        if state is not None and state.device_id:
            return state.device_id
    with db.session() as session:
        state = state_row(session)
        if not state.device_id:
            state.device_id = uuid.uuid4().hex
        return state.device_id


def pull(db: Database, client: StoreClient, result: SyncReport, cancel: CancelToken | None = None) -> None:
    """Follow the changes feed from the saved cursor to its end, page by page (each page and its
    cursor saved in one transaction); what it applied goes into `result` (`.pulled`, `.changes`).

    Raises:
        SyncError: the store refused a page (the pages before it stay applied).
        Cancelled: `cancel` was set between pages.
    """
    with db.read_session() as session:
        state = session.get(SyncState, 1)
        cursor = state.cursor if state is not None and state.server_url in ("", client.origin) else None
    while True:
        if cancel is not None:
            cancel.raise_if_cancelled()
        response = client.get("/changes", cursor=cursor, limit=PAGE)
        if not response.ok:
            from ..errors import SyncError
            from ..i18n import msg

            raise SyncError(msg("Gian hàng từ chối yêu cầu: {e}", "The store refused the request: {e}",
                                e=f"{response.status} {response.error_code}"))
        page = response.body
        reached("pull.page")
        with db.session() as session:
            for change in page["changes"]:
                apply_change(session, change, result)
            state = state_row(session)
            state.cursor = page["next_cursor"]
            state.server_url = client.origin
        reached("pull.saved")
        result.pulled["changes"] += len(page["changes"])
        cursor = page["next_cursor"]
        if not page.get("has_more"):
            return


def apply_change(session: Session, change: dict[str, Any], result: SyncReport | None = None) -> Changes:
    """Apply one entry of the store's changes feed (its text taken in NFC without control
    characters); what it changed here (also added to `result`)."""
    change = normalize_data(change)
    kind, key, data = change["type"], change["key"], change["data"]
    if not _well_formed(kind, key, data):
        log.warning("store change %s ignored: key %r is not a SKU or an order code", change.get("seq"), key)
        if result is not None:
            result.failed.append({"kind": "change", "key": str(change.get("seq")),
                                  "error": f"the store sent {kind} for {key!r}, not a valid SKU or order code"})
        return NOTHING
    changes, counted = NOTHING, None
    if kind.startswith("order."):
        changes, counted = remember_store_order(session, data), "orders"
    elif kind.startswith("listing."):
        if (product_id := apply_listing(session, key, data, terms=not _pending(session, "listing", key))) is not None:
            changes, counted = Changes(products=frozenset({product_id}), sync=True), "listings"
    elif kind == "product.updated":
        if (product_id := _apply_product(session, key, data)) is not None:
            changes, counted = Changes(products=frozenset({product_id}), sync=True), "products"
    if result is not None:
        if counted:
            result.pulled[counted] += 1
        result.changes = result.changes | changes
    return changes


def _well_formed(kind: str, key: Any, data: Any) -> bool:
    """The feed's identifiers follow the store's own patterns before anything local is touched."""
    if not isinstance(data, dict):
        return False
    if kind.startswith("order."):
        return store_order_code(key) and data.get("code") == key
    return sendable_sku(key)


def _pending(session: Session, kind: str, key: str) -> bool:
    return session.scalar(select(OutboxEntry.id).where(
        OutboxEntry.kind == kind, OutboxEntry.key == key, OutboxEntry.done_at.is_(None)).limit(1)) is not None


def _product(session: Session, sku: str) -> Product | None:
    return session.scalar(select(Product).where(Product.sku == sku))


# -- listings ---------------------------------------------------------------------------------------

def apply_listing(session: Session, sku: str, data: dict[str, Any], *, terms: bool) -> int | None:
    """Record the store's listing (review status, reasons, version); its terms too when `terms`.
    The product's id when recorded; None for an unknown SKU or an answer older than ours."""
    product = _product(session, sku)
    if product is None:
        return None
    listing = session.scalar(select(Listing).where(Listing.product_id == product.id))
    if listing is None:
        listing = Listing(product_id=product.id, price=data.get("price") or 0, active=bool(data.get("active", True)))
        session.add(listing)
        terms = True
    elif listing.remote_version is not None and data.get("version", 0) < listing.remote_version:
        return None  # an older answer than what we have
    listing.status = data.get("status", listing.status)
    listing.reasons = dumps(data.get("reasons") or [])
    listing.live = bool(data.get("live"))
    listing.remote_version = data.get("version")
    listing.updated_at = utcnow()
    if terms:
        listing.price = data.get("price") or 0
        listing.sale_price = data.get("sale_price")
        listing.sale_from = _time(data.get("sale_from"))
        listing.sale_to = _time(data.get("sale_to"))
        listing.active = bool(data.get("active", True))
    return product.id


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


# -- orders -----------------------------------------------------------------------------------------

def remember_store_order(session: Session, data: dict[str, Any]) -> Changes:
    """Keep the store's copy of an order (newest version wins) and bring it into the orders area;
    the local order (and the stock its steps moved) that changed."""
    row = session.get(StoreOrder, data["code"])
    if row is not None and row.version > data.get("version", 0):
        return NOTHING
    if row is None:
        row = StoreOrder(code=data["code"])
        session.add(row)
    row.status, row.version, row.data, row.updated_at = data["status"], data.get("version", 0), dumps(data), utcnow()
    session.flush()
    from . import store_orders

    return store_orders.apply(session, data)


# -- products ---------------------------------------------------------------------------------------

def _apply_product(session: Session, sku: str, data: dict[str, Any]) -> int | None:
    """A product changed on the store: follow its version, take an edit made elsewhere, or record
    a conflict when it clashes with an unsent local edit. The product's id when it took the edit or
    recorded a conflict, else None."""
    row = session.get(RemoteProduct, sku)
    product = _product(session, sku)
    theirs = descriptive(data)
    version = data.get("version")
    if product is None:
        return None
    if row is None:
        row = RemoteProduct(sku=sku)
        session.add(row)
    if row.version is not None and version is not None and version <= row.version:
        return None
    mine = descriptive(product_payload(product))
    if theirs in (loads(row.base), mine) or theirs in in_flight(row.sent):
        row.version, row.base = version, dumps(theirs)
        return None
    if _pending(session, "product", sku) or row.base is None:
        record_conflict(session, sku, mine, theirs, version)
        return product.id
    _take_theirs(session, product, theirs)
    row.version, row.base, row.sent = version, dumps(theirs), None
    return product.id


def local_fields(theirs: dict[str, Any]) -> dict[str, Any]:
    """The store's descriptive fields as catalogue fields (certifications stay local)."""
    origin = theirs.get("origin") or {}
    return {
        "name": theirs["name"], "description": theirs.get("description") or "", "category": theirs.get("category") or "",
        "unit": theirs.get("unit") or "hộp", "price": theirs["price"], "weight_g": theirs.get("weight_g"),
        "length_cm": theirs.get("length_cm"), "width_cm": theirs.get("width_cm"), "height_cm": theirs.get("height_cm"),
        "barcode": theirs.get("barcode"), "province_code": origin.get("province_code"),
        "ward_code": origin.get("ward_code"), "ocop_stars": theirs.get("ocop_stars"), "status": theirs.get("status", "active"),
    }


def _take_theirs(session: Session, product: Product, theirs: dict[str, Any]) -> None:
    from ..catalog.service import modify_product

    try:
        with session.begin_nested():
            modify_product(session, product.sku, **local_fields(theirs))
            # The store already has this content: nothing to send back.
            session.execute(delete(OutboxEntry).where(
                OutboxEntry.kind == "product", OutboxEntry.key == product.sku, OutboxEntry.done_at.is_(None),
                OutboxEntry.attempts == 0))
    except GianHangError:
        record_conflict(session, product.sku, descriptive(product_payload(product)), theirs, None)


def record_conflict(session: Session, sku: str, mine: dict, theirs: dict, version: int | None) -> None:
    """Keep both copies; an open conflict for the SKU is refreshed rather than duplicated."""
    open_row = session.scalar(select(SyncConflict).where(SyncConflict.key == sku, SyncConflict.resolved_at.is_(None)))
    if open_row is None:
        open_row = SyncConflict(kind="product", key=sku)
        session.add(open_row)
    open_row.local, open_row.remote, open_row.remote_version = dumps(mine), dumps(theirs), version
    session.flush()
