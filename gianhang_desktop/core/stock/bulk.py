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

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

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


class OpeningLot(NamedTuple):
    """Stock a new product starts with in one warehouse: `quantity` units (0: the lot is recorded,
    nothing received), in the lot `code` (None: no lot) with its dates.

    (Named tuples, not dataclasses: a load holds hundreds of thousands of them, and the garbage
    collector stops tracking tuples of plain values, which keeps a 100,000-product load fast.)"""

    warehouse_id: int
    quantity: int
    code: str | None = None
    expiry: date | None = None
    harvest: date | None = None


class NewProduct(NamedTuple):
    """A new product for `load_products`: its SKU, its validated catalogue fields (name, price, …;
    the rest take the catalogue's defaults) and its opening stock."""

    sku: str
    fields: dict[str, Any]
    stock: tuple[OpeningLot, ...] = ()


def load_products(session: Session, products: Iterable[NewProduct], *, reason: str, reference: str = "",
                  user: str = "") -> list[int]:
    """Insert `products` (validated, SKUs not in the catalogue yet) with their opening stock, in the
    caller's transaction; their new ids, in order. Receipts carry `reason`, `reference` and `user`.
    `products` is read once (a generator keeps a large load light).

    Raises:
        sqlalchemy.exc.IntegrityError: a SKU or barcode already taken (the caller checks first; the
            transaction is then rolled back whole).
    """
    now = utcnow()
    rows, stocked, plan = [], [], []  # plain rows and tuples: the garbage collector leaves them be
    for product in products:
        row = {**PRODUCT_DEFAULTS, **product.fields, "sku": product.sku, "sku_key": sku_key(product.sku),
               "created_at": now, "updated_at": now}
        if "gtin" not in row:  # (a caller that built valid barcodes may give their GTIN-14 itself)
            row["gtin"] = gtin14(row["barcode"])
        row["search_text"] = search_words(product.sku, row["barcode"], row["name"])
        if product.stock:
            stocked.append(product.sku)
            index = len(rows)
            for warehouse_id, quantity, code, expiry, harvest in product.stock:
                plan.append((index, warehouse_id, quantity, code, expiry, harvest))
        rows.append(row)
    if not rows:
        return []
    conn = session.connection()
    with sqlite_sql.bulk_product_load(conn):
        ids = insert_with_ids(conn, Product.__table__, rows)
    _load_stock(conn, ids, plan, reason, reference, user, now)
    outbox.enqueue_many(session, "product", [row["sku"] for row in rows])
    outbox.enqueue_many(session, "stock", stocked)
    return ids


def _load_stock(conn: Connection, ids: list[int], plan: list[tuple], reason: str, reference: str, user: str,
                now) -> None:
    """`plan`: (product's index in `ids`, warehouse id, quantity, lot code, expiry, harvest) per opening lot."""
    coded = [i for i, step in enumerate(plan) if step[3]]
    lot_ids = dict(zip(coded, insert_with_ids(conn, Lot.__table__, [
        {"product_id": ids[plan[i][0]], "code": plan[i][3], "expiry_date": plan[i][4], "harvest_date": plan[i][5],
         "created_at": now}
        for i in coded
    ]), strict=True))
    movements, balances = [], {}
    totals = dict.fromkeys(ids, 0)
    for i, (index, warehouse_id, quantity, _code, _expiry, _harvest) in enumerate(plan):
        if quantity == 0:
            continue
        pid, lot_id = ids[index], lot_ids.get(i)
        movements.append({"product_id": pid, "warehouse_id": warehouse_id, "lot_id": lot_id, "kind": "receipt",
                          "quantity": quantity, "reason": reason, "user_name": user, "reference": reference,
                          "created_at": now})
        balances[pid, warehouse_id, lot_id] = balances.get((pid, warehouse_id, lot_id), 0) + quantity
        totals[pid] += quantity
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
    for row, i in zip(rows, ids, strict=True):
        row["id"] = i  # (in place: the rows are this module's own)
    insert_many(conn, table, rows)
    return ids
