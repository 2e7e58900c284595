"""Browsing the catalogue in a big table: ordered, filtered ids in SQL, then rows for a page of ids."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import (
    Float,
    Integer,
    and_,
    bindparam,
    case,
    column,
    exists,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from .. import clock
from ..database import Database
from ..db import sqlite as sqlite_sql
from ..stock.models import Lot, StockBalance, StockTotal
from ..text import words
from .models import Product
from .rows import SORT_KEYS, BrowseFilters, BrowseSort, ProductRow  # noqa: F401 - re-exported
from .scan import code_condition, scan_codes
from .search import MAX_TOKENS


def product_ids(
    db: Database, query: str = "", filters: BrowseFilters | None = None, sort: BrowseSort | None = None,
    today: date | None = None,
) -> list[int]:
    """Ids of the products to list, in display order; the whole work (match, filter, order) is SQL.

    `query` uses the same tone-mark-insensitive word-prefix search as `search_products`
    (FTS5 on SQLite); an exact SKU or barcode always comes first when sorting by relevance.
    """
    filters = filters or BrowseFilters()
    sort = sort or BrowseSort()
    tokens = words(query)[:MAX_TOKENS]
    with db.read_session() as session:
        stmt = _ids_from()
        rank = None
        if tokens:
            stmt, rank = _match(session, stmt, query, tokens)
        stmt = stmt.where(*_conditions(filters, today))
        stmt = stmt.order_by(*_order(sort, rank, query if tokens else None))
        return list(session.scalars(stmt))


def default_ids_statement():
    """The statement `product_ids(db)` runs for the default view (no query, default filters and sort).

    first_page.py keeps its compiled text, so that the window can list the first products before
    SQLAlchemy is even imported; a test holds the two equal.
    """
    return _ids_from().where(*_conditions(BrowseFilters(), None)).order_by(*_order(BrowseSort(), None, None))


def _ids_from():
    return select(Product.id).select_from(Product).join(StockTotal, StockTotal.product_id == Product.id, isouter=True)


def product_rows(db: Database, ids: list[int]) -> list[ProductRow]:
    """The rows of `ids`, in the same order (ids that no longer exist are left out)."""
    if not ids:
        return []
    # A Core connection, not an ORM session: this runs on every scroll step, and the ORM layer
    # would cost more than the query itself.
    with db.read_connection() as conn:
        if conn.dialect.name == "sqlite":
            # One JSON parameter keeps the statement text (and SQLAlchemy's compiled cache) the
            # same for every page; an expanding IN of 200 values is re-rendered on each call.
            result = conn.execute(_ROWS_STMT_SQLITE, {"ids": json.dumps(list(ids))}).all()
        else:
            result = conn.execute(_ROWS_STMT, {"ids": list(ids)}).all()
    by_id = {r[0]: ProductRow(*r) for r in result}
    return [by_id[i] for i in ids if i in by_id]


_ROW_COLUMNS = (
    Product.id, Product.sku, Product.name, Product.category, Product.unit, Product.price,
    func.coalesce(StockTotal.on_hand, 0), Product.status, Product.barcode,
    Product.low_stock_threshold, Product.bin_location, Product.version,
)
_ROWS_STMT = (
    select(*_ROW_COLUMNS)
    .join(StockTotal, StockTotal.product_id == Product.id, isouter=True)
    .where(Product.id.in_(bindparam("ids", expanding=True)))
)
_ROWS_STMT_SQLITE = (
    select(*_ROW_COLUMNS)
    .join(StockTotal, StockTotal.product_id == Product.id, isouter=True)
    .where(Product.id.in_(text("SELECT value FROM json_each(:ids)")))
)


def count_products(db: Database, status: str = "active") -> int:
    """How many products have `status` ("all" for every product)."""
    with db.read_session() as session:
        stmt = select(func.count(Product.id))
        if status != "all":
            stmt = stmt.where(Product.status == status)
        return int(session.scalar(stmt) or 0)


def _match(session: Session, stmt, query: str, tokens: list[str]):
    exact = code_condition(scan_codes(query))
    if session.get_bind().dialect.name == "sqlite":
        fts = (
            text("SELECT rowid, rank FROM products_fts WHERE products_fts MATCH :fts_query")
            .bindparams(fts_query=sqlite_sql.fts_query(tokens))
            .columns(column("rowid", Integer), column("rank", Float))
            .subquery("fts")
        )
        # A LEFT JOIN plus OR keeps exact codes that the word index would not match (e.g. "VT-001/2").
        stmt = stmt.join(fts, fts.c.rowid == Product.id, isouter=True).where(or_(fts.c.rowid.is_not(None), exact))
        return stmt, fts.c.rank
    conds = [or_(Product.search_text.like(f"{t}%"), Product.search_text.like(f"% {t}%")) for t in tokens]
    return stmt.where(or_(and_(*conds), exact)), None


def _conditions(filters: BrowseFilters, today: date | None) -> list:
    conds = []
    if filters.status in ("active", "archived"):
        conds.append(Product.status == filters.status)
    if filters.category:
        conds.append(Product.category == filters.category)
    if filters.low_stock:
        conds.append(and_(Product.low_stock_threshold > 0,
                          func.coalesce(StockTotal.on_hand, 0) <= Product.low_stock_threshold))
    if filters.expiring_within_days is not None or filters.expired:
        today = today or clock.today()
    if filters.expiring_within_days is not None:
        horizon = today + timedelta(days=filters.expiring_within_days)
        conds.append(
            exists()
            .where(StockBalance.product_id == Product.id, StockBalance.on_hand > 0)
            .where(Lot.id == StockBalance.lot_id, Lot.expiry_date >= today, Lot.expiry_date <= horizon)
        )
    if filters.expired:
        conds.append(
            exists()
            .where(StockBalance.product_id == Product.id, StockBalance.on_hand > 0)
            .where(Lot.id == StockBalance.lot_id, Lot.expiry_date < today)
        )
    return conds


def _order(sort: BrowseSort, rank, query: str | None) -> list:
    if sort.key is None and query is not None:
        first = case((code_condition(scan_codes(query)), 0), else_=1)
        return [first, rank if rank is not None else Product.name, Product.id]
    key = sort.key if sort.key in SORT_KEYS else "name"
    column_ = {
        "name": Product.name, "sku": Product.sku_key, "price": Product.price,
        "on_hand": func.coalesce(StockTotal.on_hand, 0), "unit": Product.unit, "status": Product.status,
        "category": Product.category,
    }[key]
    primary = column_.desc() if sort.descending else column_.asc()
    tie = Product.id.desc() if sort.descending else Product.id.asc()
    return [primary, tie]
