"""What the store is sent, built from the current local state at send time (never stale snapshots)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..catalog.models import Product
from ..orders.availability import available_to_sell
from ..orders.models import Order, OrderItem

# The descriptive fields a product write carries, and what a conflict is judged on.
DESCRIPTIVE = (
    "name", "description", "category", "unit", "price", "weight_g", "length_cm", "width_cm", "height_cm",
    "barcode", "origin", "ocop_stars", "certifications", "status",
)


def product_payload(product: Product) -> dict[str, Any]:
    """The store's product body for a local product (dimensions in whole cm, as the store keeps them)."""
    origin = None
    if product.province_code is not None:
        origin = {"province_code": product.province_code, "ward_code": product.ward_code}
    return {
        "sku": product.sku,
        "name": product.name,
        "description": product.description or "",
        "category": product.category or None,
        "unit": product.unit or None,
        "price": product.price,
        "weight_g": product.weight_g,
        "length_cm": _cm(product.length_cm),
        "width_cm": _cm(product.width_cm),
        "height_cm": _cm(product.height_cm),
        "barcode": product.barcode,
        "origin": origin,
        "ocop_stars": product.ocop_stars,
        "certifications": [_certification(c) for c in product.certifications],
        "status": product.status,
    }


def descriptive(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The comparable part of a product body or of the store's representation."""
    if data is None:
        return None
    out = {name: data.get(name) for name in DESCRIPTIVE}
    origin = out.get("origin")
    if origin:
        out["origin"] = {"province_code": origin.get("province_code"), "ward_code": origin.get("ward_code")}
    out["description"] = out.get("description") or ""
    out["category"] = out.get("category") or None
    out["certifications"] = list(out.get("certifications") or [])
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str | None) -> Any:
    return json.loads(text) if text else None


def products_by_sku(session: Session, skus: Iterable[str]) -> dict[str, Product]:
    skus = list(skus)
    found: dict[str, Product] = {}
    for start in range(0, len(skus), 500):
        chunk = skus[start:start + 500]
        rows = session.scalars(
            select(Product).options(selectinload(Product.certifications)).where(Product.sku.in_(chunk))
        )
        found.update({p.sku: p for p in rows})
    return found


def sellable_quantities(session: Session, products: dict[str, Product], buffer: int) -> dict[str, int]:
    """Stock the store may sell, per SKU: what may still be promised (sellable lots only, so never an
    expired or held-back lot, minus what orders hold), minus store orders not yet confirmed here,
    minus the safety buffer; never < 0, and 0 for archived products."""
    ids = [p.id for p in products.values()]
    available = available_to_sell(session, ids)
    waiting = _store_orders_waiting(session, ids)
    return {
        sku: 0 if p.status != "active" else max(0, available.get(p.id, 0) - waiting.get(p.id, 0) - max(0, buffer))
        for sku, p in products.items()
    }


def _store_orders_waiting(session: Session, ids: list[int]) -> dict[int, int]:
    """Units ordered on the store but not yet confirmed here (unpaid or paid store orders)."""
    waiting: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(OrderItem.product_id, func.sum(OrderItem.quantity)).join(Order, Order.id == OrderItem.order_id)
            .where(Order.channel == "store", Order.status.in_(("unpaid", "paid")),
                   OrderItem.product_id.in_(ids[start:start + 500]))
            .group_by(OrderItem.product_id)
        ).all()
        waiting.update({product_id: int(quantity or 0) for product_id, quantity in rows})
    return waiting


def _cm(value: float | None) -> int | None:
    return None if value is None else max(0, int(round(value)))


def _certification(cert) -> str:
    text = cert.kind.upper() if cert.kind in ("vietgap", "globalgap", "ocop") else cert.kind
    return f"{text} {cert.number}".strip()[:100]


MAX_IN_FLIGHT = 8


def in_flight(text: str | None) -> list[dict[str, Any]]:
    """The unacknowledged writes kept in `RemoteProduct.sent` (a JSON list, newest last)."""
    value = loads(text)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def add_in_flight(text: str | None, desc: dict[str, Any]) -> str:
    """`sent` with `desc` added: every write not yet acknowledged may have landed on the store."""
    items = [d for d in in_flight(text) if d != desc] + [desc]
    return dumps(items[-MAX_IN_FLIGHT:])
