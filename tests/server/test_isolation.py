"""Tenant isolation: a shop never reads or changes another shop's data, on every resource."""

from __future__ import annotations

from tests.server.conftest import API, live_listing, product_body, simulate


def test_every_resource_is_isolated(store):
    owner, intruder = store.new_shop("HTX Chè Tân Cương"), store.new_shop("Shop khác")
    live_listing(store, owner, "OWN-1", quantity=50)
    (code,) = simulate(store, owner, 1)
    image = owner.get(f"{API}/products/OWN-1").json()["images"][0]
    before = owner.get(f"{API}/products/OWN-1").json()

    # Products: invisible, not listed, not archivable; a PUT with the same SKU makes the intruder's own product.
    assert intruder.get(f"{API}/products/OWN-1").status_code == 404
    assert intruder.get(f"{API}/products").json()["items"] == []
    assert intruder.delete(f"{API}/products/OWN-1").status_code == 404
    assert intruder.put(f"{API}/products/OWN-1", product_body("OWN-1", price=1)).status_code == 201
    batch = intruder.post(f"{API}/products/batch", {"items": [product_body("OWN-1", price=2, if_match=before["version"])]}).json()
    assert batch["results"][0]["status"] == 409  # compared with the intruder's own copy (version 1)
    # Images: not readable, not usable in a gallery.
    assert intruder.get(image["url"]).status_code == 404
    refused = intruder.put(f"{API}/products/OWN-1/images", {"image_ids": [image["image_id"]]})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "unknown_image"
    # Stock: applies to the intruder's own product only.
    stock = intruder.post(f"{API}/stock/batch", {"items": [{"sku": "OWN-1", "delta": 5}]}).json()["results"][0]
    assert stock["quantity"] == 5
    # Listings: the intruder's SKU OWN-1 has no listing; the owner's stays invisible.
    assert intruder.get(f"{API}/listings/OWN-1").status_code == 404
    # Orders: invisible and untouchable.
    assert intruder.get(f"{API}/orders/{code}").status_code == 404
    assert intruder.get(f"{API}/orders").json()["items"] == []
    for action in ("confirm", "pack", "ship", "cancel"):
        assert intruder.post(f"{API}/orders/{code}/{action}").status_code == 404
    # Changes: none of the owner's.
    changes = intruder.get(f"{API}/changes", params={"include_own": "true"}).json()["changes"]
    assert all(c["data"].get("source", {}).get("key") in (None, intruder.key) for c in changes)
    assert not any(c["key"] == code for c in changes)
    # Another shop's cursor is refused rather than silently moving the intruder's position.
    owner_cursor = owner.get(f"{API}/changes").json()["next_cursor"]
    assert intruder.get(f"{API}/changes", params={"cursor": owner_cursor}).status_code == 400

    # Nothing of the owner's changed.
    after = owner.get(f"{API}/products/OWN-1").json()
    assert after == before
    assert owner.get(f"{API}/orders/{code}").json()["status"] in ("unpaid", "paid")
    assert owner.get(f"{API}/listings/OWN-1").json()["status"] == "approved"
    assert owner.get(f"{API}/shop").json()["name"] == "HTX Chè Tân Cương"


def test_listing_isolation(store):
    owner, intruder = store.new_shop(), store.new_shop()
    owner.put(f"{API}/products/LST-1", product_body("LST-1"))
    owner.put(f"{API}/listings/LST-1", {"price": 1000})
    assert intruder.get(f"{API}/listings/LST-1").status_code == 404
    assert intruder.put(f"{API}/listings/LST-1", {"price": 1}).status_code == 404
    assert owner.get(f"{API}/listings/LST-1").json()["price"] == 1000
