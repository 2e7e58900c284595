"""Fault injection (each kind, drop after commit really committed) and the per-shop rate limit."""

from __future__ import annotations

import time
from collections import Counter

import pytest
import requests
from sqlalchemy import select

from gianhang_server.models import Product
from gianhang_server.settings import RateLimit
from tests.server.client import StoreClient
from tests.server.conftest import API, ServerThread, product_body


def _product_in_db(store, shop, sku: str) -> Product | None:
    with store.db.reader() as session:
        return session.scalars(select(Product).where(Product.shop_id == shop.shop_id, Product.sku == sku)).one_or_none()


@pytest.mark.parametrize("kind", ["500", "503", "429"])
def test_error_faults_answer_without_doing_the_work(start_store, kind):
    store = start_store(fault_rate=0.99, fault_seed=3, fault_kinds=(kind,))
    shop = store.new_shop()
    response = shop.put(f"{API}/products/F-1", product_body("F-1"))
    assert response.status_code == int(kind)
    assert response.json()["error"]["details"]["injected"] is True
    if kind != "500":
        assert response.headers["Retry-After"] == "1"
    assert _product_in_db(store, shop, "F-1") is None
    assert requests.get(store.base_url + f"{API}/health").status_code == 200


def test_drop_after_commit(start_store):
    store = start_store(fault_rate=0.99, fault_seed=3, fault_kinds=("drop",))
    shop = store.new_shop()
    with pytest.raises(requests.ConnectionError):
        shop.post(f"{API}/products/batch", {"items": [product_body("F-2")]}, idempotency_key="drop-me")
    product = _product_in_db(store, shop, "F-2")
    assert product is not None and product.version == 1
    # The retry with the same key, on an instance without faults, gets the committed answer back.
    calm = ServerThread(store.settings.__class__(db_url=store.settings.db_url, rate_limit=None))
    try:
        client = StoreClient(calm.start(), shop.key, shop.secret)
        replay = client.post(f"{API}/products/batch", {"items": [product_body("F-2")]}, idempotency_key="drop-me")
        assert replay.status_code == 200 and replay.headers["Idempotent-Replayed"] == "true"
        assert replay.json()["results"][0]["status"] == 201
    finally:
        calm.stop()


def test_stall_outlasts_the_client_then_does_the_work(start_store):
    store = start_store(fault_rate=0.99, fault_seed=3, fault_kinds=("stall",), fault_stall_seconds=1.0)
    shop = store.new_shop()
    with pytest.raises(requests.Timeout):
        shop.put(f"{API}/products/F-3", product_body("F-3"), timeout=0.3)
    deadline = time.monotonic() + 10
    while _product_in_db(store, shop, "F-3") is None:
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_mixed_faults_are_seeded_and_all_kinds_occur(start_store):
    store = start_store(fault_rate=0.6, fault_seed=11, fault_kinds=("500", "503", "429", "drop", "stall"), fault_stall_seconds=1.5)
    shop = store.new_shop()
    outcomes = Counter()
    for _ in range(50):
        try:
            outcomes[str(shop.get(f"{API}/shop", timeout=0.75).status_code)] += 1
        except requests.Timeout:
            outcomes["stall"] += 1
        except requests.ConnectionError:
            outcomes["drop"] += 1
    assert set(outcomes) == {"200", "500", "503", "429", "drop", "stall"}, outcomes
    assert 10 <= outcomes["200"] <= 35


def test_rate_limit_per_shop(start_store):
    store = start_store(rate_limit=RateLimit(capacity=5, per_second=0.5))
    busy, calm = store.new_shop(), store.new_shop()
    statuses = [busy.get(f"{API}/shop").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    limited = busy.get(f"{API}/shop")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"
    assert calm.get(f"{API}/shop").status_code == 200
    assert requests.get(store.base_url + f"{API}/health").status_code == 200


def test_rate_limit_parsing():
    assert RateLimit.parse("20/s") == RateLimit(20, 20)
    assert RateLimit.parse("600/min") == RateLimit(600, 10)
    assert RateLimit.parse("0") is None
    with pytest.raises(ValueError):
        RateLimit.parse("lots")
