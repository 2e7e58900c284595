"""Several desktops sharing one app key (issue 13 item 8): each signs its device id, and the feed
leaves out only the calling device's own changes; `issue-key` gives each PC a key of its own."""

from __future__ import annotations

import json

from sqlalchemy import func, select, text

from gianhang_server import signing
from gianhang_server.models import AppKey
from tests.server.client import GHAuth, StoreClient
from tests.server.conftest import API, product_body


def drain(client: StoreClient, **params) -> list[dict]:
    out, cursor = [], None
    while True:
        page = client.get(f"{API}/changes", params={"cursor": cursor, "limit": 500, **params}).json()
        out += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return out


def desks(store, shop, *devices: str | None) -> list[StoreClient]:
    return [StoreClient(store.base_url, shop.key, shop.secret, shop.shop_id, device=d) for d in devices]


def test_each_device_sees_the_others_changes_not_its_own(store):
    shop = store.new_shop()
    one, two, plain = desks(store, shop, "desk-one-5f1c2d3e", "desk-two-4a5b6c7d", None)
    assert one.put(f"{API}/products/D-1", product_body("D-1")).status_code == 201
    assert two.put(f"{API}/products/D-2", product_body("D-2")).status_code == 201
    assert plain.put(f"{API}/products/D-3", product_body("D-3")).status_code == 201
    assert [c["key"] for c in drain(one)] == ["D-2", "D-3"]
    assert [c["key"] for c in drain(two)] == ["D-1", "D-3"]
    assert [c["key"] for c in drain(plain)] == ["D-1", "D-2"]  # an older client without a device id
    everything = drain(one, include_own="true")
    assert [(c["key"], c["data"]["source"]["device"]) for c in everything] == [
        ("D-1", "desk-one-5f1c2d3e"), ("D-2", "desk-two-4a5b6c7d"), ("D-3", None)]
    assert {c["data"]["source"]["key"] for c in everything} == {shop.key}


def test_the_device_is_signed_and_checked(store):
    shop = store.new_shop()
    for bad in ("short", "has space ok", "ünïcode-device", "x" * 65):
        client = StoreClient(store.base_url, shop.key, shop.secret)
        client.auth = GHAuth(shop.key, shop.secret, device=bad.encode("utf-8").decode("latin-1"))
        answer = client.get(f"{API}/shop")
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "bad_device", bad

    class SwappedDevice(GHAuth):
        """Signs for one device, then claims another: the seventh part must match the header."""

        def __call__(self, request):
            request = super().__call__(request)
            request.headers["X-GH-Device"] = "someone-else-1234"
            return request

    client = StoreClient(store.base_url, shop.key, shop.secret)
    client.auth = SwappedDevice(shop.key, shop.secret, device="desk-one-5f1c2d3e")
    assert client.get(f"{API}/shop").json()["error"]["code"] == "bad_signature"

    class UnsignedDevice(GHAuth):
        """Adds X-GH-Device to a six-part signature."""

        def __call__(self, request):
            request = super().__call__(request)
            request.headers["X-GH-Device"] = "desk-one-5f1c2d3e"
            return request

    client.auth = UnsignedDevice(shop.key, shop.secret)
    assert client.get(f"{API}/shop").json()["error"]["code"] == "bad_signature"
    assert signing.string_to_sign("GET", "/p", [], 1, "n", b"", "dev-12345678").endswith("\ndev-12345678")


def test_issue_key_gives_each_pc_its_own_key_of_the_same_shop(store, server_cli):
    shop = store.new_shop()
    code, out, err = server_cli("issue-key", "--db", store.settings.db_url, "--shop", shop.key, "--json")
    assert code == 0, err
    first = json.loads(out)
    code, out, err = server_cli("issue-key", "--db", store.settings.db_url, "--shop", str(shop.shop_id), "--json")
    second = json.loads(out)
    assert first["shop_id"] == second["shop_id"] == shop.shop_id and first["key"] != second["key"] != shop.key
    pc = StoreClient(store.base_url, first["key"], first["secret"])
    assert pc.get(f"{API}/shop").json()["shop_id"] == shop.shop_id
    pc.put(f"{API}/products/K-1", product_body("K-1"))
    assert [c["key"] for c in drain(shop)] == ["K-1"]
    code, out, err = server_cli("issue-key", "--db", store.settings.db_url, "--shop", "gh_nobody")
    assert code == 2 and err.startswith("gianhang-server: --shop: ") and "gh_nobody" in err and out == ""
    assert err.count("\n") == 1
    code, out, err = server_cli("issue-key", "--db", store.settings.db_url, "--shop", "999999")
    assert code == 2 and err.startswith("gianhang-server: --shop: ") and "999999" in err
    with store.db.reader() as session:  # the shop's key and the two issued ones; nothing for the refusals
        assert session.scalar(select(func.count()).select_from(AppKey).where(AppKey.shop_id == shop.shop_id)) == 3


def test_an_older_database_gains_the_device_column(tmp_path):
    from gianhang_server.db import open_database

    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_database(url)
    with db.engine.begin() as connection:
        connection.execute(text("ALTER TABLE changes DROP COLUMN source_device"))
    db.dispose()
    db = open_database(url)
    with db.engine.connect() as connection:
        columns = {row[1] for row in connection.execute(text("PRAGMA table_info(changes)"))}
    db.dispose()
    assert "source_device" in columns
