"""Every marketplace connector end to end against its simulator over loopback HTTP: the same
behaviours asked of each (tokens, faults, per-SKU results, orders, shipping, labels)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from gianhang_desktop.core.channels.connector import AccountRef, ShipmentRef
from gianhang_desktop.core.channels.credentials import ChannelSecrets
from gianhang_desktop.core.channels.errors import (
    BadCredentials,
    BadResponse,
    ClockSkew,
    NeedsRelogin,
    RateLimited,
    Refused,
    TokenExpired,
    Unavailable,
)
from gianhang_desktop.core.channels.limits import Endpoint
from gianhang_desktop.core.channels.model import Outcome, PriceUpdate, StockUpdate, TokenPair
from gianhang_desktop.core.channels.registry import make_connector
from gianhang_desktop.core.errors import ValidationError
from tests.channels.connecting import connected, pdf_text, running
from tests.channels.simulators import SoldOut

PLATFORMS = ["shopee", "lazada", "tiktok", "tiki"]
RATE_LIMIT_IN_BODY = {"lazada"}  # the others answer HTTP 429


@pytest.fixture(params=PLATFORMS)
def sim(request):
    with running(request.param) as simulator:
        yield simulator


@pytest.fixture
def shop(sim):
    with connected(sim) as record:
        yield record


def _call(shop, method, *args):
    conn = shop.connector
    return conn.with_auth(getattr(conn, method), *args)


# -- catalogue and stock -----------------------------------------------------------------------


def test_lists_items_with_their_variations(sim, shop):
    sim.add_item("TUI-1KG", stock=5, price=45000, item="tui", name="Túi 1 kg", gtin="8930000000012")
    sim.add_item("TUI-5KG", stock=2, price=200000, item="tui", name="Túi 5 kg")
    sim.add_item("MAT-ONG", stock=9, price=120000)
    items, cursor = [], None
    while True:
        page = _call(shop, "list_items", cursor)
        items += page.items
        if not (cursor := page.next_cursor):
            break
    by_sku = {v.seller_sku: (i, v) for i in items for v in i.variations}
    assert set(by_sku) == {"TUI-1KG", "TUI-5KG", "MAT-ONG"}
    assert by_sku["TUI-1KG"][0].item_id == by_sku["TUI-5KG"][0].item_id != by_sku["MAT-ONG"][0].item_id
    assert by_sku["TUI-1KG"][1].price == 45000 and by_sku["MAT-ONG"][1].stock == 9


def test_push_stock_one_result_per_unit_and_a_campaign_lock_refused_per_sku(sim, shop):
    item, one = sim.add_item("TUI-1KG", stock=5, item="tui")
    _, five = sim.add_item("TUI-5KG", stock=5, item="tui")
    other, single = sim.add_item("MAT-ONG", stock=1)
    sim.lock_stock("TUI-5KG")
    updates = [StockUpdate("TUI-1KG", item, one, 7), StockUpdate("TUI-5KG", item, five, 3)]
    results = {r.sku: r for r in _call(shop, "push_stock", updates)}
    results.update({r.sku: r for r in _call(shop, "push_stock", [StockUpdate("MAT-ONG", other, single, 4)])})
    assert results["TUI-1KG"].outcome is Outcome.OK and sim.stock("TUI-1KG") == 7
    assert results["MAT-ONG"].outcome is Outcome.OK and sim.stock("MAT-ONG") == 4
    locked = results["TUI-5KG"]
    assert locked.outcome is Outcome.REFUSED and locked.message == sim.lock_code[1]
    assert sim.stock("TUI-5KG") == 5


def test_a_unit_the_platform_does_not_know_is_refused_not_raised(sim, shop):
    item, variation = sim.add_item("A", stock=1)
    ghost = StockUpdate("GHOST", "999999999", "888888888" if variation else None, 5)
    results = _call(shop, "push_stock", [ghost]) + _call(shop, "push_stock", [StockUpdate("A", item, variation, 2)])
    assert [r.outcome for r in results] == [Outcome.REFUSED, Outcome.OK] and results[0].sku == "GHOST"
    assert sim.stock("A") == 2


def test_push_price(sim, shop):
    item, variation = sim.add_item("MAT-ONG", stock=1, price=100000)
    assert _call(shop, "push_price", [PriceUpdate("MAT-ONG", item, variation, 125000)])[0].ok
    assert sim.listings["MAT-ONG"].price == 125000


# -- tokens ------------------------------------------------------------------------------------


def test_expired_access_token_is_refreshed_once_and_saved_before_use(sim, shop):
    item, variation = sim.add_item("A", stock=1)
    first_refresh = next(iter(sim.refresh))
    sim.expire_access_token()

    def save(pair):
        assert pair.access_token not in sim.used_tokens  # saved before anything used it
        shop.saved.append(pair)
    shop.connector.context.tokens.save_fn = save

    assert _call(shop, "push_stock", [StockUpdate("A", item, variation, 4)])[0].ok
    assert len(shop.saved) == 1 and shop.saved[0].refresh_token != first_refresh
    assert shop.saved[0].access_token in sim.used_tokens and sim.stock("A") == 4


def test_expired_refresh_token_needs_a_new_login(sim, shop):
    sim.expire_access_token()
    sim.expire_refresh_token()
    with pytest.raises(NeedsRelogin) as error:
        _call(shop, "shop_info")
    assert "đăng nhập lại" in str(error.value) and shop.saved == []


def test_the_platforms_token_answer_is_token_expired(sim, shop):
    sim.expire_access_token()
    with pytest.raises(TokenExpired):
        shop.connector.shop_info()


SECRET_KEYS = {"shopee": "partner_key", "lazada": "app_secret", "tiktok": "app_secret", "tiki": "client_secret"}


def test_wrong_app_credentials_are_reported_and_nothing_is_saved(sim, shop):
    shop.connector.context.app[SECRET_KEYS[sim.platform]] = "not-the-secret"
    sim.expire_access_token()  # Tiki checks its app credentials when the token is renewed
    with pytest.raises(BadCredentials) as error:
        _call(shop, "shop_info")
    assert "không đúng" in str(error.value) and shop.saved == []


def test_missing_app_credentials_name_the_field(sim):
    creds = sim.credentials()
    field = SECRET_KEYS[sim.platform]
    account = AccountRef("x", sim.platform, sim.shop_id, sim.url)
    app = {k: v for k, v in creds.items() if k not in ("access_token", "refresh_token", field)}
    with pytest.raises(ValidationError) as error:
        make_connector(account, ChannelSecrets(app, TokenPair(creds["access_token"], creds["refresh_token"])))
    assert error.value.field == field


# -- faults ------------------------------------------------------------------------------------


def test_5xx_and_time_outs_are_retried_then_reported_unavailable(sim, shop):
    item, variation = sim.add_item("A", stock=1)
    path = sim.stock_path
    sim.fail_next("5xx", path=path, times=2)
    assert _call(shop, "push_stock", [StockUpdate("A", item, variation, 2)])[0].ok
    sim.fail_next("timeout", path=path)
    assert _call(shop, "push_stock", [StockUpdate("A", item, variation, 3)])[0].ok
    assert sim.stock("A") == 3
    sim.fail_next("5xx", path=path, times=10)
    with pytest.raises(Unavailable):
        _call(shop, "push_stock", [StockUpdate("A", item, variation, 9)])
    assert sim.stock("A") == 3


def test_an_unreachable_platform_never_shows_the_token(sim, shop):
    token = shop.connector.context.tokens.pair.access_token
    sim.stop()  # connection refused: requests' message names the URL with its query
    with pytest.raises(Unavailable) as error:
        _call(shop, "shop_info")
    shown = f"{error.value} {error.value.detail} {error.value.__cause__} {error.value.__context__}"
    assert token not in shown and "sign=" not in shown


def test_an_html_page_instead_of_json_is_a_clear_error(sim, shop):
    sim.fail_next("html200")
    with pytest.raises(BadResponse) as error:
        _call(shop, "shop_info")
    assert "HTTP 200" in str(error.value)


def test_a_rate_limit_answer_is_retried_or_reported_with_its_wait(sim, shop):
    sim.fail_next("429", times=1 if sim.platform in RATE_LIMIT_IN_BODY else 2)
    if sim.platform in RATE_LIMIT_IN_BODY:  # HTTP 200 with the platform's code: the scheduler waits
        with pytest.raises(RateLimited) as limited:
            _call(shop, "shop_info")
        assert limited.value.retryable and limited.value.retry_after == 1.0
    else:  # HTTP 429: retried with backoff inside the call
        _call(shop, "shop_info")
    _call(shop, "shop_info")


def test_clock_skew_is_reported_then_signed_with_the_platforms_time(sim, shop):
    if sim.platform == "tiki":  # Tiki signs nothing with a time (bearer tokens): a wrong clock changes nothing
        sim.advance(3600)
        assert _call(shop, "shop_info").name
        return
    sim.advance(sim.timestamp_window_s + 600)  # the platform's clock is ahead of ours by more than its window
    with pytest.raises(ClockSkew) as skew:
        _call(shop, "shop_info")
    assert abs(skew.value.offset_seconds - (sim.timestamp_window_s + 600)) < 10
    assert "lệch" in str(skew.value)
    _call(shop, "shop_info")


# -- orders and shipping -----------------------------------------------------------------------


def test_orders_with_buyer_address_and_lines(sim, shop):
    sim.add_item("TUI-1KG", stock=5, price=45000, item="tui")
    sim.add_item("MAT-ONG", stock=5, price=120000)
    order_id = sim.place_order([("TUI-1KG", 2), ("MAT-ONG", 1)], buyer="Trần Thị Bình")
    page = _call(shop, "pull_orders", None, datetime.now(UTC) - timedelta(days=1))
    assert [r.channel_order_id for r in page.refs] == [order_id]
    (order,) = _call(shop, "order_detail", [order_id])
    assert order.local_status == "confirmed" and order.buyer_name == "Trần Thị Bình"
    assert "Tràng Tiền" in order.address.full_text
    assert {(line.seller_sku, line.quantity, line.unit_price) for line in order.lines} == {
        ("TUI-1KG", 2, 45000), ("MAT-ONG", 1, 120000)}
    assert order.total == 210000
    sim.set_order_status(order_id, "cancelled")
    (cancelled,) = _call(shop, "order_detail", [order_id])
    assert cancelled.local_status == "cancelled"


def test_a_returned_order_is_returned(sim, shop):
    sim.add_item("A", stock=5)
    order_id = sim.place_order([("A", 1)])
    sim.set_order_status(order_id, "delivered")
    assert _call(shop, "order_detail", [order_id])[0].local_status == "delivered"
    sim.set_order_status(order_id, "returned")
    assert _call(shop, "order_detail", [order_id])[0].local_status == "returned"


def test_a_pull_with_nothing_new_is_one_call(sim, shop):
    page = _call(shop, "pull_orders", None, datetime.now(UTC) - timedelta(hours=1))
    before = len(sim.calls())
    page = _call(shop, "pull_orders", page.next_cursor, datetime.now(UTC))
    assert page.refs == () and len(sim.calls()) == before + 1


def test_pull_pages_through_several_pages(sim, shop):
    sim.add_item("A", stock=500)
    placed = {sim.place_order([("A", 1)]) for _ in range(130)}
    seen, cursor = set(), None
    for _ in range(20):
        page = _call(shop, "pull_orders", cursor, datetime.now(UTC) - timedelta(hours=1))
        seen |= {r.channel_order_id for r in page.refs}
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert seen == placed


def test_arrange_shipment_twice_then_print_the_platforms_labels(sim, shop):
    sim.add_item("A", stock=5)
    first, second = sim.place_order([("A", 1)]), sim.place_order([("A", 2)])
    shipment = _call(shop, "arrange_shipment", ShipmentRef(first))
    assert shipment.tracking_number and sim.orders[first].tracking == shipment.tracking_number
    again = _call(shop, "arrange_shipment", ShipmentRef(first, shipment.shipping))
    assert again.tracking_number == shipment.tracking_number
    (order,) = _call(shop, "order_detail", [first])
    assert order.local_status == "packed"
    _call(shop, "arrange_shipment", ShipmentRef(second))
    refs, batch = [ShipmentRef(first), ShipmentRef(second)], shop.connector.limits.of(Endpoint.DOCUMENT).batch
    pdfs = [_call(shop, "shipping_document", refs[i:i + batch]) for i in range(0, len(refs), batch)]
    text = "".join(pdf_text(pdf) for pdf in pdfs)
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs) and f"ORDER {first}" in text and f"ORDER {second}" in text


def test_a_shipment_whose_answer_was_lost_is_not_arranged_twice(sim, shop):
    sim.add_item("A", stock=5)
    order_id = sim.place_order([("A", 1)])
    sim.fail_next("lost", path=sim.ship_path)  # done on the platform, the answer lost: the retry finds it done
    shipment = _call(shop, "arrange_shipment", ShipmentRef(order_id))
    assert shipment.tracking_number and shipment.tracking_number == sim.orders[order_id].tracking


def test_a_cancelled_order_is_not_shipped(sim, shop):
    sim.add_item("A", stock=5)
    order_id = sim.place_order([("A", 1)])
    sim.set_order_status(order_id, "cancelled")
    with pytest.raises(Refused):
        _call(shop, "arrange_shipment", ShipmentRef(order_id))
    assert not sim.orders[order_id].tracking


def test_the_simulator_sells_only_what_it_shows(sim):
    sim.add_item("A", stock=1)
    sim.place_order([("A", 1)])
    with pytest.raises(SoldOut):
        sim.place_order([("A", 1)])


def test_the_simulator_keeps_its_rate_limit_per_api(sim):
    sim.rate_per_s = 0.2  # one call, then one every 5 seconds: even a slow machine hits the limit
    session = requests.Session()
    answers = [session.get(sim.url + "/any/api", timeout=5) for _ in range(10)]
    assert sim.rate_refusals >= 5
    assert any(a.status_code == 429 or "Limit" in a.text for a in answers)
    session.get(sim.url + "/another/api", timeout=5)  # another API has its own budget
    assert sim.rate_refusals == sum(a.status_code == 429 or "Limit" in a.text for a in answers)


def test_simulators_offer_the_shared_protocol_and_the_channel_add_keys(sim, shop):
    from tests.channels.simulators import Simulator

    members = [name for name in dir(Simulator) if not name.startswith("_")] + list(Simulator.__annotations__)
    assert all(hasattr(sim, name) for name in members)
    keys = set(sim.credentials())
    assert keys == {"access_token", "refresh_token", *type(shop.connector).app_fields}
    assert sim.url.startswith("http://127.0.0.1:") and sim.platform == shop.connector.platform
