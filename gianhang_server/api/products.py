"""Products: create or replace, read, archive, list, batch upsert."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from gianhang_server.api.deps import (
    CallerDep,
    IdempotencyKeyOptional,
    IdempotencyKeyRequired,
    IfMatch,
    SessionDep,
)
from gianhang_server.catalog import (
    check_version,
    get_product,
    parse_if_match,
    product_changed,
    product_out,
    upsert_product,
    upsert_products,
)
from gianhang_server.changes import decode_cursor, encode_cursor
from gianhang_server.models import Product
from gianhang_server.schemas import (
    ProductBatchIn,
    ProductBatchOut,
    ProductIn,
    ProductOut,
    ProductPage,
    Sku,
)

router = APIRouter(tags=["products"])
SkuPath = Annotated[Sku, Path(description="The seller's SKU.")]


def _etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


@router.put("/products/{sku}", response_model=ProductOut, responses={201: {"model": ProductOut}})
def put_product(
    sku: SkuPath, body: ProductIn, caller: CallerDep, session: SessionDep, response: Response,
    if_match: IfMatch = None, idempotency_key: IdempotencyKeyOptional = None,
):
    """Create or replace a product; 201 when created. Same content again changes nothing."""
    product, status = upsert_product(session, caller, sku, body, parse_if_match(if_match))
    response.status_code = status
    _etag(response, product.version)
    return product_out(product)


@router.get("/products/{sku}", response_model=ProductOut)
def read_product(sku: SkuPath, caller: CallerDep, session: SessionDep, response: Response):
    product = get_product(session, caller.shop_id, sku)
    _etag(response, product.version)
    return product_out(product)


@router.delete("/products/{sku}", response_model=ProductOut)
def archive_product(
    sku: SkuPath, caller: CallerDep, session: SessionDep, response: Response,
    if_match: IfMatch = None, idempotency_key: IdempotencyKeyOptional = None,
):
    """Archive the product (it stays readable with ``status: archived``)."""
    product = get_product(session, caller.shop_id, sku, lock=True)
    check_version(product, parse_if_match(if_match))
    if product.status != "archived":
        product.status = "archived"
        product_changed(session, product, caller)
    _etag(response, product.version)
    return product_out(product)


@router.get("/products", response_model=ProductPage)
def list_products(
    caller: CallerDep, session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    status: Annotated[str | None, Query(pattern="^(active|archived)$")] = None,
):
    """Products in a stable order; follow ``next_cursor`` until it is null."""
    after = decode_cursor("p", caller.shop_id, cursor)
    query = select(Product).where(Product.shop_id == caller.shop_id, Product.id > after)
    if status:
        query = query.where(Product.status == status)
    rows = list(session.scalars(query.order_by(Product.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [product_out(p) for p in rows], "next_cursor": encode_cursor("p", caller.shop_id, rows[-1].id) if more else None}


@router.post("/products/batch", response_model=ProductBatchOut)
def batch_products(body: ProductBatchIn, caller: CallerDep, session: SessionDep, idempotency_key: IdempotencyKeyRequired):
    """Upsert up to 100 products; each item succeeds or fails on its own."""
    outcomes = upsert_products(session, caller, [(item.sku, item, item.if_match) for item in body.items])
    results = []
    for item, (product, status, error) in zip(body.items, outcomes, strict=True):
        if error is None:
            results.append({"sku": item.sku, "ok": True, "status": status, "product": product_out(product)})
        else:
            results.append({
                "sku": item.sku, "ok": False, "status": status,
                "error": {"code": error.code, "message": error.message, "details": error.details},
            })
    # Answered as is: the items were validated on the way in, and re-validating 100 products on
    # the way out would cost as much as storing them.
    return JSONResponse({"results": results})
