"""Shopee-only rules of the connector and the simulator (the shared ones: test_connectors.py)."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest
import requests

from gianhang_desktop.core.channels.errors import NeedsRelogin, Refused
from gianhang_desktop.core.channels.limits import Endpoint
from gianhang_desktop.core.channels.model import StockUpdate
from tests.channels.connecting import simulator_fixtures

sim, shop = simulator_fixtures("shopee")


def _signed_get(sim, path, *, key=None, token=None, ts=None, **params):
    ts = int(ts or time.time())
    token = token if token is not None else next(iter(sim.access))
    base = f"{sim.partner_id}{path}{ts}{token}{sim.shop_id}"
    sign = hmac.new((key or sim.partner_key).encode(), base.encode(), hashlib.sha256).hexdigest()
    query = {"partner_id": sim.partner_id, "timestamp": ts, "access_token": token, "shop_id": sim.shop_id, "sign": sign}
    return requests.get(sim.url + path, params={**query, **params}, timeout=5).json()


# -- the simulator's own checks can fail -------------------------------------------------------


def test_simulator_accepts_the_documented_signature_and_refuses_a_wrong_one(sim):
    sim.credentials()
    assert _signed_get(sim, "/api/v2/shop/get_shop_info")["error"] == ""
    other = "1" if sim.partner_key.endswith("0") else "0"  # a key that surely differs
    wrong = _signed_get(sim, "/api/v2/shop/get_shop_info", key=sim.partner_key[:-1] + other)
    assert wrong["error"] == "error_sign" and sim.refused_signatures == 1


def test_simulator_refuses_an_expired_token_and_a_stale_timestamp(sim):
    sim.credentials()
    sim.expire_access_token()
    assert _signed_get(sim, "/api/v2/shop/get_shop_info")["error"] == "invalid_acceess_token"
    sim.credentials()
    assert "timestamp" in _signed_get(sim, "/api/v2/shop/get_shop_info", ts=time.time() - 301)["message"]


def test_simulator_keeps_batch_sizes(sim, shop):
    conn = shop.connector
    item, _ = sim.add_item("A", stock=1, item="x")
    too_many = {"item_id": int(item), "stock_list": [{"model_id": i, "seller_stock": [{"stock": 1}]} for i in range(51)]}
    with pytest.raises(Refused) as refused:
        conn.with_auth(conn._call, "POST", "/api/v2/product/update_stock", Endpoint.STOCK, body=too_many)
    assert refused.value.code == "error_param"
    with pytest.raises(Refused):
        conn.with_auth(conn._call, "GET", "/api/v2/order/get_order_list", Endpoint.ORDERS,
                       params={"time_from": 0, "time_to": 16 * 86400, "page_size": 10})


# -- Shopee's own rules -------------------------------------------------------------------------


def test_items_without_variations_have_no_model(sim, shop):
    sim.add_item("TUI-1KG", stock=5, item="tui")
    item, variation = sim.add_item("MAT-ONG", stock=9, price=120000)
    assert variation is None
    page = shop.connector.with_auth(shop.connector.list_items)
    single = next(i for i in page.items if i.item_id == item)
    assert [(v.variation_id, v.seller_sku) for v in single.variations] == [(None, "MAT-ONG")]
    assert shop.connector.with_auth(shop.connector.push_stock, [StockUpdate("MAT-ONG", item, None, 12)])[0].ok
    assert sim.stock("MAT-ONG") == 12


def test_refresh_tokens_are_single_use_and_replaced(sim, shop):
    first = next(iter(sim.refresh))
    pair = shop.connector.refresh_tokens(first)
    assert pair.refresh_token != first and first not in sim.refresh
    with pytest.raises(NeedsRelogin):
        shop.connector.refresh_tokens(first)  # spent: Shopee refuses it


def test_fees_and_payout_come_from_the_escrow_detail(sim, shop):
    sim.add_item("A", stock=5, price=100000)
    order_id = sim.place_order([("A", 2)])
    (order,) = shop.connector.with_auth(shop.connector.order_detail, [order_id])
    assert order.fees == {"commission_fee": 8000, "service_fee": 6000, "seller_transaction_fee": 4000}
    assert order.payout == 200000 - 18000 and order.shipping == {"order_sn": order_id}


def test_authorization_link_and_code_exchange(sim, shop):
    url = shop.connector.authorization_url("http://127.0.0.1:8765/callback", "xyz")
    assert url.startswith(sim.url + "/api/v2/shop/auth_partner?") and "sign=" in url and "state%3Dxyz" in url
    auth = shop.connector.exchange_code({"code": sim.issue_code(), "shop_id": sim.shop_id}, "http://127.0.0.1:8765/callback")
    assert auth.shop_id == sim.shop_id and auth.tokens.access_token in sim.access
    with pytest.raises(Refused):
        shop.connector.exchange_code({"code": "used-or-wrong", "shop_id": sim.shop_id}, "")


def test_partner_and_shop_ids_must_be_numbers(sim):
    from gianhang_desktop.core.channels.connector import AccountRef
    from gianhang_desktop.core.channels.credentials import ChannelSecrets
    from gianhang_desktop.core.channels.model import TokenPair
    from gianhang_desktop.core.channels.registry import make_connector
    from gianhang_desktop.core.errors import ValidationError

    creds = sim.credentials()
    pair = TokenPair(creds.pop("access_token"), creds.pop("refresh_token"))
    with pytest.raises(ValidationError) as error:
        make_connector(AccountRef("x", "shopee", sim.shop_id, sim.url), ChannelSecrets({**creds, "partner_id": "abc"}, pair))
    assert error.value.field == "partner_id"
    conn = make_connector(AccountRef("x", "shopee", "cửa hàng", sim.url), ChannelSecrets(creds, pair))
    with pytest.raises(ValidationError) as error:
        conn.shop_info()
    assert error.value.field == "shop_id"
