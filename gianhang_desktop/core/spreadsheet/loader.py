"""Writing imported rows: new products through the one bulk writer (core/stock/bulk.py), and the
opening stock of an existing product through the ledger primitive."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..catalog.service import get_product_row
from ..stock.bulk import NewProduct, OpeningLot, load_products
from ..stock.ledger import post_movement
from ..stock.service import lot_for, resolve_warehouse
from ..sync import outbox
from .rows import ParsedRow


def insert_new_products(session: Session, rows: list[ParsedRow], reason: str, reference: str,
                        user: str) -> tuple[list[int], list[int]]:
    """Insert validated new products with their opening stock; returns (product ids, stocked ids).

    Raises:
        NotFound("warehouse"): a row names a warehouse that does not exist.
    """
    warehouses: dict[str, int] = {}

    def opening(row: ParsedRow) -> tuple[OpeningLot, ...]:
        stock = row.stock
        if stock is None:
            return ()
        key = stock.warehouse.casefold()
        if key not in warehouses:
            warehouses[key] = resolve_warehouse(session, stock.warehouse).id
        code = stock.lot or (f"HSD-{stock.expiry:%Y%m%d}" if stock.expiry else "")
        return (OpeningLot(warehouses[key], stock.quantity, code or None, stock.expiry, stock.harvest),)

    products = [NewProduct(row.sku, row.fields, opening(row)) for row in rows]
    ids = load_products(session, products, reason=reason, reference=reference, user=user)
    return ids, [pid for pid, product in zip(ids, products, strict=True) if product.stock]


def receive_opening_stock(session: Session, row: ParsedRow, reason: str, reference: str, user: str) -> int:
    """The opening stock of an existing product that has no ledger yet, through the ledger primitive."""
    product = get_product_row(session, row.sku)
    stock = row.stock
    warehouse = resolve_warehouse(session, stock.warehouse)
    lot = lot_for(session, product, stock.lot, stock.expiry, stock.harvest) if (stock.lot or stock.expiry) else None
    post_movement(session, product_id=product.id, warehouse_id=warehouse.id, lot_id=lot.id if lot else None,
                  kind="receipt", quantity=stock.quantity, reason=reason, user_name=user, reference=reference,
                  sku=product.sku)
    outbox.enqueue(session, "stock", product.sku)
    return product.id
