"""Writing imported rows: new products in bulk (with their opening stock), and one receipt at a time."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..catalog.gtin import gtin14
from ..catalog.models import Product
from ..catalog.service import get_product_row, search_words
from ..catalog.validation import sku_key
from ..db.base import utcnow
from ..db.bulk import insert_many
from ..stock.ledger import post_movement
from ..stock.models import Lot, StockBalance, StockMovement, StockTotal
from ..stock.service import lot_for, resolve_warehouse
from ..sync import outbox
from ..sync.models import OutboxEntry
from .rows import OpeningStock, ParsedRow

# Every column of a new product, as the catalogue service would default it.
PRODUCT_DEFAULTS = dict(
    description="", category="", unit="hộp", cost=None, weight_g=None, length_cm=None, width_cm=None,
    height_cm=None, barcode=None, province_code=None, ward_code=None, ocop_stars=None, status="active",
    low_stock_threshold=0, bin_location="", version=1,
)


def insert_new_products(session: Session, rows: list[ParsedRow], reason: str, reference: str,
                        user: str) -> tuple[list[int], list[int]]:
    """Insert validated new products with their opening stock; returns (product ids, stocked ids).

    Bulk inserts (as the demo catalogue does): the ledger, balances and totals are written
    together and equal, so 10,000 rows take a second instead of a minute.
    """
    now = utcnow()
    conn = session.connection()
    products = []
    for row in rows:
        values = {**PRODUCT_DEFAULTS, **row.fields}
        products.append({
            **values, "sku": row.sku, "sku_key": sku_key(row.sku), "gtin": gtin14(values["barcode"]),
            "created_at": now, "updated_at": now,
            "search_text": search_words(row.sku, values["barcode"], values["name"]),
        })
    ids = insert_with_ids(conn, Product.__table__, products)
    stocked = [(pid, row.stock) for pid, row in zip(ids, rows, strict=True) if row.stock]
    _insert_opening_stock(session, stocked, reason, reference, user, now)
    insert_many(conn, StockTotal.__table__, [
        {"product_id": pid, "on_hand": row.stock.quantity if row.stock else 0} for pid, row in zip(ids, rows, strict=True)
    ])
    entries = [(row.sku, "product") for row in rows] + [(row.sku, "stock") for row in rows if row.stock]
    insert_many(conn, OutboxEntry.__table__, [
        {"kind": kind, "key": sku, "idempotency_key": f"{kind}-{uuid.uuid4().hex}", "created_at": now, "attempts": 0}
        for sku, kind in entries
    ])
    return ids, [pid for pid, _ in stocked]


def _insert_opening_stock(session: Session, stocked: list[tuple[int, OpeningStock]], reason: str, reference: str,
                          user: str, now) -> None:
    if not stocked:
        return
    conn = session.connection()
    warehouses = {}
    lots, lot_owner = [], []
    movements, balances = [], []
    for pid, stock in stocked:
        key = stock.warehouse.casefold()
        if key not in warehouses:
            warehouses[key] = resolve_warehouse(session, stock.warehouse).id
        code = stock.lot or (f"HSD-{stock.expiry:%Y%m%d}" if stock.expiry else "")
        if code:
            lot_owner.append(len(movements))
            lots.append({"product_id": pid, "code": code, "harvest_date": stock.harvest,
                         "expiry_date": stock.expiry, "created_at": now})
        movements.append({"product_id": pid, "warehouse_id": warehouses[key], "lot_id": None, "kind": "receipt",
                          "quantity": stock.quantity, "reason": reason, "user_name": user, "reference": reference,
                          "created_at": now})
        balances.append({"product_id": pid, "warehouse_id": warehouses[key], "lot_id": None,
                         "on_hand": stock.quantity})
    for index, lot_id in zip(lot_owner, insert_with_ids(conn, Lot.__table__, lots), strict=True):
        movements[index]["lot_id"] = balances[index]["lot_id"] = lot_id
    insert_many(conn, StockMovement.__table__, movements)
    insert_many(conn, StockBalance.__table__, balances)


def insert_with_ids(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` and return their new ids, in order.

    SQLite: ids are given explicitly (this runs inside the one write transaction, which holds the
    write lock), so the rows go in through a plain executemany. Other engines: INSERT … RETURNING,
    which keeps PostgreSQL's id sequences in step.
    """
    if not rows:
        return []
    if conn.dialect.name != "sqlite":
        result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        return list(result.scalars())
    first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    ids = list(range(first, first + len(rows)))
    insert_many(conn, table, [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
    return ids


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
