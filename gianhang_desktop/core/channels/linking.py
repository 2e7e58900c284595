"""Linking local SKUs to channel units (Shopee item/model, Lazada item/SkuId/SellerSku, TikTok
product/SKU, Tiki product): automatically by seller SKU, then by GTIN, and a review of what is
left unlinked or conflicts (a duplicate SKU or barcode on the channel, one local SKU on two items).

One marketplace item whose variations are several local SKUs (túi 1 kg / túi 5 kg) is the normal
case: each variation is its own unit and links to its own product.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..catalog.gtin import gtin14
from ..catalog.models import Product
from ..catalog.validation import sku_key
from ..changes import Changed, Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import NotFound, ValidationError, not_found_sku
from ..i18n import msg
from . import outbox
from .accounts import account_row
from .model import ChannelItem
from .models import ChannelLink, ChannelUnit
from .order_import import relink_orders


@dataclass(frozen=True)
class LinkReview:
    """`channel link NAME --auto --json`: links in effect, units left unlinked, conflicts."""

    linked: int
    new: int
    unlinked: tuple[dict[str, Any], ...] = ()
    conflicts: tuple[dict[str, Any], ...] = ()
    links: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {"linked": self.linked, "new": self.new, "unlinked": list(self.unlinked),
                "conflicts": list(self.conflicts), "links": list(self.links)}


def store_units(session: Session, account_id: int, items: Iterable[ChannelItem], *, complete: bool) -> int:
    """Record the channel's units as listed; with ``complete`` (the whole catalogue was read) units
    no longer listed are dropped with their links. Returns the number of units seen."""
    existing = {(u.item_id, u.variation_id): u for u in session.scalars(
        select(ChannelUnit).where(ChannelUnit.account_id == account_id))}
    seen = set()
    now = utcnow()
    for item in items:
        for v in item.variations:
            key = (item.item_id, v.variation_id or "")
            seen.add(key)
            unit = existing.get(key)
            if unit is None:
                unit = existing[key] = ChannelUnit(account_id=account_id, item_id=item.item_id, variation_id=key[1])
                session.add(unit)
            unit.seller_sku = (v.seller_sku or "").strip()[:128]
            unit.gtin = gtin14(v.gtin)
            unit.name = (f"{item.name} — {v.name}" if v.name else item.name)[:500]
            unit.price, unit.stock, unit.status, unit.seen_at = v.price, v.stock, (v.status or item.status)[:40], now
    if complete:
        gone = [key for key in existing if key not in seen]
        for item_id, variation_id in gone:
            session.delete(existing[(item_id, variation_id)])
            session.execute(delete(ChannelLink).where(ChannelLink.account_id == account_id, ChannelLink.item_id == item_id,
                                                      ChannelLink.variation_id == variation_id))
    return len(seen)


def _unit_json(unit: ChannelUnit) -> dict[str, Any]:
    return {"item_id": unit.item_id, "variation_id": unit.variation_id or None, "seller_sku": unit.seller_sku,
            "gtin": unit.gtin, "name": unit.name}


def auto_link(session: Session, account_id: int) -> LinkReview:
    """Link every unlinked unit whose seller SKU is a local SKU, then whose GTIN is a local barcode,
    unless that would be ambiguous; report the rest."""
    units = list(session.scalars(select(ChannelUnit).where(ChannelUnit.account_id == account_id)
                                 .order_by(ChannelUnit.item_id, ChannelUnit.variation_id)))
    links = {(lk.item_id, lk.variation_id): lk for lk in session.scalars(
        select(ChannelLink).where(ChannelLink.account_id == account_id))}
    products = {sku_key(sku): (pid, sku) for pid, sku in session.execute(select(Product.id, Product.sku))}
    by_gtin: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pid, sku, gtin in session.execute(select(Product.id, Product.sku, Product.gtin).where(Product.gtin.is_not(None))):
        by_gtin[gtin].append((pid, sku))
    conflicts: list[dict[str, Any]] = []
    sku_units: dict[str, list[ChannelUnit]] = defaultdict(list)
    gtin_units: dict[str, list[ChannelUnit]] = defaultdict(list)
    for unit in units:
        if unit.seller_sku:
            sku_units[sku_key(unit.seller_sku)].append(unit)
        if unit.gtin:
            gtin_units[unit.gtin].append(unit)
    blocked: set[tuple[str, str]] = set()
    for group in sku_units.values():
        if len(group) > 1:
            conflicts.append({"kind": "duplicate_sku", "sku": group[0].seller_sku, "units": [_unit_json(u) for u in group],
                              "message": msg("SKU '{s}' trùng trên {n} sản phẩm/phân loại của kênh",
                                             "SKU '{s}' is on {n} units of the channel", s=group[0].seller_sku,
                                             n=len(group)).text()})
            blocked.update((u.item_id, u.variation_id) for u in group)
    proposals: dict[tuple[str, str], tuple[int, str, str]] = {}
    for unit in units:
        key = (unit.item_id, unit.variation_id)
        if key in links or key in blocked:
            continue
        found = products.get(sku_key(unit.seller_sku)) if unit.seller_sku else None
        if found is not None:
            proposals[key] = (found[0], found[1], "sku")
            continue
        if unit.gtin and not unit.seller_sku or unit.gtin and sku_key(unit.seller_sku) not in products:
            candidates = by_gtin.get(unit.gtin or "", [])
            if len(candidates) > 1 or len(gtin_units[unit.gtin]) > 1:
                conflicts.append({"kind": "duplicate_gtin", "gtin": unit.gtin, "units": [_unit_json(u) for u in gtin_units[unit.gtin]],
                                  "skus": [sku for _pid, sku in candidates],
                                  "message": msg("Mã vạch {g} trùng: không tự liên kết", "Barcode {g} is not unique: not linked",
                                                 g=unit.gtin).text()})
                continue
            if candidates:
                proposals[key] = (candidates[0][0], candidates[0][1], "gtin")
    # One local SKU on two channel items: leave it for the user to choose.
    items_of: dict[int, set[str]] = defaultdict(set)
    for (item_id, _v), lk in links.items():
        items_of[lk.product_id].add(item_id)
    for (item_id, _v), (pid, _sku, _how) in proposals.items():
        items_of[pid].add(item_id)
    for pid, items in items_of.items():
        if len(items) > 1:
            sku = next((s for p, s in products.values() if p == pid), str(pid))
            involved = [u for u in units if (u.item_id, u.variation_id) in proposals
                        and proposals[(u.item_id, u.variation_id)][0] == pid or
                        (u.item_id, u.variation_id) in links and links[(u.item_id, u.variation_id)].product_id == pid]
            conflicts.append({"kind": "sku_on_two_items", "sku": sku, "units": [_unit_json(u) for u in involved],
                              "message": msg("SKU '{s}' ứng với {n} sản phẩm khác nhau trên kênh",
                                             "SKU '{s}' matches {n} different items on the channel", s=sku,
                                             n=len(items)).text()})
            for u in involved:
                proposals.pop((u.item_id, u.variation_id), None)
    made = []
    for (item_id, variation_id), (pid, _sku, how) in proposals.items():
        unit = next(u for u in units if (u.item_id, u.variation_id) == (item_id, variation_id))
        link = ChannelLink(account_id=account_id, product_id=pid, item_id=item_id, variation_id=variation_id,
                           seller_sku=unit.seller_sku, how=how)
        session.add(link)
        links[(item_id, variation_id)] = link
        made.append(pid)
    session.flush()
    if made:
        outbox.forget_links_cache(session)
        for pid in sorted(set(made)):
            outbox.enqueue(session, account_id, "stock", str(pid))
        relink_orders(session, account_id)
    conflicted = {(u["item_id"], u["variation_id"] or "") for c in conflicts for u in c["units"]}
    unlinked = tuple({**_unit_json(u), "reason": "conflict" if (u.item_id, u.variation_id) in conflicted else "no_match"}
                     for u in units if (u.item_id, u.variation_id) not in links)
    return LinkReview(linked=len(links), new=len(made), unlinked=unlinked, conflicts=tuple(conflicts),
                      links=tuple(link_rows(session, account_id)))


def link_rows(session: Session, account_id: int) -> list[dict[str, Any]]:
    """The account's links: {sku, item_id, variation_id, seller_sku, how, name (the unit's, "" when unseen)}."""
    unit = (ChannelUnit.account_id == ChannelLink.account_id) & (ChannelUnit.item_id == ChannelLink.item_id) & (
        ChannelUnit.variation_id == ChannelLink.variation_id)
    rows = session.execute(select(Product.sku, ChannelLink.item_id, ChannelLink.variation_id, ChannelLink.seller_sku,
                                  ChannelLink.how, ChannelUnit.name).join(Product, Product.id == ChannelLink.product_id)
                           .outerjoin(ChannelUnit, unit)
                           .where(ChannelLink.account_id == account_id).order_by(Product.sku, ChannelLink.item_id))
    return [{"sku": sku, "item_id": item, "variation_id": var or None, "seller_sku": seller, "how": how,
             "name": name or ""} for sku, item, var, seller, how, name in rows]


def link(session: Session, account_id: int, sku: str, item_id: str, variation_id: str | None = None) -> dict[str, Any]:
    """Link local ``sku`` to one channel unit by hand (replacing the unit's previous link).
    Raises NotFound (SKU, item), ValidationError (an item with variations needs ``variation_id``)."""
    product = session.scalar(select(Product).where(Product.sku_key == sku_key(sku or "")))
    if product is None:
        raise not_found_sku(sku)
    item_id = (item_id or "").strip()
    variation = (variation_id or "").strip()
    if not item_id:
        raise ValidationError("item", msg("Chưa nhập mã sản phẩm trên kênh (--item)", "The channel's item id is missing (--item)"))
    units = list(session.scalars(select(ChannelUnit).where(ChannelUnit.account_id == account_id,
                                                           ChannelUnit.item_id == item_id)))
    seller_sku = ""
    if units:
        if not variation:
            if len(units) > 1:
                raise ValidationError("variation", msg(
                    "Sản phẩm {i} có {n} phân loại: chọn một bằng --variation ({v})",
                    "Item {i} has {n} variations: pick one with --variation ({v})", i=item_id, n=len(units),
                    v=", ".join(u.variation_id for u in units)))
            variation = units[0].variation_id
        unit = next((u for u in units if u.variation_id == variation), None)
        if unit is None:
            raise NotFound(msg("Sản phẩm {i} trên kênh không có phân loại '{v}'", "Item {i} has no variation '{v}'",
                               i=item_id, v=variation))
        seller_sku = unit.seller_sku
    existing = session.scalar(select(ChannelLink).where(ChannelLink.account_id == account_id,
                                                        ChannelLink.item_id == item_id, ChannelLink.variation_id == variation))
    if existing is None:
        existing = ChannelLink(account_id=account_id, item_id=item_id, variation_id=variation)
        session.add(existing)
    previous = existing.product_id
    existing.product_id, existing.seller_sku, existing.how = product.id, seller_sku, "manual"
    session.flush()
    outbox.forget_links_cache(session)
    outbox.enqueue(session, account_id, "stock", str(product.id))
    relink_orders(session, account_id)
    if previous and previous != product.id:
        outbox.stock_changed(session, product_ids=[previous])
    return {"sku": product.sku, "item_id": item_id, "variation_id": variation or None, "seller_sku": seller_sku,
            "how": "manual", "known_unit": bool(units)}


def link_by_hand(db: Database, name: str, sku: str, item_id: str, variation_id: str | None = None) -> Changed[dict]:
    with db.session() as session:
        account = account_row(session, name)
        result = link(session, account.id, sku, item_id, variation_id)
    return Changed(result, Changes(channels=True))


def unlink(db: Database, name: str, item_id: str, variation_id: str | None = None) -> Changes:
    """Remove the link of the channel's item (variation) to its product.

    Raises:
        NotFound: no channel ``name``, or that item is not linked.
    """
    with db.session() as session:
        account = account_row(session, name)
        gone = session.scalar(select(ChannelLink).where(ChannelLink.account_id == account.id, ChannelLink.item_id == item_id,
                                                        ChannelLink.variation_id == (variation_id or "")))
        if gone is None:
            raise NotFound(msg("Chưa liên kết {i}", "{i} is not linked", i=item_id))
        session.delete(gone)
    return Changes(channels=True)


def review(db: Database, name: str) -> LinkReview:
    """What is linked, unlinked and conflicting now, without changing anything (the window's table)."""
    with db.session() as session:
        account = account_row(session, name)
        nested = session.begin_nested()
        proposed = auto_link(session, account.id)  # what the automatic pass would find…
        nested.rollback()  # …without keeping it
        links = link_rows(session, account.id)
        linked_keys = {(r["item_id"], r["variation_id"] or "") for r in links}
        units = session.scalars(select(ChannelUnit).where(ChannelUnit.account_id == account.id)
                                .order_by(ChannelUnit.item_id, ChannelUnit.variation_id))
        conflicted = {(u["item_id"], u["variation_id"] or "") for c in proposed.conflicts for u in c["units"]}
        unlinked = tuple({**_unit_json(u), "reason": "conflict" if (u.item_id, u.variation_id) in conflicted else "no_match"}
                         for u in units if (u.item_id, u.variation_id) not in linked_keys)
        return LinkReview(linked=len(links), new=0, unlinked=unlinked, conflicts=proposed.conflicts, links=tuple(links))
