"""Signing per the contract, credentials without a keyring, and the sync and listing commands."""

from __future__ import annotations

import json

import keyring
import keyring.backends.fail

from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.sync import credentials
from gianhang_desktop.core.sync.client import Credentials, canonical_query, signature


def test_signature_matches_the_reference_implementation():
    from gianhang_server import signing

    pairs = [("status", "đã giao"), ("a", "x y"), ("a", "b~c*")]
    assert canonical_query(pairs) == signing.canonical_query(pairs) == "a=b~c%2A&a=x%20y&status=%C4%91%C3%A3%20giao"
    body = '{"name":"Gạo"}'.encode()
    mine = signature("s3cret", "put", "/api/v1/products/VT-001", canonical_query(pairs), "1700000000", "n" * 20, body)
    assert mine == signing.sign("s3cret", "PUT", "/api/v1/products/VT-001", pairs, 1700000000, "n" * 20, body)


def test_without_a_keyring_credentials_live_only_in_this_session(monkeypatch):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.delenv(credentials.ENV_KEY, raising=False)
    monkeypatch.delenv(credentials.ENV_SECRET, raising=False)
    assert not credentials.keyring_usable()
    assert credentials.load("https://store.example") is None
    assert credentials.save("https://store.example", Credentials("k", "s")) is False
    assert credentials.load("https://store.example") == Credentials("k", "s")
    credentials.forget("https://store.example")
    monkeypatch.setenv(credentials.ENV_KEY, "ek")
    monkeypatch.setenv(credentials.ENV_SECRET, "es")
    assert credentials.load("https://store.example") == Credentials("ek", "es")
    assert "es" not in repr(credentials.load("https://store.example"))


def test_keyring_keeps_the_secret_out_of_files(memory_keyring, data_dir):
    assert credentials.save("https://store.example/", Credentials("k1", "s1")) is True
    assert credentials.load("https://store.example") == Credentials("k1", "s1")
    assert all("s1" not in p.read_text(errors="ignore") for p in data_dir.rglob("*.json"))


def test_sync_and_listing_commands(run_cli, db, store, data_dir):
    creds = store.create_shop()
    add_product(db, "CLI-001", "Cà phê Robusta rang mộc 500g", 95_000, weight_g=500)
    env = {credentials.ENV_KEY: creds.key, credentials.ENV_SECRET: creds.secret}

    code, out, err = run_cli("sync", "status", "--json")
    assert code == 0 and json.loads(out)["pending"] == 1  # the new product

    code, out, err = run_cli("listing", "publish", "CLI-001", "--price", "99000")
    assert code == 2 and "ảnh bìa" in err  # refused locally, with the store's reason
    code, out, err = run_cli("listing", "publish", "CLI-001", "--price", "99000", "--force", "--json")
    assert code == 0 and json.loads(out)["price"] == 99_000

    code, out, err = run_cli("sync", "--server", store.url, "--json", env=env)
    assert code == 0, err
    report = json.loads(out)
    assert report["pushed"]["products"] == 1 and report["pushed"]["listings"] == 1 and report["pending"] == 0
    assert json.loads((data_dir / "settings.json").read_text())["server_url"] == store.url

    store.review(creds)
    code, out, err = run_cli("sync", env=env)
    assert code == 0 and "Đã nhận" in out
    code, out, err = run_cli("listing", "show", "CLI-001", "--json")
    shown = json.loads(out)
    assert shown["status"] == "rejected" and [r["code"] for r in shown["reasons"]] == ["no_cover_image"]

    code, out, err = run_cli("sync", "status", "--json")
    status = json.loads(out)
    assert status["pending"] == 0 and status["last_sync_at"] and status["conflicts"] == []


def test_sellable_quantity_keeps_the_safety_buffer_and_never_goes_below_zero(db):
    from gianhang_desktop.core.stock.service import receive_stock
    from gianhang_desktop.core.sync.payloads import products_by_sku, sellable_quantities

    add_product(db, "BUF-1", "Nước mắm Phú Quốc 40 độ đạm", 80_000)
    add_product(db, "BUF-2", "Nước mắm Phú Quốc 30 độ đạm", 60_000)
    receive_stock(db, "BUF-1", 10)
    receive_stock(db, "BUF-2", 2)
    with db.read_session() as session:
        assert sellable_quantities(session, products_by_sku(session, ["BUF-1", "BUF-2"]), 3) == {"BUF-1": 7, "BUF-2": 0}
