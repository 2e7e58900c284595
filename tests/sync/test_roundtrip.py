"""Round trip against the real reference server: catalogue, photos, stock, listings and orders."""

from __future__ import annotations

import json

from helpers import (
    app_state,
    build_catalogue,
    second_key,
    store_orders,
    store_products,
    store_state,
)
from sqlalchemy import func, select

from gianhang_desktop.core.catalog.service import update_product
from gianhang_desktop.core.sync import listing as listings
from gianhang_desktop.core.sync.engine import sync
from gianhang_desktop.core.sync.models import OutboxEntry, StoreOrder
from gianhang_desktop.core.sync.state import sync_status


def test_catalogue_photos_stock_listings_and_orders_round_trip(db, store, tmp_path):
    creds = store.create_shop()
    skus = build_catalogue(db, tmp_path / "pics", count=9)
    client = store.client(creds)

    first = sync(db, client)
    assert first.ok and first.pending == 0, first
    assert first.pushed["products"] == 9 and first.pushed["stock"] == 9
    assert first.pushed["galleries"] == 3 and first.pushed["images"] == 6
    assert store_state(store_products(client)) == app_state(db)

    # Publish every product with a photo; one without is refused locally with the store's reasons.
    for sku in skus[::3]:
        listings.save_listing(db, sku, price=60_000)
    refused = listings.get_listing(db, skus[1])
    assert [r.code for r in refused.checks] == ["no_cover_image"]
    listings.save_listing(db, skus[1], force=True)
    assert sync(db, client).pushed["listings"] == 4
    assert listings.get_listing(db, skus[0]).status == "pending_review"

    reviewed = store.review(creds)
    assert {r["sku"]: r["status"] for r in reviewed} == {skus[0]: "approved", skus[3]: "approved",
                                                          skus[6]: "approved", skus[1]: "rejected"}
    second = sync(db, client)
    assert second.pulled["listings"] == 4
    assert listings.get_listing(db, skus[0]).live is True
    rejected = listings.get_listing(db, skus[1])
    assert rejected.status == "rejected" and [r["code"] for r in rejected.reasons] == ["no_cover_image"]

    codes = store.simulate_orders(creds, 3)
    third = sync(db, client)
    assert third.pulled["orders"] >= 3
    with db.read_session() as session:
        kept = set(session.scalars(select(StoreOrder.code)))
    assert set(codes) <= kept
    assert set(store_orders(client)) == kept
    # The orders come into the orders area as store orders, and the clerk's steps go back.
    from gianhang_desktop.core.orders import service as orders

    local = {row.code: row for row in orders.list_orders(db)}
    assert set(codes) <= set(local)
    assert {local[c].channel for c in codes} == {"store"}
    code = codes[0]
    orders.confirm_order(db, code)
    orders.pack_order(db, code)
    pushed = sync(db, client)
    assert pushed.ok and pushed.pushed["order_status"] == 2, pushed
    assert client.get(f"/orders/{code}").body["status"] == "packed"
    # Sellable on the store = on hand - held by confirmed/packed orders - store orders not yet confirmed.
    sku = orders.get_order(db, code).items[0].sku
    waiting = sum(item.quantity for row in orders.list_orders(db) if row.status in ("unpaid", "paid")
                  for item in orders.get_order(db, row.code).items if item.sku == sku)
    held = sum(item.quantity for item in orders.get_order(db, code).items if item.sku == sku)
    assert store_products(client)[sku]["quantity"] == app_state(db)[sku]["quantity"] - held - waiting

    # Nothing to do: one request (the changes feed), nothing sent.
    idle = sync(db, client)
    assert idle.requests == 1 and idle.bytes_sent == 0

    status = sync_status(db)
    assert status.pending == 0 and status.last_sync_at is not None and status.conflicts == []


def test_one_edit_sends_exactly_one_product(db, store, tmp_path):
    creds = store.create_shop()
    build_catalogue(db, tmp_path / "pics", count=30, photos_every=10)
    client = store.client(creds)
    assert sync(db, client).ok
    seen: list[tuple[str, str, int]] = []
    client.on_request = lambda method, path, size: seen.append((method, path, size))
    update_product(db, "HTX-007", name="Gạo ST25 túi số 007 (mới)")
    result = sync(db, client)
    assert result.ok and result.pushed["products"] == 1 and sum(result.pushed.values()) == 1
    assert [(m, p) for m, p, _ in seen] == [("GET", "/api/v1/changes"), ("POST", "/api/v1/products/batch")]
    body = seen[1][2]
    assert body < 1000, body  # one product's JSON, not the catalogue
    assert store_products(client)["HTX-007"]["name"] == "Gạo ST25 túi số 007 (mới)"


