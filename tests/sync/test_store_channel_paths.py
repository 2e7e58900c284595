"""The national store behind the channel interface builds its order paths segment by segment
(issue 13 item 6), against the real reference server on loopback: an order code holding "/" or
".." reaches no other address, and a real order still reads back."""

from __future__ import annotations

import pytest

from gianhang_desktop.core.channels.errors import Refused
from gianhang_desktop.core.channels.store.client import store_connector
from gianhang_desktop.core.errors import SyncError


def test_store_channel_order_codes_are_one_segment_each(store):
    creds = store.create_shop()
    client = store.client(creds)
    paths: list[str] = []
    client.on_request = lambda method, path, size: paths.append(path)
    connector = store_connector(client)
    with pytest.raises(Refused):  # no such order here: refused at its own address
        connector.order_detail(["AB/CD"])
    assert paths == ["/api/v1/orders/AB%2FCD"]
    paths.clear()
    with pytest.raises(Refused):
        connector.order_detail(["X/../shop"])  # would be GET /shop if the path collapsed
    assert paths == ["/api/v1/orders/X%2F..%2Fshop"]
    paths.clear()
    with pytest.raises(SyncError):
        connector.order_detail([".."])
    assert paths == []
