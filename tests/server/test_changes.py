"""The changes feed: what it carries, the opaque cursor, and no skips or repeats under concurrency."""

from __future__ import annotations

import threading

from tests.server.client import StoreClient
from tests.server.conftest import API, ServerThread, advance, live_listing, product_body, simulate


def drain(client: StoreClient, cursor: str | None = None, include_own: bool = False, limit: int = 100):
    changes = []
    while True:
        params = {"limit": limit, "include_own": str(include_own).lower()} | ({"cursor": cursor} if cursor else {})
        page = client.get(f"{API}/changes", params=params).json()
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes, cursor


def test_feed_carries_orders_reviews_and_other_clients_writes(store):
    shop = store.new_shop()
    live_listing(store, shop, "FEED-1")
    changes, cursor = drain(shop)
    # Own writes are left out; the review (server side) is in.
    assert [c["type"] for c in changes] == ["listing.reviewed"]
    assert changes[0]["data"]["status"] == "approved" and changes[0]["key"] == "FEED-1"
    (code,) = simulate(store, shop, 1)
    shop.post(f"{API}/orders/{code}/confirm")
    advance(store, shop, "pay", None)
    changes, cursor = drain(shop, cursor)
    types = [c["type"] for c in changes]
    assert types[0] == "product.updated" and changes[0]["data"]["source"] == {"key": None, "actor": "server", "device": None}
    assert "order.created" in types and changes[types.index("order.created")]["key"] == code
    assert "order.updated" not in types  # the confirm was ours; "pay" did not apply to a confirmed order
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    # Nothing new: same cursor back, empty page.
    again, same = drain(shop, cursor)
    assert again == [] and same == cursor
    # include_own shows everything with its source.
    everything, _ = drain(shop, include_own=True)
    assert [c["seq"] for c in everything] == list(range(1, len(everything) + 1))
    own = [c for c in everything if c["data"].get("source", {}).get("key") == shop.key]
    assert {c["type"] for c in own} >= {"product.updated", "listing.updated", "order.updated"}


def test_writes_by_another_key_of_the_same_shop_are_in_the_feed(store):
    from gianhang_server.models import AppKey

    shop = store.new_shop()
    with store.db.writer() as session:
        session.add(AppKey(shop_id=shop.shop_id, key="gh_second_desk_" + str(shop.shop_id), secret="s" * 40))
        session.commit()
    other = StoreClient(store.base_url, "gh_second_desk_" + str(shop.shop_id), "s" * 40)
    other.put(f"{API}/products/TWO-1", product_body("TWO-1"))
    changes, _ = drain(shop)
    assert [(c["type"], c["key"]) for c in changes] == [("product.updated", "TWO-1")]
    assert changes[0]["data"]["source"]["key"] == other.key and changes[0]["data"]["version"] == 1
    assert drain(other)[0] == []


def test_bad_cursors(shop):
    assert shop.get(f"{API}/changes", params={"cursor": "not-a-cursor"}).status_code == 400
    for n in range(3):
        shop.put(f"{API}/products/BC-{n}", product_body(f"BC-{n}"))
    product_cursor = shop.get(f"{API}/products", params={"limit": 1}).json()["next_cursor"]
    assert shop.get(f"{API}/changes", params={"cursor": product_cursor}).status_code == 400


def test_no_skip_no_repeat_under_concurrent_writers(store):
    """Writers on two server instances (separate engines and pools, one database) and the server's
    own order simulation write at once while a reader follows the feed with small pages."""
    second = ServerThread(store.settings)
    second_url = second.start()
    try:
        shop = store.new_shop()
        live_listing(store, shop, "CC-0", quantity=100_000)
        _, start_cursor = drain(shop, include_own=True)
        writers, per_writer, orders = 4, 15, 12
        done = threading.Event()
        seen: list[int] = []
        errors: list[BaseException] = []

        def write(index: int) -> None:
            try:
                client = StoreClient(second_url if index % 2 else store.base_url, shop.key, shop.secret)
                for n in range(per_writer):
                    response = client.put(f"{API}/products/CC-{index}-{n}", product_body(f"CC-{index}-{n}", price=1000 + n))
                    assert response.status_code == 201, response.text
            except BaseException as error:  # reported below
                errors.append(error)

        def buy() -> None:
            try:
                for _ in range(orders):
                    simulate(store, shop, 1)
            except BaseException as error:
                errors.append(error)

        def read() -> None:
            cursor = start_cursor
            try:
                while True:
                    finished = done.is_set()
                    page = shop.get(f"{API}/changes", params={"cursor": cursor, "limit": 7, "include_own": "true"}).json()
                    seen.extend(c["seq"] for c in page["changes"])
                    cursor = page["next_cursor"]
                    if finished and not page["has_more"]:
                        return
            except BaseException as error:
                errors.append(error)

        reader = threading.Thread(target=read)
        reader.start()
        threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)] + [threading.Thread(target=buy)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        reader.join(timeout=60)
        assert not errors, errors
        first = seen[0]
        # Each simulated order is two changes (stock of CC-0, order.created).
        expected = writers * per_writer + 2 * orders
        assert seen == list(range(first, first + expected))
    finally:
        second.stop()
