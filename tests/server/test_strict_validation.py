"""The store validates strictly (issue 13 item 7): money and quantities are JSON integers, client
times lie in the years 2000 to 2100, text refuses C0/C1 control characters; each such input is a
422 naming the field, never a 500, and nothing is stored. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tests.server.conftest import API, product_body

NOT_INTEGERS = [True, False, 1.0, 185000.0, "185000", "1", None, [1], {"v": 1}, 1.5]
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x80", "\x85", "\x9f", "a\x0bb", "a\x0cb"]
BAD_TIMES = ["9999-12-31T23:00:00-14:00", "0001-01-01T00:00:00+14:00", "1999-12-31T23:59:59Z",
             "2101-01-01T00:00:00Z", "2026-02-30T10:00:00+07:00", "2026-06-01T10:00:00", "2026-06-01",
             "10000-01-01T00:00:00Z", 1764151200, True]


def fields_of(response) -> list[str]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"]["code"] == "validation_failed"
    return [f["field"] for f in body["error"]["details"]["fields"]]


@pytest.mark.parametrize("value", NOT_INTEGERS, ids=repr)
@pytest.mark.parametrize("field", ["price", "weight_g", "length_cm", "width_cm", "height_cm", "ocop_stars"])
def test_product_integers_must_be_json_integers(shop, field, value):
    if value is None and field != "price":
        return  # null means "none" for the optional fields
    answer = shop.put(f"{API}/products/INT-1", product_body("INT-1", **{field: value}))
    assert fields_of(answer) == [field]
    assert shop.get(f"{API}/products/INT-1").status_code == 404  # nothing stored


def test_origin_codes_and_batch_items_name_their_place(shop):
    answer = shop.put(f"{API}/products/INT-2", product_body("INT-2", origin={"province_code": "1", "ward_code": 70.0}))
    assert sorted(fields_of(answer)) == ["origin.province_code", "origin.ward_code"]
    items = [product_body(f"INT-B{i}") for i in range(3)]
    items[2]["price"] = True
    items[1]["if_match"] = "1"
    answer = shop.post(f"{API}/products/batch", {"items": items})
    assert sorted(fields_of(answer)) == ["items.1.if_match", "items.2.price"]
    assert shop.get(f"{API}/products/INT-B0").status_code == 404  # the batch is refused whole


@pytest.mark.parametrize("value", NOT_INTEGERS, ids=repr)
def test_stock_quantities_must_be_json_integers(shop, value):
    shop.put(f"{API}/products/INT-3", product_body("INT-3"))
    for name in ("quantity", "delta"):
        answer = shop.post(f"{API}/stock/batch", {"items": [{"sku": "INT-3", name: value}]})
        assert answer.status_code == 422, (name, value, answer.text)
        assert any(f.startswith("items.0") for f in fields_of(answer))
    assert shop.get(f"{API}/products/INT-3").json()["quantity"] == 0


@pytest.mark.parametrize("value", NOT_INTEGERS, ids=repr)
def test_listing_money_must_be_json_integers(shop, value):
    shop.put(f"{API}/products/INT-4", product_body("INT-4"))
    if value is not None:
        assert fields_of(shop.put(f"{API}/listings/INT-4", {"price": value})) == ["price"]
        assert fields_of(shop.put(f"{API}/listings/INT-4", {"price": 185000, "sale_price": value,
                                                            "sale_from": "2026-12-01T00:00:00+07:00",
                                                            "sale_to": "2026-12-31T00:00:00+07:00"})) == ["sale_price"]
    assert fields_of(shop.put(f"{API}/listings/INT-4", {"price": 185000, "active": "true"})) == ["active"]
    assert fields_of(shop.put(f"{API}/listings/INT-4", {"price": 185000, "active": 1})) == ["active"]
    assert shop.get(f"{API}/listings/INT-4").status_code == 404


@pytest.mark.parametrize("value", BAD_TIMES, ids=repr)
def test_listing_times_outside_2000_to_2100_are_a_422_naming_the_field(shop, value):
    shop.put(f"{API}/products/T-1", product_body("T-1"))
    for field in ("sale_from", "sale_to"):
        answer = shop.put(f"{API}/listings/T-1", {"price": 185000, "sale_price": 150000, field: value})
        assert fields_of(answer) == [field], answer.text
    assert shop.get(f"{API}/listings/T-1").status_code == 404


def test_listing_times_at_the_edges_are_kept(shop):
    shop.put(f"{API}/products/T-2", product_body("T-2"))
    answer = shop.put(f"{API}/listings/T-2", {"price": 185000, "sale_price": 150000,
                                              "sale_from": "2000-01-01T00:00:00+14:00",
                                              "sale_to": "2100-12-31T23:59:59-12:00"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["sale_from"].startswith("1999-12-31T10:00:00")  # shown in UTC
    assert answer.json()["sale_to"].startswith("2101-01-01T11:59:59")


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
def test_text_refuses_control_characters(shop, control):
    for field in ("name", "description", "category", "unit"):
        answer = shop.put(f"{API}/products/TX-1", product_body("TX-1", **{field: f"Chè{control}Thái"}))
        assert fields_of(answer) == [field]
        message = answer.json()["error"]["details"]["fields"][0]["message"]
        assert "control characters" in message.lower() and "\\x" not in message
    answer = shop.put(f"{API}/products/TX-1", product_body("TX-1", certifications=["OCOP", f"Viet{control}GAP"]))
    assert fields_of(answer) == ["certifications.1"]
    assert shop.get(f"{API}/products/TX-1").status_code == 404


def test_tabs_and_line_breaks_stay_allowed(shop):
    answer = shop.put(f"{API}/products/TX-2", product_body("TX-2", description="Dòng 1\r\nDòng 2\tcột"))
    assert answer.status_code == 201 and answer.json()["description"] == "Dòng 1\r\nDòng 2\tcột"


def test_malformed_json_of_every_kind_is_never_a_500(shop):
    for raw in (b"[" * 100_000, b'{"name":"x","price":1e400}', b'{"name":"x","price":NaN}',
                b'{"name":"x","price":' + b"9" * 5000 + b"}", b'{"name":"\\ud800","price":1}', b"\xff\xfe{",
                json.dumps({"name": "x", "price": 1}).encode("utf-16"), b'{"name":"x","price":-0}'):
        answer = shop.request("PUT", f"{API}/products/J-1", data=raw, headers={"Content-Type": "application/json"})
        assert answer.status_code in (200, 201, 400, 422), (raw[:40], answer.status_code, answer.text)


@pytest.mark.parametrize("control", ["\x00", "\x85", "\x9f"], ids=repr)
def test_order_actions_and_list_queries_name_the_field(shop, control):
    """The rest of the kind: an order action's text and codes, and the lists' numbers in the query."""
    key = {"Idempotency-Key": "k-" + str(ord(control))}
    assert fields_of(shop.post(f"{API}/orders/ABCD1234/cancel", {"reason": f"Hết{control}hàng"}, headers=key)) == ["reason"]
    for value in (True, 12345678, "GHN 123/../x"):
        assert fields_of(shop.post(f"{API}/orders/ABCD1234/ship", {"tracking_number": value}, headers=key)) == ["tracking_number"]
    for path in ("/products", "/orders", "/changes"):
        for limit in ("1e2", "true", "2.5", "0", "-1", "99999999999999999999", "٣"):
            assert fields_of(shop.get(f"{API}{path}", params={"limit": limit})) == ["query.limit"], (path, limit)
    assert fields_of(shop.get(f"{API}/changes", params={"include_own": "maybe"})) == ["query.include_own"]
