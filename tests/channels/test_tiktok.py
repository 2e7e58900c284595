"""TikTok Shop-only rules of the connector and the simulator (the shared ones: test_connectors.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from gianhang_desktop.core.channels.errors import BadCredentials, NeedsRelogin, Refused
from gianhang_desktop.core.channels.model import StockUpdate
from tests.channels.connecting import connect, simulator_fixtures

sim, shop = simulator_fixtures("tiktok")


def _post(sim, path, body, *, secret=None, ts=None, cipher=None, token=None):
    raw = json.dumps(body).encode()
    query = {"app_key": sim.app_key, "timestamp": str(int(ts or time.time())), "shop_cipher": cipher or sim.shop_cipher}
    key = (secret or sim.app_secret).encode()
    base = path.encode() + "".join(f"{k}{query[k]}" for k in sorted(query)).encode() + raw
    query["sign"] = hmac.new(key, key + base + key, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "x-tts-access-token": token or next(iter(sim.access))}
    return requests.post(sim.url + path, params=query, data=raw, headers=headers, timeout=5)


def test_simulator_checks_the_documented_signature_over_the_body(sim):
    sim.credentials()
    assert _post(sim, "/order/202309/orders/search", {"update_time_ge": 0}).json()["code"] == 0
    wrong = _post(sim, "/order/202309/orders/search", {"update_time_ge": 0}, secret="nope")
    assert wrong.status_code == 401 and wrong.json()["code"] == 106001 and sim.refused_signatures == 1


def test_simulator_refuses_expired_tokens_missing_cipher_and_old_timestamps(sim):
    sim.credentials()
    assert _post(sim, "/order/202309/orders/search", {}, ts=time.time() - 400).json()["code"] == 36009004
    assert _post(sim, "/order/202309/orders/search", {}, cipher="ROW_other").json()["code"] == 106013
    sim.expire_access_token()
    assert _post(sim, "/order/202309/orders/search", {}).json()["code"] == 105002


def test_order_list_brings_whole_orders_in_one_call(sim, shop):
    sim.add_item("A", stock=5, price=30000)
    order_id = sim.place_order([("A", 3)])
    before = len(sim.calls())
    page = shop.connector.with_auth(shop.connector.pull_orders, None, datetime.now(UTC) - timedelta(hours=1))
    assert len(sim.calls()) == before + 1
    (order,) = page.details
    assert order.channel_order_id == order_id and order.lines[0].quantity == 3 and order.cod_amount == 90000
    assert order.shipping["package_id"] and order.phone.startswith("(+84)")


def test_stock_goes_to_the_default_sales_warehouse_one_product_a_call(sim, shop):
    p1, s1 = sim.add_item("A", stock=0, item="p1")
    _, s2 = sim.add_item("B", stock=0, item="p1")
    p2, s3 = sim.add_item("C", stock=0)
    units = [StockUpdate("A", p1, s1, 1), StockUpdate("B", p1, s2, 2), StockUpdate("C", p2, s3, 3)]
    assert all(r.ok for r in shop.connector.with_auth(shop.connector.push_stock, units))
    assert [sim.stock(x) for x in "ABC"] == [1, 2, 3]
    assert sum("/inventory/update" in path for path in sim.calls()) == 2


def test_tokens_come_with_absolute_expiry_times(sim, shop):
    auth = shop.connector.exchange_code({"code": sim.issue_code()}, "http://127.0.0.1:8765/callback")
    assert auth.tokens.access_expires_at > datetime.now(UTC) + timedelta(days=6)
    pair = shop.connector.refresh_tokens(auth.tokens.refresh_token)
    assert pair.access_token in sim.access
    with pytest.raises(NeedsRelogin):
        shop.connector.refresh_tokens(auth.tokens.refresh_token)
    with pytest.raises(Refused):
        shop.connector.exchange_code({"code": "TTP_wrong"}, "")


def test_a_wrong_shop_cipher_is_bad_credentials(sim):
    connected = connect(sim)
    connected.connector.context.app["shop_cipher"] = "ROW_not_mine"
    with pytest.raises(BadCredentials):
        connected.connector.with_auth(connected.connector.shop_info)
    connected.connector.close()


def test_fees_and_payout_once_tiktok_has_settled_the_order(sim, shop):
    sim.add_item("A", stock=5, price=100000)
    order_id = sim.place_order([("A", 2)])
    (pending,) = shop.connector.with_auth(shop.connector.order_detail, [order_id])
    assert pending.fees == {} and pending.payout is None
    sim.set_order_status(order_id, "delivered")
    (settled,) = shop.connector.with_auth(shop.connector.order_detail, [order_id])
    assert settled.fees == {"platform_commission": 10000, "transaction_fee": 4000} and settled.payout == 186000
    before = len(sim.calls())
    page = shop.connector.with_auth(shop.connector.pull_orders, None, datetime.now(UTC) - timedelta(hours=1))
    assert [r.channel_order_id for r in page.refs] == [order_id] and page.details == ()  # left to order_detail
    assert len(sim.calls()) == before + 1
