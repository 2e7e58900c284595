"""Tiki-only rules of the connector and the simulator (the shared ones: test_connectors.py)."""

from __future__ import annotations

import pytest
import requests

from gianhang_desktop.core.channels.errors import BadCredentials, NeedsRelogin
from gianhang_desktop.core.channels.tiki import signing
from gianhang_desktop.core.channels.tiki.client import CLIENT_CREDENTIALS
from tests.channels.connecting import simulator_fixtures

sim, shop = simulator_fixtures("tiki")


def test_simulator_authenticates_the_app_at_the_token_endpoint(sim):
    good = requests.post(sim.url + "/sc/oauth2/token", data={"grant_type": "client_credentials"}, timeout=5,
                         headers={"Authorization": signing.basic_authorization(sim.client_id, sim.client_secret)})
    assert good.status_code == 200 and good.json()["token_type"] == "bearer" and "refresh_token" not in good.json()
    wrong = requests.post(sim.url + "/sc/oauth2/token", data={"grant_type": "client_credentials"}, timeout=5,
                          headers={"Authorization": signing.basic_authorization(sim.client_id, "wrong")})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client" and sim.refused_signatures == 1


def test_simulator_refuses_an_expired_bearer_token(sim):
    token = sim.credentials()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.get(sim.url + "/integration/v2/sellers/me", headers=headers, timeout=5).status_code == 200
    sim.expire_access_token()
    refused = requests.get(sim.url + "/integration/v2/sellers/me", headers=headers, timeout=5)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_token"


def test_an_in_house_app_renews_its_token_with_client_credentials(sim, shop):
    pair = shop.connector.refresh_tokens("")
    assert pair.refresh_token == CLIENT_CREDENTIALS and pair.access_token in sim.access
    again = shop.connector.refresh_tokens(pair.refresh_token)
    assert again.access_token != pair.access_token


def test_a_wrong_client_secret_is_bad_credentials_and_a_spent_refresh_token_needs_login(sim, shop):
    refresh = next(iter(sim.refresh))
    shop.connector.refresh_tokens(refresh)
    with pytest.raises(NeedsRelogin):
        shop.connector.refresh_tokens(refresh)
    shop.connector.context.app["client_secret"] = "wrong"
    with pytest.raises(BadCredentials):
        shop.connector.refresh_tokens("")


def test_children_of_a_configurable_product_are_variations_of_one_item(sim, shop):
    parent, child = sim.add_item("TUI-1KG", stock=3, item="tui")
    sim.add_item("TUI-5KG", stock=1, item="tui")
    page = shop.connector.with_auth(shop.connector.list_items)
    (item,) = [i for i in page.items if i.item_id == parent]
    assert [v.seller_sku for v in item.variations] == ["TUI-1KG", "TUI-5KG"] and item.variations[0].variation_id == child


def test_fees_and_payout_come_from_the_invoice(sim, shop):
    sim.add_item("A", stock=5, price=100000)
    code = sim.place_order([("A", 2)])
    (order,) = shop.connector.with_auth(shop.connector.order_detail, [code])
    assert order.fees == {"commission_fee": 10000} and order.payout == 190000 and order.cod_amount == 200000


def test_a_configurable_product_split_by_a_page_boundary_comes_back_whole(sim, shop):
    for n in range(48):
        sim.add_item(f"S{n:02d}", stock=1)
    parent, _ = sim.add_item("TUI-1", stock=1, item="tui")  # products 49 to 52: across pages 1 and 2
    for n in range(2, 5):
        sim.add_item(f"TUI-{n}", stock=1, item="tui")
    sim.add_item("LAST", stock=1)
    items, cursor, pages = [], None, 0
    while True:
        page = shop.connector.with_auth(shop.connector.list_items, cursor)
        items += page.items
        pages += 1
        if not (cursor := page.next_cursor):
            break
    assert [i.item_id for i in items].count(parent) == 1 and pages == 2
    (tui,) = [i for i in items if i.item_id == parent]
    assert [v.seller_sku for v in tui.variations] == ["TUI-1", "TUI-2", "TUI-3", "TUI-4"]
    assert sum(len(i.variations) for i in items) == 53


def test_an_in_house_app_is_added_with_its_app_credentials_alone(sim, db, run_cli, monkeypatch):
    """`channel add tiki` with only client_id/client_secret: the token keeper takes the
    "client_credentials" stand-in as its refresh token and fetches the first access token."""
    import io
    import json
    import sys

    app = {"client_id": sim.client_id, "client_secret": sim.client_secret}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(app)))
    code, out, err = run_cli("channel", "add", "tiki", "--name", "Tiki nội bộ", "--base-url", sim.url,
                             "--credentials-stdin", "--json")
    assert code == 0, err
    view = json.loads(out)
    assert view["state"] == "active" and view["token_expires_at"]  # the first token was fetched
    sim.expire_access_token()  # expired later: renewed the same way, no sign-in needed
    code, out, err = run_cli("channel", "sync", "Tiki nội bộ", "--json")
    assert code == 0, err
    assert json.loads(out)["channels"][0]["error"] is None
