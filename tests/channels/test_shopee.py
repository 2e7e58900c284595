"""The Shopee connector end to end against the Shopee simulator over loopback HTTP."""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from gianhang_desktop.core.channels.connector import ShipmentRef
from gianhang_desktop.core.channels.errors import (
    BadResponse,
    ClockSkew,
    NeedsRelogin,
    Refused,
    TokenExpired,
    Unavailable,
)
from gianhang_desktop.core.channels.limits import Endpoint
from gianhang_desktop.core.channels.model import Outcome, PriceUpdate, StockUpdate
from tests.channels.connecting import connect, pdf_text
from tests.channels.simulators import SoldOut
from tests.channels.simulators import shopee as shopee_sim


@pytest.fixture
def sim():
    simulator = shopee_sim.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def shop(sim):
    connected = connect(sim)
    yield connected
    connected.connector.close()


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
    wrong = _signed_get(sim, "/api/v2/shop/get_shop_info", key=sim.partner_key[:-1] + "0")
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


# -- catalogue and stock -----------------------------------------------------------------------


def test_lists_items_with_models_and_single_items(sim, shop):
    sim.add_item("TUI-1KG", stock=5, price=45000, item="tui", name="Túi 1 kg", gtin="8930000000012")
    sim.add_item("TUI-5KG", stock=2, price=200000, item="tui", name="Túi 5 kg")
    sim.add_item("MAT-ONG", stock=9, price=120000)
    page = shop.connector.with_auth(shop.connector.list_items)
    assert page.next_cursor is None
    by_sku = {v.seller_sku: (i, v) for i in page.items for v in i.variations}
    assert by_sku["TUI-1KG"][0] is by_sku["TUI-5KG"][0]
    assert by_sku["TUI-1KG"][1].gtin == "8930000000012" and by_sku["TUI-1KG"][1].price == 45000
    assert by_sku["MAT-ONG"][1].variation_id is None and by_sku["MAT-ONG"][1].stock == 9


def test_push_stock_gives_one_result_per_unit_and_shows_a_campaign_lock(sim, shop):
    item, one = sim.add_item("TUI-1KG", stock=5, item="tui")
    _, five = sim.add_item("TUI-5KG", stock=5, item="tui")
    sim.lock_stock("TUI-5KG")
    results = shop.connector.with_auth(shop.connector.push_stock, [
        StockUpdate("TUI-1KG", item, one, 7), StockUpdate("TUI-5KG", item, five, 3)])
    outcome = {r.sku: r for r in results}
    assert outcome["TUI-1KG"].outcome is Outcome.OK and sim.stock("TUI-1KG") == 7
    assert outcome["TUI-5KG"].outcome is Outcome.REFUSED and "promotion" in outcome["TUI-5KG"].message
    assert sim.stock("TUI-5KG") == 5


def test_push_price_and_single_item_stock(sim, shop):
    item, variation = sim.add_item("MAT-ONG", stock=1, price=100000)
    assert variation is None
    conn = shop.connector
    assert conn.with_auth(conn.push_stock, [StockUpdate("MAT-ONG", item, None, 12)])[0].ok
    assert conn.with_auth(conn.push_price, [PriceUpdate("MAT-ONG", item, None, 125000)])[0].ok
    assert sim.stock("MAT-ONG") == 12 and sim.listings["MAT-ONG"].price == 125000


# -- tokens ------------------------------------------------------------------------------------


def test_expired_access_token_is_refreshed_once_and_the_new_pair_saved_before_use(sim, shop):
    item, _ = sim.add_item("A", stock=1)
    first_refresh = next(iter(sim.refresh))
    sim.expire_access_token()

    def check_unused(pair):  # the keeper saves before anything uses the pair
        assert pair.access_token not in sim.used_tokens
    shop.connector.context.tokens.save_fn = lambda pair: (check_unused(pair), shop.saved.append(pair))

    assert shop.connector.with_auth(shop.connector.push_stock, [StockUpdate("A", item, None, 4)])[0].ok
    assert len(shop.saved) == 1 and shop.saved[0].refresh_token != first_refresh
    assert first_refresh not in sim.refresh  # Shopee's refresh tokens are single use
    assert shop.saved[0].access_token in sim.used_tokens


def test_expired_refresh_token_needs_a_new_login(sim, shop):
    sim.add_item("A", stock=1)
    sim.expire_access_token()
    sim.expire_refresh_token()
    with pytest.raises(NeedsRelogin):
        shop.connector.with_auth(shop.connector.shop_info)
    assert shop.saved == []


def test_token_error_is_token_expired_without_the_keeper(sim, shop):
    sim.expire_access_token()
    with pytest.raises(TokenExpired):
        shop.connector.shop_info()


# -- faults ------------------------------------------------------------------------------------


