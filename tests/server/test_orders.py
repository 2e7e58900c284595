"""Orders: simulated buyers, listing and reading, and the state machine (409 on illegal steps)."""

from __future__ import annotations

import json
import re

import pytest
from vietnam_provinces import Ward, WardCode

from tests.server.conftest import API, advance, live_listing, simulate


@pytest.fixture
def seller(store):
    shop = store.new_shop()
    live_listing(store, shop, "CHE-001", quantity=1000)
    live_listing(store, shop, "MIEN-002", quantity=1000, price=65000)
    return shop


def test_simulated_orders_are_realistic(store, seller):
    codes = simulate(store, seller, 12)
    assert len(codes) == 12
    for code in codes:
        order = seller.get(f"{API}/orders/{code}").json()
        assert re.fullmatch(r"0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9\d)\d{7}", order["phone"])
        assert len(order["buyer_name"].split()) == 3
        assert Ward.from_code(WardCode(order["ward_code"])).province_code.value == order["province_code"]
        assert order["items"] and all(i["sku"] in ("CHE-001", "MIEN-002") for i in order["items"])
        if order["payment_method"] == "cod":
            assert order["status"] == "unpaid"
            assert order["cod_amount"] == order["items_total"] + order["shipping_fee"]
        else:
            assert order["status"] == "paid" and order["cod_amount"] == 0
    ordered = sum(i["quantity"] for c in codes for i in seller.get(f"{API}/orders/{c}").json()["items"] if i["sku"] == "CHE-001")
    assert seller.get(f"{API}/products/CHE-001").json()["quantity"] == 1000 - ordered


def test_list_filters_by_status_and_pages(store, seller):
    codes = simulate(store, seller, 7, prepaid_share=0.0)
    seller.post(f"{API}/orders/{codes[0]}/confirm")
    seen, cursor = [], None
    while True:
        page = seller.get(f"{API}/orders", params={"limit": 3, "status": "unpaid"} | ({"cursor": cursor} if cursor else {})).json()
        seen += [o["code"] for o in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == codes[1:]
    assert [o["code"] for o in seller.get(f"{API}/orders", params={"status": "confirmed"}).json()["items"]] == codes[:1]
    assert seller.get(f"{API}/orders", params={"status": "lost"}).status_code == 422


def test_happy_path_to_completed(store, seller):
    (code,) = simulate(store, seller, 1)
    for action, status in [("confirm", "confirmed"), ("pack", "packed"), ("ship", "shipped")]:
        response = seller.post(f"{API}/orders/{code}/{action}")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    assert seller.get(f"{API}/orders/{code}").json()["tracking_number"]
    advance(store, seller, "deliver", [code])
    advance(store, seller, "complete", [code])
    order = seller.get(f"{API}/orders/{code}").json()
    assert order["status"] == "completed"
    assert [h["status"] for h in order["history"]][1:] == ["confirmed", "packed", "shipped", "delivered", "completed"]


ILLEGAL = [
    ([], "pack"), ([], "ship"),
    (["confirm"], "confirm"), (["confirm"], "ship"),
    (["confirm", "pack"], "confirm"),
    (["confirm", "pack", "ship"], "cancel"), (["confirm", "pack", "ship"], "pack"),
    (["cancel"], "confirm"), (["cancel"], "cancel"),
]


@pytest.mark.parametrize(("before", "action"), ILLEGAL)
def test_illegal_transitions_are_409_with_current_copy(store, seller, before, action):
    (code,) = simulate(store, seller, 1, prepaid_share=0.0)
    for step in before:
        assert seller.post(f"{API}/orders/{code}/{step}").status_code == 200
    response = seller.post(f"{API}/orders/{code}/{action}")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "illegal_transition"
    assert error["details"]["current"]["code"] == code


def test_cancel_restocks_and_keeps_reason(store, seller):
    (code,) = simulate(store, seller, 1)
    before = seller.get(f"{API}/products/CHE-001").json()["quantity"]
    order = seller.get(f"{API}/orders/{code}").json()
    back = sum(i["quantity"] for i in order["items"] if i["sku"] == "CHE-001")
    cancelled = seller.post(f"{API}/orders/{code}/cancel", {"reason": "Khách đổi ý"})
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancel_reason"] == "Khách đổi ý"
    assert seller.get(f"{API}/products/CHE-001").json()["quantity"] == before + back


def test_returned_after_shipping(store, seller):
    (code,) = simulate(store, seller, 1)
    for step in ("confirm", "pack", "ship"):
        seller.post(f"{API}/orders/{code}/{step}")
    advance(store, seller, "return", [code])
    assert seller.get(f"{API}/orders/{code}").json()["status"] == "returned"


def test_cli_simulate_and_advance(store, seller, server_cli):
    def cli(*args):
        code, out, err = server_cli(*args, "--db", store.settings.db_url)
        assert code == 0, err
        return json.loads(out)

    codes = cli("simulate-orders", "--shop", seller.key, "--count", "3", "--seed", "1")
    assert len(codes) == 3
    for code in codes:
        for step in ("confirm", "pack", "ship"):
            assert seller.post(f"{API}/orders/{code}/{step}").status_code == 200
    delivered = cli("advance-orders", "--shop", seller.key, "--action", "deliver")
    assert {o["code"] for o in delivered} == set(codes)
    assert all(o["status"] == "delivered" for o in delivered)


def test_no_listing_no_orders(store, server_cli):
    shop = store.new_shop()
    code, _, err = server_cli("simulate-orders", "--db", store.settings.db_url, "--shop", shop.key, "--count", "1")
    assert code == 1 and "no approved" in err
