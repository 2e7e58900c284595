"""Tone-mark-insensitive product search: whole words and word prefixes, SKU and barcode.

On SQLite it runs on the FTS5 index of `core.db.sqlite` (kept in step by triggers, so in the
same transaction as the product). Other engines fall back to LIKE over the folded text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from ..database import Database
from ..db import sqlite as sqlite_sql
from ..stock.models import StockTotal
from ..text import words
from . import validation as v
from .gtin import gtin14
from .models import Product
from .scan import code_condition, scan_codes

MAX_TOKENS = 8
RANK_CANDIDATES = 200


@dataclass(frozen=True)
class SearchHit:
    id: int
    sku: str
    name: str
    price: int
    stock: int
    unit: str
    status: str

    def to_json(self) -> dict:
        return {
            "id": self.id, "sku": self.sku, "name": self.name, "price": self.price,
            "stock": self.stock, "unit": self.unit, "status": self.status,
        }


def search_products(db: Database, query: str, limit: int = 20, include_archived: bool = False) -> list[SearchHit]:
    """Products matching `query`, best first: exact SKU or barcode, then by relevance.

    The exact code is read as a scan is (`scan.scan_codes`): any GTIN form of a barcode, an AIM
    prefix or framing removed, and the Telex/VNI readings of a code a Vietnamese keyboard changed.
    """
    tokens = words(query)[:MAX_TOKENS]
    if not tokens:
        return []
    with db.read_connection() as conn:
        if conn.dialect.name == "sqlite":
            # One statement: the ranked FTS candidates and the exact code match, with their rows.
            status = "" if include_archived else "WHERE p.status = 'active' "
            rows = conn.execute(
                text(
                    "WITH f AS MATERIALIZED (SELECT rowid AS id, rank AS r FROM products_fts "
                    f"  WHERE products_fts MATCH :q LIMIT {RANK_CANDIDATES}), "
                    "hits AS (SELECT id, r FROM f UNION ALL "
                    "  SELECT id, -1e300 FROM products WHERE sku_key IN (SELECT value FROM json_each(:keys)) "
                    "  OR gtin IN (SELECT value FROM json_each(:gtins))) "
                    "SELECT p.id, p.sku, p.name, p.price, coalesce(t.on_hand, 0), p.unit, p.status, min(h.r) AS best "
                    "FROM hits h JOIN products p ON p.id = h.id "
                    "LEFT JOIN stock_totals t ON t.product_id = p.id "
                    f"{status}GROUP BY p.id ORDER BY best, p.id LIMIT :limit"
                ),
                {"q": sqlite_sql.fts_query(tokens), **_code_params(query), "limit": limit},
            ).all()
            return [SearchHit(*r[:7]) for r in rows]
    with db.read_session() as session:
        ids = matching_ids(session, query, limit=limit, include_archived=include_archived)
        if not ids:
            return []
        rows = session.execute(
            select(Product.id, Product.sku, Product.name, Product.price, StockTotal.on_hand, Product.unit, Product.status)
            .join(StockTotal, StockTotal.product_id == Product.id, isouter=True)
            .where(Product.id.in_(ids))
        ).all()
    by_id = {r[0]: SearchHit(r[0], r[1], r[2], r[3], r[4] or 0, r[5], r[6]) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def matching_ids(session: Session, query: str, limit: int | None = 50, include_archived: bool = False) -> list[int]:
    """Ids of products matching `query` in rank order (at most `limit`, None for all)."""
    tokens = words(query)[:MAX_TOKENS]
    if not tokens:
        return []
    exact = _exact_code_ids(session, query, include_archived)
    if session.get_bind().dialect.name == "sqlite":
        ranked = _fts_ids(session, tokens, limit, include_archived)
    else:
        ranked = _like_ids(session, tokens, limit, include_archived)
    seen = set(exact)
    result = exact + [i for i in ranked if i not in seen]
    return result[:limit] if limit is not None else result


def _code_params(query: str) -> dict[str, str]:
    """The exact codes a query may be, as JSON lists for SQLite: SKU keys and GTIN-14s."""
    codes = scan_codes(query)
    return {"keys": json.dumps(sorted({v.sku_key(c) for c in codes})),
            "gtins": json.dumps(sorted({g for g in map(gtin14, codes) if g}))}


def _exact_code_ids(session: Session, query: str, include_archived: bool) -> list[int]:
    stmt = select(Product.id).where(code_condition(scan_codes(query)))
    if not include_archived:
        stmt = stmt.where(Product.status == "active")
    return list(session.scalars(stmt))


def _fts_ids(session: Session, tokens: list[str], limit: int | None, include_archived: bool) -> list[int]:
    status = "" if include_archived else " WHERE p.status = 'active'"
    # For a top-N answer only the first RANK_CANDIDATES matches (in index order) are ranked: a
    # broad query such as "tra" can match half the catalogue, and scoring every match would cost
    # tens of milliseconds for results the clerk narrows down anyway. Specific queries match
    # fewer rows than that and are ranked exactly.
    cap = f" LIMIT {RANK_CANDIDATES}" if limit is not None else ""
    sql = (
        "SELECT p.id FROM (SELECT rowid, rank FROM products_fts WHERE products_fts MATCH :query"
        f"{cap}) AS f JOIN products p ON p.id = f.rowid{status} ORDER BY f.rank, p.id"
    )
    params: dict = {"query": sqlite_sql.fts_query(tokens)}
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return list(session.execute(text(sql), params).scalars())


def _like_ids(session: Session, tokens: list[str], limit: int | None, include_archived: bool) -> list[int]:
    conds = [
        or_(Product.search_text.like(f"{t}%"), Product.search_text.like(f"% {t}%")) for t in tokens
    ]
    # Like FTS5's bm25 for names, the shorter (closer) name ranks first.
    stmt = select(Product.id).where(and_(*conds)).order_by(func.length(Product.name), Product.name, Product.id)
    if not include_archived:
        stmt = stmt.where(Product.status == "active")
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))