def test_5xx_and_time_outs_are_retried_then_reported(sim, shop):
    item, _ = sim.add_item("A", stock=1)
    conn = shop.connector
    sim.fail_next("5xx", path="/api/v2/product/update_stock", times=2)
    assert conn.with_auth(conn.push_stock, [StockUpdate("A", item, None, 2)])[0].ok
    sim.fail_next("timeout", path="/api/v2/product/update_stock")
    assert conn.with_auth(conn.push_stock, [StockUpdate("A", item, None, 3)])[0].ok
    assert sim.stock("A") == 3
    sim.fail_next("5xx", path="/api/v2/product/update_stock", times=10)
    with pytest.raises(Unavailable):
        conn.with_auth(conn.push_stock, [StockUpdate("A", item, None, 9)])
    assert sim.stock("A") == 3


def test_html_page_instead_of_json_is_a_clear_error(sim, shop):
    sim.fail_next("html200")
    with pytest.raises(BadResponse) as error:
        shop.connector.with_auth(shop.connector.shop_info)
    assert "HTTP 200" in str(error.value)


def test_rate_limit_answer_is_retried(sim, shop):
    sim.fail_next("429", times=2)
    assert shop.connector.with_auth(shop.connector.shop_info).shop_id == sim.shop_id


def test_clock_skew_is_reported_then_signed_with_the_platforms_time(sim, shop):
    sim.advance(600)  # Shopee's clock is 10 minutes ahead of this computer's
    with pytest.raises(ClockSkew) as skew:
        shop.connector.with_auth(shop.connector.shop_info)
    assert 590 <= skew.value.offset_seconds <= 610
    assert "10.0" in str(skew.value) or "9.9" in str(skew.value)
    assert shop.connector.with_auth(shop.connector.shop_info).shop_id == sim.shop_id


# -- orders and shipping -----------------------------------------------------------------------


def test_orders_pulled_with_buyer_address_fees_and_payout(sim, shop):
    sim.add_item("TUI-1KG", stock=5, price=45000, item="tui")
    sim.add_item("MAT-ONG", stock=5, price=120000)
    order_id = sim.place_order([("TUI-1KG", 2), ("MAT-ONG", 1)], buyer="Trần Thị Bình")
    conn = shop.connector
    page = conn.with_auth(conn.pull_orders, None, datetime.now(UTC) - timedelta(days=1))
    assert [r.channel_order_id for r in page.refs] == [order_id] and page.refs[0].status == "READY_TO_SHIP"
    (order,) = conn.with_auth(conn.order_detail, [order_id])
    assert order.local_status == "confirmed" and order.buyer_name == "Trần Thị Bình"
    assert order.address.full_text.startswith("Số 1 Tràng Tiền")
    assert {(line.seller_sku, line.quantity, line.unit_price) for line in order.lines} == {
        ("TUI-1KG", 2, 45000), ("MAT-ONG", 1, 120000)}
    assert order.total == 210000 and order.payout == 210000 - sum(order.fees.values()) and order.fees["commission_fee"] == 8400
    sim.set_order_status(order_id, "cancelled")
    (cancelled,) = conn.with_auth(conn.order_detail, [order_id])
    assert cancelled.local_status == "cancelled"


def test_a_pull_with_nothing_new_is_one_call(sim, shop):
    conn = shop.connector
    page = conn.with_auth(conn.pull_orders, None, datetime.now(UTC) - timedelta(hours=1))
    before = len(sim.calls())
    page = conn.with_auth(conn.pull_orders, page.next_cursor, datetime.now(UTC))
    assert page.refs == () and sim.calls()[before:] == ["/api/v2/order/get_order_list"]


def test_pull_pages_through_more_than_one_page(sim, shop):
    sim.add_item("A", stock=500)
    placed = {sim.place_order([("A", 1)]) for _ in range(130)}
    conn, seen, cursor = shop.connector, set(), None
    while True:
        page = conn.with_auth(conn.pull_orders, cursor, datetime.now(UTC) - timedelta(hours=1))
        seen |= {r.channel_order_id for r in page.refs}
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert seen == placed


def test_ship_order_then_print_the_platforms_labels(sim, shop):
    sim.add_item("A", stock=5)
    first, second = sim.place_order([("A", 1)]), sim.place_order([("A", 2)])
    conn = shop.connector
    shipment = conn.with_auth(conn.arrange_shipment, ShipmentRef(first))
    assert shipment.tracking_number == f"SPXVN{first}" and sim.orders[first].status == "PROCESSED"
    assert conn.with_auth(conn.arrange_shipment, ShipmentRef(first)).tracking_number == shipment.tracking_number
    conn.with_auth(conn.arrange_shipment, ShipmentRef(second))
    pdf = conn.with_auth(conn.shipping_document, [ShipmentRef(first), ShipmentRef(second)])
    text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF") and f"ORDER {first}" in text and f"ORDER {second}" in text


def test_simulator_sells_only_what_it_shows(sim):
    sim.add_item("A", stock=1)
    sim.place_order([("A", 1)])
    with pytest.raises(SoldOut):
        sim.place_order([("A", 1)])
