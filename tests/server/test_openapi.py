"""The OpenAPI document is valid, and a property-based schemathesis run against the live server
passes every schemathesis check on every operation: never a 5xx, every answer documented
(status, content type, headers, body schema), bad data refused, good data accepted, auth enforced."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, ignored_auth, load_all_checks
from vietnam_provinces import ProvinceCode, Ward

from gianhang_desktop.core.catalog.validation import gtin_check_digit
from tests.server.client import GHAuth
from tests.server.conftest import API, live_listing, simulate

EXAMPLES_PER_OPERATION = 12
load_all_checks()
ALL_CHECKS = CHECKS.get_all()
# ignored_auth re-sends requests without (or with broken) signatures: through an unsigned session,
# or the signing session would sign the probe and the server would rightly accept it.
SIGNED_CHECKS = [check for check in ALL_CHECKS if check is not ignored_auth]


@pytest.fixture
def schema(store):
    schema = schemathesis.openapi.from_url(store.base_url + "/openapi.json")
    # The signature headers are not data to generate (the session makes them for each request);
    # requests without them or with bad ones are what the ignored_auth check sends.
    schema.config.generation.update(with_security_parameters=False)

    @schema.auth()
    class SignedBySession:
        """The four signature headers are made for each request by the signing session (GHAuth),
        over the exact bytes sent; this tells schemathesis the auth is explicit, not generated."""

        def get(self, case, ctx):
            return "signed by the session"

        def set(self, case, data, ctx):
            pass

    @schema.hook
    def map_body(ctx, body):
        return integers_as_literals(body)

    return schema


def make_meaningful(case, images: list[str]) -> None:
    """Turn a schema-valid request into one that obeys the rules no JSON Schema can state, so that
    positive_data_acceptance tests the rest: a fresh Idempotency-Key (a client's key names one
    operation), server-issued cursors only, the body's SKU equal to the path's, a barcode with its
    check digit, a ward of the province, and this shop's own images."""
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    if case.query:
        case.query.pop("cursor", None)
    bodies = case.body.get("items", [case.body]) if isinstance(case.body, dict) else []
    for body in bodies:
        if not isinstance(body, dict):
            continue
        if "sku" in body and case.path_parameters and "sku" in case.path_parameters:
            body["sku"] = case.path_parameters["sku"]
        barcode = body.get("barcode")
        if isinstance(barcode, str) and barcode.isdigit() and len(barcode) in (8, 12, 13, 14):
            body["barcode"] = barcode[:-1] + str(gtin_check_digit(barcode[:-1]))
        origin = body.get("origin")
        if isinstance(origin, dict) and origin.get("ward_code") is not None:
            wards = [w.code.value for w in Ward.iter_by_province(ProvinceCode(origin["province_code"]))]
            origin["ward_code"] = wards[origin["ward_code"] % len(wards)]
        if "image_ids" in body:
            body["image_ids"] = images[:len(body["image_ids"])]


def integers_as_literals(value):
    """Whole-number floats (143.0) as integer literals (143). JSON Schema counts 143.0 as an
    "integer", but this API refuses it on purpose (docs/store-api.md: money and quantities are JSON
    integer literals; tests/server/test_strict_validation.py checks that 1.0 answers 422)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: integers_as_literals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [integers_as_literals(v) for v in value]
    return value


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
    images = [i["image_id"] for i in session.get(f"{store.base_url}{API}/products/VT-001").json()["images"]]
    failures: list[str] = []
    statuses: Counter[int] = Counter()

    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == f"{API}/health" and mode is GenerationMode.NEGATIVE:
            continue

        _explore(operation, mode, store.base_url, session, failures, statuses, images)
    assert not failures, "\n\n".join(failures)
    # The run was signed: most answers come from the routes, not from the signature check.
    assert statuses[401] < sum(statuses.values()) / 10, statuses
    if mode is GenerationMode.POSITIVE:
        assert sum(n for status, n in statuses.items() if status < 300) > 20, statuses
    print(dict(statuses))


def _explore(operation, mode, base_url: str, session: requests.Session, failures: list[str], statuses: Counter[int],
             images: list[str]) -> None:
    unsigned = requests.Session()

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        if mode is GenerationMode.POSITIVE:
            make_meaningful(case, images)
        response = case.call(base_url=base_url, session=session, timeout=30)
        statuses[response.status_code] += 1
        for checks, transport in ((SIGNED_CHECKS, session), ([ignored_auth], unsigned)):
            try:
                case.validate_response(response, checks=checks, transport_kwargs={"session": transport, "base_url": base_url})
            except (AssertionError, BaseExceptionGroup) as error:  # one check failed, or several
                failures.append(f"{operation.method.upper()} {operation.path}: {response.status_code} "
                                f"{response.text[:300]}\n{str(error)[:2000]}")

    try:
        run()
    except Unsatisfiable:
        raw = operation.definition.raw
        if mode is GenerationMode.NEGATIVE and not (raw.get("parameters") or raw.get("requestBody")):
            return  # nothing in the request can be made invalid (GET /shop): its auth is checked above
        raise


def _run_one(store_url: str, schema, path: str, method: str, mode, session: requests.Session,
             images: list[str]) -> tuple[list[str], Counter[int]]:
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    (operation,) = [r.ok() for r in schema.get_all_operations()
                    if r.ok().path == path and r.ok().method.upper() == method]
    _explore(operation, mode, store_url, session, failures, statuses, images)
    return failures, statuses


@pytest.mark.slow
def test_the_run_fails_on_a_server_error_and_on_a_rule_left_loose(schema, store, db_url_factory, monkeypatch):
    """The run above can fail: the same harness catches a route that crashes (as a listing's sale
    date of year 10000 did) and a server that takes what its schema refuses (as `true` for a price was)."""
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse

    from gianhang_server.api import products as products_api
    from gianhang_server.settings import Settings
    from tests.server.conftest import ServerThread

    shop = store.new_shop()
    live_listing(store, shop, "VT-001")
    session = requests.Session()
    session.auth = GHAuth(shop.key, shop.secret)

    def crash(product):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(products_api, "product_out", crash)
    failures, statuses = _run_one(store.base_url, schema, f"{API}/products/{{sku}}", "PUT", GenerationMode.POSITIVE,
                                  session, [])
    monkeypatch.undo()
    assert statuses[500] and failures and any("Server error" in f for f in failures), (statuses, failures[:1])

    # A server whose field rules are not enforced: every refused request answered 200.
    loose = ServerThread(Settings(db_url=db_url_factory(), rate_limit=None))

    async def accept_anything(request, exc):
        return JSONResponse({}, status_code=200)

    loose.app.exception_handlers[RequestValidationError] = accept_anything
    try:
        url = loose.start()
        with loose.db.writer() as s:
            from gianhang_server.shops import create_shop

            creds = create_shop(s, "HTX Lỏng")
            s.commit()
        session.auth = GHAuth(creds["key"], creds["secret"])
        failures, statuses = _run_one(url, schema, f"{API}/listings/{{sku}}", "PUT", GenerationMode.NEGATIVE, session, [])
    finally:
        loose.stop()
    assert statuses[200] and any("Schema-violating request accepted" in f or "accepted schema-violating" in f.lower()
                                 for f in failures), (statuses, [f[:400] for f in failures[:2]])
