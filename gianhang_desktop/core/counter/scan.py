"""Scan to cart: what the counter screen needs of a scanned or typed code, in one short read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..catalog.scan import match_in_session
from ..catalog.search import search_products
from ..database import Database
from ..stock.models import Warehouse
from ..stock.sellable import sellable_quantities


@dataclass(frozen=True)
class CartItem:
    """A product as a cart line starts: its price in đồng and the units that may be sold today
    (expired and held-back lots left out), `keyboard` "telex"/"vni" when a Vietnamese keyboard
    had changed the scan, and `code` the code that matched."""

    product_id: int
    sku: str
    name: str
    unit: str
    price: int
    sellable: int
    code: str
    keyboard: str | None = None
    status: str = "active"


def scan_item(db: Database, raw: str, warehouse: str | None = None) -> CartItem | None:
    """The product a scan (barcode in any GTIN form, a GS1 string, or a SKU) names, with what may
    be sold of it in `warehouse` (code; default: every warehouse), or None."""
    with db.read_session() as session:
        found = match_in_session(session, raw)
        if found is None:
            return None
        product, code, keyboard = found
        warehouse_id = session.scalar(select(Warehouse.id).where(Warehouse.code == warehouse)) if warehouse else None
        sellable = sellable_quantities(session, [product.id], warehouse_id)[product.id]
        return CartItem(product.id, product.sku, product.name, product.unit, product.price, sellable, code, keyboard,
                        product.status)


def find_items(db: Database, text: str, limit: int = 12) -> list[CartItem]:
    """Active products whose name, SKU or barcode match typed words (accents optional), for the
    cart's search list, with what may be sold of each."""
    hits = [h for h in search_products(db, text, limit=limit) if h.status == "active"]
    if not hits:
        return []
    with db.read_session() as session:
        sellable = sellable_quantities(session, [h.id for h in hits])
    return [CartItem(h.id, h.sku, h.name, h.unit, h.price, sellable[h.id], h.sku) for h in hits]
