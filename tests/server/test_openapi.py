"""The OpenAPI document is valid, and a property-based schemathesis run against the live server
never gets a 5xx."""

from __future__ import annotations

from collections import Counter

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.server.client import GHAuth
from tests.server.conftest import API, live_listing, simulate

EXAMPLES_PER_OPERATION = 4


@pytest.fixture
def schema(store):
    return schemathesis.openapi.from_url(store.base_url + "/openapi.json")


def test_openapi_document_is_valid(schema, store):
    schema.validate()
    raw = requests.get(store.base_url + "/openapi.json").json()
    assert raw["openapi"].startswith("3.")
    paths = raw["paths"]
    for path in ("/api/v1/products/{sku}", "/api/v1/products/batch", "/api/v1/images", "/api/v1/stock/batch",
                 "/api/v1/listings/{sku}", "/api/v1/orders", "/api/v1/orders/{code}/confirm", "/api/v1/changes", "/api/v1/health"):
        assert path in paths
    assert set(raw["components"]["securitySchemes"]) == {"X-GH-Key", "X-GH-Timestamp", "X-GH-Nonce", "X-GH-Signature"}
    batch_headers = {p["name"]: p for p in paths["/api/v1/products/batch"]["post"]["parameters"] if p["in"] == "header"}
    assert batch_headers["Idempotency-Key"]["required"] is True
    product = raw["components"]["schemas"]["ProductIn"]["properties"]
    assert {"sku", "name", "description", "category", "unit", "price", "weight_g", "length_cm", "width_cm", "height_cm",
            "barcode", "origin", "ocop_stars", "certifications", "status"} <= set(product)


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_under_generated_requests(schema, store, mode):
    shop = store.new_shop()
    live_listing(store, shop, "VT-001")
    simulate(store, shop, 2)
    session = requests.Session()
    session.auth = GHAuth(shop.key, shop.secret)
    failures: list[str] = []
    statuses: Counter[int] = Counter()

    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == f"{API}/health" and mode is GenerationMode.NEGATIVE:
            continue

        _explore(operation, mode, store.base_url, session, failures, statuses)
    assert not failures, "\n\n".join(failures)
    # The run was signed: most answers come from the routes, not from the signature check.
    assert statuses[401] < sum(statuses.values()) / 10, statuses
    if mode is GenerationMode.POSITIVE:
        assert sum(n for status, n in statuses.items() if status < 300) > 20, statuses
    print(dict(statuses))


def _explore(operation, mode, base_url: str, session: requests.Session, failures: list[str], statuses: Counter[int]) -> None:
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(base_url=base_url, session=session, timeout=30)
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f"{operation.method.upper()} {operation.path}: {response.status_code} {response.text[:300]}\n{case.as_curl_command()}")

    run()
