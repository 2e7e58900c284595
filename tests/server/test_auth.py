"""Signing: every way a request can fail authentication, and the pure signing functions."""

from __future__ import annotations

import time

import pytest
import requests

from gianhang_server import signing
from tests.server.client import GHAuth
from tests.server.conftest import API


def _headers(shop, method="GET", path=f"{API}/shop", query=(), body=b"", timestamp=None, nonce=None, secret=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    nonce = nonce or "nonce-" + str(time.time_ns())
    return {
        "X-GH-Key": shop.key,
        "X-GH-Timestamp": str(timestamp),
        "X-GH-Nonce": nonce,
        "X-GH-Signature": signing.sign(secret or shop.secret, method, path, query, timestamp, nonce, body),
    }


def _code(response: requests.Response) -> str:
    assert response.status_code == 401, response.text
    assert response.json()["request_id"]
    return response.json()["error"]["code"]


def test_a_signed_request_passes(shop):
    response = requests.get(shop.base_url + f"{API}/shop", headers=_headers(shop))
    assert response.status_code == 200
    assert response.json()["shop_id"] == shop.shop_id


def test_health_and_openapi_need_no_signature(store):
    assert requests.get(store.base_url + f"{API}/health").json()["status"] == "ok"
    assert requests.get(store.base_url + "/openapi.json").status_code == 200


@pytest.mark.parametrize("missing", ["X-GH-Key", "X-GH-Timestamp", "X-GH-Nonce", "X-GH-Signature"])
def test_missing_header(shop, missing):
    headers = _headers(shop)
    del headers[missing]
    assert _code(requests.get(shop.base_url + f"{API}/shop", headers=headers)) == "missing_signature"


def test_unknown_key(shop):
    headers = _headers(shop)
    headers["X-GH-Key"] = "gh_doesnotexist"
    assert _code(requests.get(shop.base_url + f"{API}/shop", headers=headers)) == "unknown_key"


def test_wrong_secret(shop):
    headers = _headers(shop, secret="not-the-secret")
    assert _code(requests.get(shop.base_url + f"{API}/shop", headers=headers)) == "bad_signature"


# A stamp in the past only grows staler on the way; one in the future shrinks by the request's own
# time, so it is far enough past the 300 s window that a slow, loaded machine cannot bring it back in.
@pytest.mark.parametrize("skew", [-301, 360, 3600, -3600])
def test_timestamp_outside_the_window(shop, skew):
    headers = _headers(shop, timestamp=int(time.time()) + skew)
    assert _code(requests.get(shop.base_url + f"{API}/shop", headers=headers)) == "stale_timestamp"


def test_timestamp_inside_the_window(shop):
    headers = _headers(shop, timestamp=int(time.time()) - 250)
    assert requests.get(shop.base_url + f"{API}/shop", headers=headers).status_code == 200


def test_timestamp_not_a_number(shop):
    headers = _headers(shop)
    headers["X-GH-Timestamp"] = "yesterday"
    assert _code(requests.get(shop.base_url + f"{API}/shop", headers=headers)) == "bad_timestamp"


@pytest.mark.parametrize("nonce", ["short", "x" * 65, "has space in it!!", "dot.is.not.allowed.0123"])
def test_malformed_nonce(shop, nonce):
    headers = _headers(shop, nonce=nonce)
    assert _code(requests.get(shop.base_url + f"{API}/shop", headers=headers)) == "bad_nonce"


def test_replayed_nonce(shop):
    headers = _headers(shop, nonce="A" * 16)
    assert requests.get(shop.base_url + f"{API}/shop", headers=headers).status_code == 200
    assert _code(requests.get(shop.base_url + f"{API}/shop", headers=headers)) == "replayed_nonce"


def test_same_nonce_is_fine_for_another_key(store):
    first, second = store.new_shop(), store.new_shop()
    assert requests.get(first.base_url + f"{API}/shop", headers=_headers(first, nonce="B" * 20)).status_code == 200
    assert requests.get(second.base_url + f"{API}/shop", headers=_headers(second, nonce="B" * 20)).status_code == 200


def test_tampered_body_path_query_and_method(shop):
    body = b'{"items": []}'
    headers = _headers(shop, method="PUT", path=f"{API}/products/X1", body=body)
    tampered = requests.put(shop.base_url + f"{API}/products/X1", data=b'{"items": [1]}', headers=headers)
    assert _code(tampered) == "bad_signature"
    headers = _headers(shop, path=f"{API}/products/X1")
    assert _code(requests.get(shop.base_url + f"{API}/products/X2", headers=headers)) == "bad_signature"
    headers = _headers(shop, path=f"{API}/products", query=[("limit", "5")])
    assert _code(requests.get(shop.base_url + f"{API}/products?limit=6", headers=headers)) == "bad_signature"
    headers = _headers(shop, method="DELETE", path=f"{API}/products/X1")
    assert _code(requests.get(shop.base_url + f"{API}/products/X1", headers=headers)) == "bad_signature"


def test_query_is_canonicalised(shop):
    # Sent in one order, signed in another: the canonical query sorts them.
    path = f"{API}/products"
    pairs = [("limit", "2"), ("cursor", "")]
    headers = _headers(shop, path=path, query=list(reversed(pairs)))
    response = requests.get(shop.base_url + path + "?limit=2&cursor=", headers=headers)
    assert response.status_code == 200, response.text


def test_percent_encoded_path_is_signed_as_sent(shop):
    auth = GHAuth(shop.key, shop.secret)
    response = requests.get(shop.base_url + f"{API}/products/VT%2D001", auth=auth)
    assert response.status_code == 404 and response.json()["error"]["code"] == "product_not_found"


def test_unsigned_unknown_api_route_is_401_signed_is_404(shop):
    assert requests.get(shop.base_url + f"{API}/nothing-here").status_code == 401
    assert shop.get(f"{API}/nothing-here").status_code == 404


def test_canonical_query_examples():
    assert signing.canonical_query([]) == ""
    assert signing.canonical_query([("b", "2"), ("a", "z"), ("a", "y")]) == "a=y&a=z&b=2"
    assert signing.canonical_query([("q", "chè xanh"), ("x", "a+b/c~d")]) == "q=ch%C3%A8%20xanh&x=a%2Bb%2Fc~d"
    assert signing.query_pairs("q=ch%C3%A8+xanh&empty=") == [("q", "chè xanh"), ("empty", "")]


def test_string_to_sign_layout():
    text = signing.string_to_sign("get", "/api/v1/products", [("limit", "10")], 1764000000, "n" * 16, b"")
    assert text.split("\n") == [
        "GET", "/api/v1/products", "limit=10", "1764000000", "n" * 16,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ]
