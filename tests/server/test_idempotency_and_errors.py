"""Idempotency-Key replay and reuse, the error envelope everywhere, and the body and page limits."""

from __future__ import annotations

import requests

from tests.server.conftest import API, product_body


def _batch(sku: str, price: int = 1000) -> dict:
    return {"items": [product_body(sku, price=price)]}


def test_replay_returns_the_same_answer_without_redoing_the_work(shop):
    first = shop.post(f"{API}/products/batch", _batch("I-1"), idempotency_key="order-42/attempt")
    assert first.status_code == 200
    assert first.json()["results"][0]["status"] == 201
    replay = shop.post(f"{API}/products/batch", _batch("I-1"), idempotency_key="order-42/attempt")
    assert replay.status_code == 200
    assert replay.content == first.content
    assert replay.headers["Idempotent-Replayed"] == "true"
    # The work was not redone: a fresh key now sees the product existing (200, not 201).
    fresh = shop.post(f"{API}/products/batch", _batch("I-1"))
    assert fresh.json()["results"][0]["status"] == 200
    assert shop.get(f"{API}/products/I-1").json()["version"] == 1


def test_same_key_with_another_body_is_422(shop):
    assert shop.post(f"{API}/products/batch", _batch("I-2"), idempotency_key="k-1").status_code == 200
    reused = shop.post(f"{API}/products/batch", _batch("I-2", price=2000), idempotency_key="k-1")
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert shop.get(f"{API}/products/I-2").json()["price"] == 1000


def test_client_errors_are_replayed_too(shop):
    first = shop.post(f"{API}/orders/GHNOPE1/confirm", idempotency_key="k-404")
    assert first.status_code == 404
    again = shop.post(f"{API}/orders/GHNOPE1/confirm", idempotency_key="k-404")
    assert again.status_code == 404 and again.content == first.content


def test_keys_are_per_shop(store):
    first, second = store.new_shop(), store.new_shop()
    a = first.post(f"{API}/products/batch", _batch("I-3"), idempotency_key="shared-key")
    b = second.post(f"{API}/products/batch", _batch("I-3", price=5), idempotency_key="shared-key")
    assert a.status_code == 200 and b.status_code == 200
    assert "Idempotent-Replayed" not in b.headers
    assert second.get(f"{API}/products/I-3").json()["price"] == 5


def test_post_without_key_is_400(shop):
    response = shop.post(f"{API}/products/batch", _batch("I-4"), idempotency_key=None)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_required"
    bad = shop.post(f"{API}/products/batch", _batch("I-4"), idempotency_key="x" * 129)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_idempotency_key"


def test_put_and_delete_accept_the_key(shop):
    put = shop.put(f"{API}/products/I-5", product_body("I-5"), idempotency_key="put-1")
    assert put.status_code == 201
    again = shop.put(f"{API}/products/I-5", product_body("I-5"), idempotency_key="put-1")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert shop.delete(f"{API}/products/I-5", idempotency_key="del-1").status_code == 200
    assert shop.delete(f"{API}/products/I-5", idempotency_key="del-1").headers["Idempotent-Replayed"] == "true"


def _assert_envelope(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    payload = response.json()
    assert set(payload) == {"error", "request_id"}
    assert set(payload["error"]) == {"code", "message", "details"}
    assert payload["request_id"] == response.headers["X-Request-Id"]
    if code:
        assert payload["error"]["code"] == code
    return payload


def test_envelope_for_framework_errors(shop):
    _assert_envelope(requests.get(shop.base_url + "/nothing"), 404, "not_found")
    _assert_envelope(shop.get(f"{API}/unknown"), 404, "not_found")
    _assert_envelope(shop.request("PATCH", f"{API}/products/X"), 405, "method_not_allowed")
    _assert_envelope(shop.put(f"{API}/products/X", data=b"{not json", headers={"Content-Type": "application/json"}), 400, "malformed")
    payload = _assert_envelope(shop.get(f"{API}/products", params={"limit": "many"}), 422, "validation_failed")
    assert payload["error"]["details"]["fields"][0]["field"] == "query.limit"


def test_security_headers(shop):
    response = shop.get(f"{API}/shop")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_body_limit_before_parsing(shop):
    big = b'{"items": [' + b" " * (1024 * 1024) + b"]}"
    _assert_envelope(shop.post(f"{API}/products/batch", data=big, headers={"Content-Type": "application/json"}), 413, "body_too_large")
    # A huge body is refused on its Content-Length, before being read, even unsigned.
    response = requests.put(shop.base_url + f"{API}/products/X", data=b"x" * (2 * 1024 * 1024), headers={"Content-Type": "application/json"})
    _assert_envelope(response, 413)


def test_chunked_body_over_the_limit(shop):
    def chunks():
        for _ in range(40):
            yield b"x" * 65536

    # The limit applies while reading, before the signature is checked.
    response = requests.put(shop.base_url + f"{API}/products/X", data=chunks(), headers={"Content-Type": "application/json"})
    _assert_envelope(response, 413)


def test_page_size_limits(shop):
    assert shop.get(f"{API}/products", params={"limit": 200}).status_code == 200
    _assert_envelope(shop.get(f"{API}/products", params={"limit": 201}), 422)
    _assert_envelope(shop.get(f"{API}/orders", params={"limit": 0}), 422)
    assert shop.get(f"{API}/changes", params={"limit": 500}).status_code == 200
    _assert_envelope(shop.get(f"{API}/changes", params={"limit": 501}), 422)


def test_batch_size_limits(shop):
    too_many = {"items": [product_body(f"S-{i}") for i in range(101)]}
    payload = _assert_envelope(shop.post(f"{API}/products/batch", too_many), 422)
    assert payload["error"]["details"]["fields"][0]["field"] == "items"
    assert shop.post(f"{API}/products/batch", {"items": too_many["items"][:100]}).status_code == 200
    stock = {"items": [{"sku": f"S-{i}", "quantity": 1} for i in range(51)]}
    _assert_envelope(shop.post(f"{API}/stock/batch", stock), 422)
    assert shop.post(f"{API}/stock/batch", {"items": stock["items"][:50]}).status_code == 200


def test_concurrent_retries_of_one_key_do_the_work_once(store):
    import threading

    shop = store.new_shop()
    body = {"items": [product_body(f"CR-{i}") for i in range(20)]}
    answers: list = []

    def send() -> None:
        answers.append(shop.post(f"{API}/products/batch", body, idempotency_key="same-retry"))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert sum("Idempotent-Replayed" not in a.headers for a in answers) == 1
    changes = shop.get(f"{API}/changes", params={"include_own": "true", "limit": 500}).json()["changes"]
    assert len(changes) == 20
