"""Stock: set or adjust sellable quantities, up to 50 SKUs a call, each item on its own."""

from __future__ import annotations

from fastapi import APIRouter

from gianhang_server.api.deps import CallerDep, IdempotencyKeyRequired, SessionDep
from gianhang_server.catalog import find_product, product_changed
from gianhang_server.schemas import StockBatchIn, StockBatchOut

router = APIRouter(tags=["stock"])


@router.post("/stock/batch", response_model=StockBatchOut)
def stock_batch(body: StockBatchIn, caller: CallerDep, session: SessionDep, idempotency_key: IdempotencyKeyRequired):
    """Apply each item in order. An item that names an unknown SKU or would take the quantity
    below zero fails alone and changes nothing; the other items still apply."""
    results = []
    for item in body.items:
        product = find_product(session, caller.shop_id, item.sku, lock=True)
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
            product_changed(session, product, caller)
        results.append({"sku": item.sku, "ok": True, "quantity": product.quantity, "version": product.version})
    return {"results": results}
