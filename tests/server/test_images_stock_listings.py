"""Images (decoded, deduplicated, gallery), stock batches, and the listing review."""

from __future__ import annotations

import json

from gianhang_server.catalog import gtin_is_valid
from tests.server.conftest import API, jpeg_bytes, png_bytes, product_body


def upload(shop, data: bytes, content_type: str = "image/png", **kw):
    return shop.post(f"{API}/images", data=data, headers={"Content-Type": content_type}, **kw)


def test_upload_dedup_and_fetch(shop):
    data = png_bytes()
    first = upload(shop, data)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["width"] == 64 and body["height"] == 48 and len(body["sha256"]) == 64
    second = upload(shop, data)
    assert second.status_code == 200 and second.json()["image_id"] == body["image_id"]
    fetched = shop.get(body["url"])
    assert fetched.status_code == 200 and fetched.content == data
    assert fetched.headers["Content-Type"] == "image/png"
    jpeg = upload(shop, jpeg_bytes(), "image/jpeg")
    assert jpeg.status_code == 201 and jpeg.json()["image_id"] != body["image_id"]


def test_content_is_checked_not_just_the_header(shop):
    data = png_bytes()
    assert upload(shop, data[:40]).status_code == 422  # PNG header, truncated
    assert upload(shop, b"\x89PNG\r\n\x1a\n" + b"garbage" * 50).status_code == 422
    assert upload(shop, data, "image/jpeg").json()["error"]["code"] == "image_type_mismatch"
    assert upload(shop, b"GIF89a....", "image/gif").status_code == 415
    assert upload(shop, b"").status_code == 422


def test_image_size_limit(shop):
    oversized = png_bytes() + b"\x00" * (2 * 1024 * 1024)
    response = upload(shop, oversized)
    assert response.status_code == 413 and response.json()["error"]["details"]["limit_bytes"] == 2 * 1024 * 1024


def test_gallery_order_limit_and_ownership(store):
    shop, other = store.new_shop(), store.new_shop()
    shop.put(f"{API}/products/G-1", product_body("G-1"))
    ids = [upload(shop, png_bytes(color=(i, 0, 0))).json()["image_id"] for i in range(9)]
    set8 = shop.put(f"{API}/products/G-1/images", {"image_ids": ids[:8][::-1]})
    assert set8.status_code == 200, set8.text
    assert [i["image_id"] for i in set8.json()["images"]] == ids[:8][::-1]
    assert set8.json()["version"] == 2
    assert shop.put(f"{API}/products/G-1/images", {"image_ids": ids}).status_code == 422
    assert shop.put(f"{API}/products/G-1/images", {"image_ids": [ids[0], ids[0]]}).status_code == 422
    foreign = upload(other, png_bytes(color=(1, 2, 3))).json()["image_id"]
    refused = shop.put(f"{API}/products/G-1/images", {"image_ids": [foreign]})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "unknown_image"
    assert shop.put(f"{API}/products/G-1/images", {"image_ids": []}).json()["images"] == []


def test_stock_set_delta_and_never_below_zero(shop):
    shop.put(f"{API}/products/K-1", product_body("K-1"))
    shop.put(f"{API}/products/K-2", product_body("K-2"))
    response = shop.post(f"{API}/stock/batch", {"items": [
        {"sku": "K-1", "quantity": 10},
        {"sku": "K-1", "delta": -3},
        {"sku": "K-2", "delta": -1},
        {"sku": "NOPE", "quantity": 1},
    ]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["ok"] for r in results] == [True, True, False, False]
    assert results[1]["quantity"] == 7
    assert results[2]["error"]["code"] == "insufficient_stock"
    assert results[3]["error"]["code"] == "product_not_found"
    assert shop.get(f"{API}/products/K-1").json()["quantity"] == 7
    assert shop.get(f"{API}/products/K-2").json()["quantity"] == 0
    both = shop.post(f"{API}/stock/batch", {"items": [{"sku": "K-1", "quantity": 1, "delta": 1}]})
    assert both.status_code == 422
    negative = shop.post(f"{API}/stock/batch", {"items": [{"sku": "K-1", "quantity": -1}]})
    assert negative.status_code == 422


def test_listing_review_approves_and_rejects_with_reasons(store, server_cli):
    shop = store.new_shop()
    shop.put(f"{API}/products/OK-1", product_body("OK-1"))
    image = upload(shop, png_bytes()).json()["image_id"]
    shop.put(f"{API}/products/OK-1/images", {"image_ids": [image]})
    shop.put(f"{API}/products/BAD-1", product_body("BAD-1", name="Chè", weight_g=None))
    pending = shop.put(f"{API}/listings/OK-1", {"price": 185000, "sale_price": 160000, "sale_from": "2026-12-01T00:00:00+07:00", "sale_to": "2026-12-31T00:00:00+07:00", "active": True})
    assert pending.status_code == 200, pending.text
    assert pending.json()["status"] == "pending_review" and pending.json()["live"] is False
    shop.put(f"{API}/listings/BAD-1", {"price": 0, "sale_price": 10, "sale_from": "2026-12-31T00:00:00Z", "sale_to": "2026-12-01T00:00:00Z"})
    assert shop.get(f"{API}/listings/OK-1").json()["status"] == "pending_review"
    code, out, _ = server_cli("review", "--db", store.settings.db_url)
    assert code == 0
    reviewed = json.loads(out)
    assert {r["sku"] for r in reviewed} >= {"OK-1", "BAD-1"}
    ok = shop.get(f"{API}/listings/OK-1").json()
    assert ok["status"] == "approved" and ok["live"] is True and ok["reasons"] == []
    bad = shop.get(f"{API}/listings/BAD-1").json()
    assert bad["status"] == "rejected"
    codes = {r["code"] for r in bad["reasons"]}
    assert codes == {"no_cover_image", "name_too_short", "no_weight", "price_not_positive", "sale_price_not_below_price", "sale_dates_inverted"}
    # The same terms again do not undo an approval; new terms go back to review.
    same = shop.put(f"{API}/listings/OK-1", {"price": 185000, "sale_price": 160000, "sale_from": "2026-11-30T17:00:00Z", "sale_to": "2026-12-30T17:00:00Z", "active": True})
    assert same.json()["status"] == "approved"
    assert shop.put(f"{API}/listings/OK-1", {"price": 180000}).json()["status"] == "pending_review"
    assert shop.put(f"{API}/listings/NOPE", {"price": 1}).status_code == 404
    assert shop.get(f"{API}/listings/NOPE").status_code == 404
    naive = shop.put(f"{API}/listings/OK-1", {"price": 1, "sale_from": "2026-12-01T00:00:00"})
    assert naive.status_code == 422


def test_automatic_review_after_delay(start_store):
    import time

    store = start_store(review_delay=0.2, review_poll_seconds=0.1)
    shop = store.new_shop()
    shop.put(f"{API}/products/AUTO-1", product_body("AUTO-1"))
    shop.put(f"{API}/listings/AUTO-1", {"price": 1000})
    deadline = time.monotonic() + 10
    while shop.get(f"{API}/listings/AUTO-1").json()["status"] == "pending_review":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    listing = shop.get(f"{API}/listings/AUTO-1").json()
    assert listing["status"] == "rejected" and [r["code"] for r in listing["reasons"]] == ["no_cover_image"]


def test_gtin_check_digit():
    assert gtin_is_valid("8934567890120") and gtin_is_valid("96385074") and not gtin_is_valid("8934567890121")
