"""Every path a marketplace connector builds from a platform's id is percent-encoded segment by
segment (issue 13 item 6): an id holding "/", "?" or ".." never reaches another address."""

from __future__ import annotations

import pytest

from gianhang_desktop.core.channels.errors import BadResponse, ChannelError
from gianhang_desktop.core.channels.model import PriceUpdate
from tests.channels.connecting import connected, running


def _urls(connector) -> list[str]:
    seen: list[str] = []
    connector.http.on_request = lambda endpoint, method, url: seen.append(url)
    return seen


def test_tiki_order_codes_are_one_segment_each():
    with running("tiki") as sim, connected(sim) as shop:
        seen = _urls(shop.connector)
        with pytest.raises(ChannelError):  # no such order on the simulator: refused there, not elsewhere
            shop.connector.with_auth(shop.connector.order_detail, ["X/../1?a=b#c"])
        assert seen and all(url == sim.url + "/integration/v2/orders/X%2F..%2F1%3Fa%3Db%23c" for url in seen), seen
        seen.clear()
        with pytest.raises(BadResponse):
            shop.connector.with_auth(shop.connector.order_detail, [".."])
        assert seen == []  # nothing was sent


def test_tiktok_product_ids_are_one_segment_each():
    with running("tiktok") as sim, connected(sim) as shop:
        seen = _urls(shop.connector)
        results = shop.connector.with_auth(shop.connector.push_price, [PriceUpdate("VT-1", "12/../34", "5", 100_000)])
        assert [r.ok for r in results] == [False]  # the simulator has no such product
        paths = [url.split("?")[0] for url in seen]
        assert paths == [sim.url + "/product/202309/products/12%2F..%2F34/prices/update"], paths
        seen.clear()
        with pytest.raises(BadResponse):
            shop.connector.with_auth(shop.connector.push_price, [PriceUpdate("VT-1", ".", "5", 100_000)])
        assert seen == []
