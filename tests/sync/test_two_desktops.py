"""Two desktops sharing one shop key see each other's edits (issue 13 item 8): two data folders,
each with its own device id, against the real reference server on loopback; conflicts are listed
and resolved from the command line."""

from __future__ import annotations

import json

import pytest
from helpers import store_products
from sqlalchemy import select

from gianhang_desktop.core.catalog.service import add_product, get_product, update_product
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.sync import credentials
from gianhang_desktop.core.sync.engine import sync
from gianhang_desktop.core.sync.models import SyncState


@pytest.fixture
def second(db, fresh_db) -> Database:
    """Desktop 2: its own data folder and database, on the test's engine."""
    return fresh_db()


@pytest.fixture
def second_cli(run_cli, second, db_engine):
    """`gianhang ARGS…` on desktop 2 (on PostgreSQL: its database, GIANHANG_DB_URL)."""
    own = {"GIANHANG_DB_URL": second.url} if db_engine == "postgresql" else {}

    def run(*args: str, env: dict[str, str] | None = None):
        return run_cli(*args, data=second.data_dir, env={**own, **(env or {})})

    return run


def device_of(db: Database) -> str | None:
    with db.read_session() as session:
        return session.scalar(select(SyncState.device_id))


def synced(db, client):
    report = sync(db, client)
    assert report.ok and report.pending == 0 and not report.failed, report
    return report


def test_two_desktops_on_one_key_see_each_others_edits(db, second, store, second_cli):
    creds = store.create_shop()
    env = {credentials.ENV_KEY: creds.key, credentials.ENV_SECRET: creds.secret}
    one, two = store.client(creds), store.client(creds)  # one key, one client per desktop
    for desk in (db, second):
        add_product(desk, "VT-001", "Chè Thái Nguyên đặc biệt 200g", 185_000, weight_g=250)
        add_product(desk, "VT-002", "Mật ong rừng U Minh 500ml", 240_000, weight_g=700)
    synced(db, one)
    synced(second, two)
    assert device_of(db) and device_of(second) and device_of(db) != device_of(second)
    assert (one.device_id, two.device_id) == (device_of(db), device_of(second))

    # Desktop 1 changes a price: desktop 2 receives it, desktop 1 does not get its own echo.
    update_product(db, "VT-001", price=199_000)
    synced(db, one)
    assert synced(db, one).pulled["changes"] == 0
    report = synced(second, two)
    assert report.pulled["products"] == 1 and get_product(second, "VT-001").price == 199_000
    # And back the other way, through the command line (which finds the device id in the database).
    update_product(second, "VT-002", name="Mật ong rừng U Minh nguyên chất 500ml")
    code, out, err = second_cli("sync", "--server", store.url, "--json", env=env)
    assert code == 0, err
    assert sync(db, one).pulled["products"] == 1
    assert get_product(db, "VT-002").name == "Mật ong rừng U Minh nguyên chất 500ml"
    assert store_products(one)["VT-001"]["price"] == 199_000
    changes = one.get("/changes", include_own="true").body["changes"]
    assert {c["data"]["source"]["device"] for c in changes if c["type"] == "product.updated"} == {
        device_of(db), device_of(second)}

    # Both edit the same product before syncing: the second to sync gets a conflict, resolved by CLI.
    update_product(db, "VT-001", name="Chè Thái Nguyên tôm nõn 200g")
    update_product(second, "VT-001", name="Chè Thái Nguyên móc câu 200g")
    synced(db, one)
    report = sync(second, two)
    assert report.conflicts == 1
    code, out, err = second_cli("sync", "conflicts", "--json")
    assert code == 0, err
    (conflict,) = json.loads(out)
    assert conflict["sku"] == "VT-001" and conflict["fields"] == ["name"]
    assert (conflict["local"]["name"], conflict["remote"]["name"]) == ("Chè Thái Nguyên móc câu 200g",
                                                                    "Chè Thái Nguyên tôm nõn 200g")
    code, out, err = second_cli("sync", "conflicts")
    assert "VT-001" in out and "móc câu" in out and "tôm nõn" in out
    code, out, err = second_cli("sync", "resolve", "vt-001", "--keep", "local")
    assert code == 0 and out.startswith("Đã giải quyết VT-001: giữ bản ở máy này"), (out, err)  # as typed, shown as kept
    code, out, err = second_cli("sync", "conflicts", "--json")
    assert json.loads(out) == []
    synced(second, two)
    synced(db, one)
    assert get_product(db, "VT-001").name == get_product(second, "VT-001").name == "Chè Thái Nguyên móc câu 200g"
    assert store_products(one)["VT-001"]["name"] == "Chè Thái Nguyên móc câu 200g"

    # The other choice: keep the store's copy.
    update_product(db, "VT-002", price=250_000)
    update_product(second, "VT-002", price=260_000)
    synced(db, one)
    assert sync(second, two).conflicts == 1
    code, out, err = second_cli("sync", "resolve", "VT-002", "--keep", "store")
    assert code == 0, err
    synced(second, two)
    assert get_product(second, "VT-002").price == 250_000 == store_products(one)["VT-002"]["price"]

    # Refusals: one line, exit 2, nothing changed.
    pending = sync(second, two).pending
    for args in (("sync", "resolve", "VT-002", "--keep", "local"),  # no open conflict any more
                 ("sync", "resolve", "NOPE-1", "--keep", "store"),  # no such product
                 ("sync", "resolve", "VT-002", "--keep", "both")):  # not a choice
        code, out, err = second_cli(*args)
        assert code == 2 and out == "" and err.count("\n") == 1, (args, err)
    assert sync(second, two).pending == pending == 0
    code, _, err = second_cli("sync", "resolve", "VT-002", "--keep", "local", env={"GIANHANG_LANG": "en"})
    assert code == 2 and "no open conflict" in err


def test_the_device_id_is_made_once_and_kept(db, data_dir, store):
    creds = store.create_shop()
    assert device_of(db) is None
    synced(db, store.client(creds))
    first = device_of(db)
    assert len(first) == 32 and int(first, 16) >= 0
    reopened = Database.open(data_dir, url=db.url)
    try:
        synced(reopened, store.client(creds))
        assert device_of(reopened) == first
    finally:
        reopened.dispose()


def test_a_desktop_with_its_own_key_from_issue_key_sees_the_others(db, second, store, server_cli_main):
    creds = store.create_shop()
    issued = json.loads(server_cli_main("issue-key", "--db", store.db_url, "--shop", creds.key, "--json"))
    from gianhang_desktop.core.sync.client import Credentials

    own = Credentials(issued["key"], issued["secret"])
    for desk in (db, second):
        add_product(desk, "VT-001", "Chè Thái Nguyên đặc biệt 200g", 185_000, weight_g=250)
    synced(db, store.client(creds))
    synced(second, store.client(own))
    update_product(db, "VT-001", price=205_000)
    synced(db, store.client(creds))
    synced(second, store.client(own))
    assert get_product(second, "VT-001").price == 205_000
