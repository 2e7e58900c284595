"""The one bulk writer of new products with their opening stock: the spreadsheet import and the demo
catalogue both load through it.

Row by row, the catalogue and ledger services (`add_product`, `post_movement`) would take a minute
for 10,000 products; here each table gets one multi-row insert, and what the services keep true is
kept true here too, in the caller's one transaction:

- the ledger, the balances and the totals are written together and equal (each lot's receipt
  movement, its balance, the product's total);
- the product's `search_text` (and SQLite's search index, in one pass) and its `gtin` are the
  catalogue's own;
- the store learns of every product and of its stock through the outbox, by the outbox's rules
  (`sync.outbox.enqueue_many`);
- ids come from the database (`db.bulk.next_ids`): on SQLite after the highest one, under the write
  lock this transaction holds; on PostgreSQL from the tables' sequences, so other PCs and the
  services go on adding after a load. The rows then go in through a plain executemany, far faster
  than INSERT … RETURNING row by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..catalog.gtin import gtin14
from ..catalog.models import Product
from ..catalog.service import search_words
from ..catalog.validation import sku_key
from ..db import sqlite as sqlite_sql
from ..db.base import utcnow
from ..db.bulk import insert_many, next_ids
from ..sync import outbox
from .models import Lot, StockBalance, StockMovement, StockTotal

# Every column of a new product, as the catalogue service would default it.
PRODUCT_DEFAULTS: dict[str, Any] = dict(
    description="", category="", unit="hộp", cost=None, weight_g=None, length_cm=None, width_cm=None,
    height_cm=None, barcode=None, province_code=None, ward_code=None, ocop_stars=None, status="active",
    low_stock_threshold=0, bin_location="", version=1, stop_selling_days=0,
)


@dataclass(frozen=True)
class OpeningLot:
    """Stock a new product starts with in one warehouse: `quantity` units (0: the lot is recorded,
    nothing received), in the lot `code` (None: no lot) with its dates."""

    warehouse_id: int
    quantity: int
    code: str | None = None
    expiry: date | None = None
    harvest: date | None = None


@dataclass(frozen=True)
class NewProduct:
    """A new product for `load_products`: its SKU, its validated catalogue fields (name, price, …;
    the rest take the catalogue's defaults) and its opening stock."""

    sku: str
    fields: dict[str, Any]
    stock: Sequence[OpeningLot] = field(default=())


def load_products(session: Session, products: Sequence[NewProduct], *, reason: str, reference: str = "",
                  user: str = "") -> list[int]:
    """Insert `products` (validated, SKUs not in the catalogue yet) with their opening stock, in the
    caller's transaction; their new ids, in order. Receipts carry `reason`, `reference` and `user`.

    Raises:
        sqlalchemy.exc.IntegrityError: a SKU or barcode already taken (the caller checks first; the
            transaction is then rolled back whole).
    """
    if not products:
        return []
    now = utcnow()
    conn = session.connection()
    rows = []
    for product in products:
        values = {**PRODUCT_DEFAULTS, **product.fields}
        if "gtin" not in values:  # (a caller that built valid barcodes may give their GTIN-14 itself)
            values["gtin"] = gtin14(values["barcode"])
        rows.append({**values, "sku": product.sku, "sku_key": sku_key(product.sku), "created_at": now,
                     "updated_at": now, "search_text": search_words(product.sku, values["barcode"], values["name"])})
    with sqlite_sql.bulk_product_load(conn):
        ids = insert_with_ids(conn, Product.__table__, rows)
    _load_stock(conn, list(zip(ids, products, strict=True)), reason, reference, user, now)
    outbox.enqueue_many(session, "product", [p.sku for p in products])
    outbox.enqueue_many(session, "stock", [p.sku for p in products if p.stock])
    return ids


def _load_stock(conn: Connection, loaded: list[tuple[int, NewProduct]], reason: str, reference: str, user: str,
                now) -> None:
    openings = [(pid, opening) for pid, product in loaded for opening in product.stock]
    coded = [i for i, (_pid, opening) in enumerate(openings) if opening.code]
    lot_ids = dict(zip(coded, insert_with_ids(conn, Lot.__table__, [
        {"product_id": openings[i][0], "code": openings[i][1].code, "harvest_date": openings[i][1].harvest,
         "expiry_date": openings[i][1].expiry, "created_at": now}
        for i in coded
    ]), strict=True))
    movements, balances = [], {}
    totals = {pid: 0 for pid, _product in loaded}
    for i, (pid, opening) in enumerate(openings):
        if opening.quantity == 0:
            continue
        lot_id = lot_ids.get(i)
        movements.append({"product_id": pid, "warehouse_id": opening.warehouse_id, "lot_id": lot_id,
                          "kind": "receipt", "quantity": opening.quantity, "reason": reason, "user_name": user,
                          "reference": reference, "created_at": now})
        place = (pid, opening.warehouse_id, lot_id)
        balances[place] = balances.get(place, 0) + opening.quantity
        totals[pid] += opening.quantity
    insert_many(conn, StockMovement.__table__, movements)
    insert_many(conn, StockBalance.__table__, [
        {"product_id": pid, "warehouse_id": warehouse_id, "lot_id": lot_id, "on_hand": on_hand}
        for (pid, warehouse_id, lot_id), on_hand in balances.items()
    ])
    insert_many(conn, StockTotal.__table__, [{"product_id": pid, "on_hand": n} for pid, n in totals.items()])


def insert_with_ids(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` with ids handed out by `db.bulk.next_ids` (see the module docstring); their
    ids, in order."""
    ids = next_ids(conn, table, len(rows))
    insert_many(conn, table, [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
    return ids
