"""Stock: set or adjust sellable quantities, up to 50 SKUs a call, each item on its own."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from gianhang_server.api.deps import CallerDep, IdempotencyKeyRequired, SessionDep
from gianhang_server.catalog import product_out
from gianhang_server.changes import record_changes, source_of
from gianhang_server.models import Product, utcnow
from gianhang_server.schemas import StockBatchIn, StockBatchOut

router = APIRouter(tags=["stock"])


@router.post("/stock/batch", response_model=StockBatchOut)
def stock_batch(body: StockBatchIn, caller: CallerDep, session: SessionDep, idempotency_key: IdempotencyKeyRequired):
    """Apply each item in order. An item that names an unknown SKU or would take the quantity
    below zero fails alone and changes nothing; the other items still apply.

    The rows are read in one locked query and the feed entries appended in one insert, so a
    batch of 50 costs a handful of statements rather than three per item.
    """
    skus = sorted({item.sku for item in body.items})
    products = {
        p.sku: p
        for p in session.scalars(
            select(Product).where(Product.shop_id == caller.shop_id, Product.sku.in_(skus))
            .order_by(Product.sku).with_for_update(of=Product)
        )
    }
    results, changed = [], {}
    for item in body.items:
        product = products.get(item.sku)
        if product is None:
            results.append({"sku": item.sku, "ok": False, "error": {"code": "product_not_found", "message": f"No product with SKU {item.sku}."}})
            continue
        new_quantity = item.quantity if item.quantity is not None else product.quantity + item.delta
        if new_quantity < 0:
            results.append({
                "sku": item.sku, "ok": False,
                "error": {"code": "insufficient_stock", "message": "The quantity would go below zero.", "details": {"quantity": product.quantity, "delta": item.delta}},
            })
            continue
        if new_quantity != product.quantity:
            product.quantity = new_quantity
            product.version += 1
            product.updated_at = utcnow()
            changed[product.sku] = product
        results.append({"sku": item.sku, "ok": True, "quantity": product.quantity, "version": product.version})
    session.flush()
    record_changes(session, caller.shop_id, [
        ("product.updated", p.sku, product_out(p) | {"source": source_of(caller)}, caller)
        for p in changed.values()
    ])
    return {"results": results}
