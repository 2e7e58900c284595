"""The platforms' shapes to ours: status tables, amounts, times, merged unit lines, signing properties."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gianhang_desktop.core.channels.answers import merge_unit_lines, nfc
from gianhang_desktop.core.channels.lazada import mapping as lazada
from gianhang_desktop.core.channels.lazada import signing as lazada_signing
from gianhang_desktop.core.channels.model import OrderLine
from gianhang_desktop.core.channels.shopee import mapping as shopee
from gianhang_desktop.core.channels.tiki import mapping as tiki
from gianhang_desktop.core.channels.tiktok import mapping as tiktok
from gianhang_desktop.core.channels.tiktok import signing as tiktok_signing
from gianhang_desktop.core.orders.states import OrderStatus


@pytest.mark.parametrize("table", [shopee.STATUSES, lazada.STATUSES, tiktok.STATUSES, tiki.STATUSES])
def test_every_platform_status_maps_onto_the_local_state_machine(table):
    assert set(table.values()) <= set(OrderStatus)
    assert OrderStatus.CANCELLED in table.values() and OrderStatus.SHIPPED in table.values()


def test_a_lazada_order_speaks_with_its_least_advanced_live_item():
    assert lazada.order_status(["shipped", "pending"]) == ("pending,shipped", OrderStatus.CONFIRMED)
    assert lazada.order_status(["canceled", "delivered"])[1] == OrderStatus.DELIVERED
    assert lazada.order_status(["canceled", "canceled"])[1] == OrderStatus.CANCELLED


def test_amounts_and_times():
    assert shopee.dong(120000.0) == 120000 and shopee.dong("99999.6") == 100000 and shopee.dong(None) == 0
    assert lazada.dong("1,250,000.00") == 1250000
    assert lazada.when("2026-11-30 10:15:00 +0700") == datetime(2026, 11, 30, 3, 15, tzinfo=UTC)
    assert tiki.when("2026-11-30 10:15:00") == datetime(2026, 11, 30, 3, 15, tzinfo=UTC)
    assert tiktok.when(1764472500) == datetime.fromtimestamp(1764472500, UTC)


def test_unit_lines_merge_per_sku_and_price():
    units = [OrderLine("A", 1, 100, line_id="1"), OrderLine("A", 1, 100, line_id="2"), OrderLine("A", 1, 90, line_id="3"),
             OrderLine("B", 1, 100, line_id="4")]
    merged = {(line.seller_sku, line.unit_price): line for line in merge_unit_lines(units)}
    assert merged[("A", 100)].quantity == 2 and merged[("A", 100)].line_id == "1,2"
    assert merged[("A", 90)].quantity == 1 and merged[("B", 100)].quantity == 1


def test_platform_text_is_nfc():
    decomposed = "Nguye\u0302\u0303n Va\u0306n A"  # as some phones send it
    assert nfc(decomposed) == "Nguyễn Văn A" and nfc(None) == ""


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
values = st.text(min_size=1, max_size=12).filter(lambda v: "\x00" not in v)


@given(st.dictionaries(names, values, min_size=1, max_size=6), st.text(min_size=1, max_size=10))
def test_lazada_signature_ignores_order_and_the_sign_parameter(params, secret):
    shuffled = dict(reversed(list(params.items())))
    assert lazada_signing.sign("/x/y", params, secret) == lazada_signing.sign("/x/y", {**shuffled, "sign": "Z"}, secret)
    base = "/x/y" + "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign")
    assert lazada_signing.sign("/x/y", params, secret) == hmac.new(
        secret.encode(), base.encode(), hashlib.sha256).hexdigest().upper()


@given(st.dictionaries(names, values, max_size=6), st.binary(max_size=40), st.text(min_size=1, max_size=10))
def test_tiktok_signature_ignores_order_and_token_but_not_the_body(query, body, secret):
    shuffled = {**dict(reversed(list(query.items()))), "access_token": "T", "sign": "S"}
    assert tiktok_signing.sign("/p", query, body, secret) == tiktok_signing.sign("/p", shuffled, body, secret)
    assert tiktok_signing.sign("/p", query, body + b"x", secret) != tiktok_signing.sign("/p", query, body, secret)