def test_edit_on_both_sides_is_a_conflict_with_both_versions(db, store, tmp_path):
    from gianhang_desktop.core.sync.state import resolve_conflict

    creds = store.create_shop()
    build_catalogue(db, tmp_path / "pics", count=2, photos_every=99)
    client = store.client(creds)
    assert sync(db, client).ok
    # Another client (the shop's web console) renames the product on the store.
    other = store.client(second_key(store, creds))
    current = other.get("/products/HTX-001").body
    renamed = {k: v for k, v in current.items() if k not in ("quantity", "version", "images", "created_at", "updated_at")}
    renamed["name"] = "Gạo ST25 đổi tên trên sàn"
    assert other.request("PUT", "/products/HTX-001", json_body=renamed).ok
    update_product(db, "HTX-001", name="Gạo ST25 đổi tên ở kho")
    result = sync(db, client)
    assert result.conflicts == 1
    conflict = sync_status(db).conflicts[0]
    assert conflict.local["name"] == "Gạo ST25 đổi tên ở kho" and conflict.remote["name"] == "Gạo ST25 đổi tên trên sàn"
    assert conflict.differing_fields == ["name"]
    # The local edit is still waiting, not lost; the store's copy is untouched.
    with db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.key == "HTX-001", OutboxEntry.done_at.is_(None))) >= 1
    assert store_products(client)["HTX-001"]["name"] == "Gạo ST25 đổi tên trên sàn"

    resolve_conflict(db, conflict.id, "local")
    after = sync(db, client)
    assert after.ok and after.conflicts == 0
    assert store_products(client)["HTX-001"]["name"] == "Gạo ST25 đổi tên ở kho"


def test_store_side_edit_without_local_edit_is_taken(db, store, tmp_path):
    from gianhang_desktop.core.catalog.service import get_product

    creds = store.create_shop()
    build_catalogue(db, tmp_path / "pics", count=1, photos_every=99)
    client = store.client(creds)
    assert sync(db, client).ok
    other = store.client(second_key(store, creds))
    current = other.get("/products/HTX-000").body
    body = {k: v for k, v in current.items() if k not in ("quantity", "version", "images", "created_at", "updated_at")}
    body["price"] = 77_000
    assert other.request("PUT", "/products/HTX-000", json_body=body).ok
    result = sync(db, client)
    assert result.ok and result.pulled["products"] == 1 and result.pending == 0
    assert get_product(db, "HTX-000").price == 77_000


def test_offline_is_a_quiet_state(db, tmp_path):
    from gianhang_desktop.core.catalog.service import add_product
    from gianhang_desktop.core.sync.client import Credentials, StoreClient

    add_product(db, "OFF-1", "Sản phẩm ngoại tuyến", 1000)
    client = StoreClient("http://127.0.0.1:9", Credentials("k", "s"), retries=1, backoff_factor=0.01, timeout=(0.5, 0.5))
    result = sync(db, client)
    assert result.offline and not result.ok and result.pending == 1
    assert json.loads(json.dumps(result.to_json()))["offline"] is True


def test_cancel_stops_between_requests_and_keeps_what_was_acknowledged(db, store, tmp_path):
    from gianhang_desktop.core.catalog.service import add_product
    from gianhang_desktop.core.tasks import CancelToken

    creds = store.create_shop()
    for i in range(120):
        add_product(db, f"CAN-{i:03d}", f"Hạt điều rang muối Bình Phước {i:03d}", 150_000, weight_g=250)
    token, seen = CancelToken(), []

    def progress(fraction, message):
        seen.append(fraction)
        if fraction > 0.1:  # after the first batch of products was acknowledged
            token.cancel()

    client = store.client(creds)
    stopped = sync(db, client, progress=progress, cancel=token)
    assert stopped.cancelled and not stopped.ok
    assert 0 < stopped.pushed["products"] < 120 and stopped.pending == 120 - stopped.pushed["products"]
    done = sync(db, client)
    assert done.ok and done.pending == 0 and done.pushed["products"] == 120 - stopped.pushed["products"]
    assert len(store_products(client)) == 120
