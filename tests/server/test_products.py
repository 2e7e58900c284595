"""Products: create, replace, versions and If-Match, archive, list with cursors, batch upserts."""

from __future__ import annotations

from tests.server.conftest import API, product_body


def test_put_creates_then_replaces_with_growing_version(shop):
    created = shop.put(f"{API}/products/VT-001", product_body("VT-001"))
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 1
    assert created.headers["ETag"] == '"1"'
    same = shop.put(f"{API}/products/VT-001", product_body("VT-001"))
    assert same.status_code == 200 and same.json()["version"] == 1
    changed = shop.put(f"{API}/products/VT-001", product_body("VT-001", price=190000))
    assert changed.status_code == 200
    assert changed.json()["version"] == 2 and changed.json()["price"] == 190000
    got = shop.get(f"{API}/products/VT-001").json()
    assert got["price"] == 190000 and got["quantity"] == 0 and got["origin"] == {"province_code": 1, "ward_code": 70}


def test_if_match_conflict_returns_current_copy(shop):
    shop.put(f"{API}/products/A1", product_body("A1"))
    shop.put(f"{API}/products/A1", product_body("A1", price=1000))
    stale = shop.put(f"{API}/products/A1", product_body("A1", price=2000), headers={"If-Match": "1"})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "version_conflict"
    assert error["details"]["current"]["version"] == 2 and error["details"]["current"]["price"] == 1000
    fresh = shop.put(f"{API}/products/A1", product_body("A1", price=2000), headers={"If-Match": '"2"'})
    assert fresh.status_code == 200 and fresh.json()["version"] == 3
    missing = shop.put(f"{API}/products/NEW", product_body("NEW"), headers={"If-Match": "1"})
    assert missing.status_code == 409 and missing.json()["error"]["details"]["current"] is None
    delete_stale = shop.delete(f"{API}/products/A1", headers={"If-Match": "2"})
    assert delete_stale.status_code == 409


def test_delete_archives(shop):
    shop.put(f"{API}/products/A2", product_body("A2"))
    archived = shop.delete(f"{API}/products/A2")
    assert archived.status_code == 200
    assert archived.json()["status"] == "archived" and archived.json()["version"] == 2
    assert shop.get(f"{API}/products/A2").json()["status"] == "archived"
    assert shop.delete(f"{API}/products/A2").json()["version"] == 2
    assert shop.delete(f"{API}/products/NOPE").status_code == 404


def test_validation_names_each_bad_field(shop):
    body = product_body("B1", price=-5, ocop_stars=2, status="gone")
    response = shop.put(f"{API}/products/B1", body)
    assert response.status_code == 422
    payload = response.json()
    fields = {f["field"] for f in payload["error"]["details"]["fields"]}
    assert {"price", "ocop_stars", "status"} <= fields
    assert payload["request_id"]


def test_origin_checked_against_2025_map(shop):
    wrong_ward = shop.put(f"{API}/products/B2", product_body("B2", origin={"province_code": 79, "ward_code": 70}))
    assert wrong_ward.status_code == 422
    assert wrong_ward.json()["error"]["details"]["fields"][0]["field"] == "origin.ward_code"
    no_province = shop.put(f"{API}/products/B2", product_body("B2", origin={"province_code": 2}))
    assert no_province.status_code == 422
    assert no_province.json()["error"]["details"]["fields"][0]["code"] == "unknown_province"
    bad_barcode = shop.put(f"{API}/products/B2", product_body("B2", barcode="8934567890121"))
    assert bad_barcode.status_code == 422
    mismatch = shop.put(f"{API}/products/B2", product_body("OTHER"))
    assert mismatch.status_code == 422
    non_integer_price = shop.put(f"{API}/products/B2", product_body("B2", price=1000.5))
    assert non_integer_price.status_code == 422


def test_list_pages_with_opaque_cursor(shop):
    for i in range(7):
        shop.put(f"{API}/products/L-{i}", product_body(f"L-{i}"))
    seen, cursor = [], None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = shop.get(f"{API}/products", params=params).json()
        seen += [p["sku"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"L-{i}" for i in range(7)]
    assert shop.get(f"{API}/products", params={"cursor": "garbage!"}).status_code == 400


def test_batch_upsert_reports_each_item(shop):
    items = [product_body(f"BT-{i}") for i in range(5)]
    items[2]["origin"] = {"province_code": 79, "ward_code": 70}
    response = shop.post(f"{API}/products/batch", {"items": items})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["ok"] for r in results] == [True, True, False, True, True]
    assert results[0]["status"] == 201 and results[2]["status"] == 422
    assert shop.get(f"{API}/products/BT-2").status_code == 404
    again = shop.post(f"{API}/products/batch", {"items": [dict(items[0], price=1, if_match=5)]}).json()["results"][0]
    assert again["ok"] is False and again["status"] == 409


def test_if_match_that_is_not_a_version_is_400(shop):
    shop.put(f"{API}/products/IM-1", product_body("IM-1"))
    response = shop.put(f"{API}/products/IM-1", product_body("IM-1"), headers={"If-Match": "yesterday"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_if_match"
    assert shop.put(f"{API}/products/IM-1", product_body("IM-1", price=5), headers={"If-Match": "*"}).json()["version"] == 2
