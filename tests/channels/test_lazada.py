"""Lazada-only rules of the connector and the simulator (the shared ones: test_connectors.py)."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest
import requests

from gianhang_desktop.core.channels.errors import Refused
from gianhang_desktop.core.channels.lazada.client import AUTHORIZE_PAGE
from gianhang_desktop.core.channels.limits import Endpoint
from gianhang_desktop.core.channels.model import Outcome, StockUpdate
from tests.channels.connecting import simulator_fixtures

sim, shop = simulator_fixtures("lazada")


def _get(sim, path, *, secret=None, ts_ms=None, token=None, **params):
    query = {"app_key": sim.app_key, "timestamp": str(ts_ms or int(time.time() * 1000)), "sign_method": "sha256",
             "access_token": token or next(iter(sim.access)), **params}
    base = path + "".join(f"{k}{query[k]}" for k in sorted(query))
    query["sign"] = hmac.new((secret or sim.app_secret).encode(), base.encode(), hashlib.sha256).hexdigest().upper()
    return requests.get(sim.url + path, params=query, timeout=5).json()


def test_simulator_checks_the_documented_signature(sim):
    sim.credentials()
    assert _get(sim, "/seller/get")["code"] == "0"
    assert _get(sim, "/seller/get", secret="wrong")["code"] == "IncompleteSignature"
    assert sim.refused_signatures == 1


def test_simulator_refuses_expired_tokens_and_old_timestamps(sim):
    sim.credentials()
    assert _get(sim, "/seller/get", ts_ms=int((time.time() - 7300) * 1000))["code"] == "InvalidTimestamp"
    sim.expire_access_token()
    assert _get(sim, "/seller/get")["code"] == "IllegalAccessToken"


def test_simulator_keeps_the_50_sku_batch(sim, shop):
    sim.add_item("A", stock=1)
    skus = "".join(f"<Sku><SellerSku>A</SellerSku><Quantity>{i}</Quantity></Sku>" for i in range(51))
    conn = shop.connector
    with pytest.raises(Refused) as refused:
        conn.with_auth(conn._call, "POST", "/product/price_quantity/update", Endpoint.STOCK,
                       {"payload": f"<Request><Product><Skus>{skus}</Skus></Product></Request>"})
    assert refused.value.code == "InvalidParameter"


def test_negative_sellable_is_refused_for_that_sku_only(sim, shop):
    a_item, a_sku = sim.add_item("A", stock=3)
    b_item, b_sku = sim.add_item("B", stock=3)
    sim.lock_stock("B")
    conn = shop.connector
    units = [StockUpdate("A", a_item, a_sku, 8), StockUpdate("B", b_item, b_sku, 0)]
    results = {r.sku: r for r in conn.with_auth(conn.push_stock, units)}
    assert results["A"].outcome is Outcome.OK and sim.stock("A") == 8
    assert results["B"].outcome is Outcome.REFUSED and results["B"].message == "Negative sellable"
    assert sim.calls().count("/product/price_quantity/update") == 1  # one batch for both


def test_a_push_of_120_skus_goes_in_batches_of_50(sim, shop):
    units = []
    for n in range(120):
        item, sku = sim.add_item(f"S{n:03d}", stock=0)
        units.append(StockUpdate(f"S{n:03d}", item, sku, n))
    conn = shop.connector
    assert all(r.ok for r in conn.with_auth(conn.push_stock, units))
    assert sim.calls().count("/product/price_quantity/update") == 3 and sim.stock("S119") == 119


def test_authorization_link_and_code_exchange(sim, shop):
    url = shop.connector.authorization_url("http://127.0.0.1:8765/callback", "xyz")
    assert url.startswith(AUTHORIZE_PAGE + "?") and f"client_id={sim.app_key}" in url and "state=xyz" in url
    auth = shop.connector.exchange_code({"code": sim.issue_code()}, "http://127.0.0.1:8765/callback")
    assert auth.shop_id == sim.seller_id and auth.tokens.access_token in sim.access
    assert auth.tokens.refresh_expires_at is not None
    with pytest.raises(Refused):
        shop.connector.exchange_code({"code": "wrong"}, "")


def test_fees_and_payout_from_the_transactions_of_a_delivered_order(sim, shop):
    sim.add_item("A", stock=5, price=100000)
    order_id = sim.place_order([("A", 2)])
    (pending,) = shop.connector.with_auth(shop.connector.order_detail, [order_id])
    assert pending.payout is None and pending.lines[0].quantity == 2
    sim.set_order_status(order_id, "delivered")
    (settled,) = shop.connector.with_auth(shop.connector.order_detail, [order_id])
    assert settled.fees == {"Commission": 8000, "Payment Fee": 4000} and settled.payout == 188000
