"""No buyer data over plain HTTP, and TLS verification stays on (issue 13 item 9), against the real
reference server serving HTTPS on loopback with a certificate from a throwaway test CA."""

from __future__ import annotations

import json

import pytest
from helpers import store_products

from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.errors import SyncError
from gianhang_desktop.core.sync import credentials
from gianhang_desktop.core.sync.client import StoreClient

# Every variable that could plausibly switch verification off or swap whom the client trusts.
LOOSE_ENV = {
    "REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": "", "PYTHONHTTPSVERIFY": "0", "SSL_CERT_FILE": "",
    "GIANHANG_SYNC_VERIFY": "0", "GIANHANG_TLS_VERIFY": "false", "GIANHANG_INSECURE": "1",
}


def test_the_server_speaks_tls_with_a_trusted_ca(tls_store):
    """The control case: with the test CA given explicitly, signed requests work."""
    creds = tls_store.create_shop()
    client = StoreClient(tls_store.url, creds, verify=str(tls_store.ca_file), timeout=(5, 10))
    assert client.get("/shop").body["key"] == creds.key


def test_an_untrusted_certificate_is_refused_at_once_whatever_the_environment(tls_store, monkeypatch):
    creds = tls_store.create_shop()
    for name, value in LOOSE_ENV.items():
        monkeypatch.setenv(name, value)
    client = StoreClient(tls_store.url, creds, timeout=(5, 10), backoff_factor=0.01)
    with pytest.raises(SyncError) as raised:
        client.get("/shop")
    assert "TLS" in raised.value.message("vi")
    assert client.requests_sent == 1  # not retried
    # Pointing the requests library's variables at the test CA does not make the app trust it either.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_store.ca_file))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(tls_store.ca_file))
    with pytest.raises(SyncError):
        StoreClient(tls_store.url, creds, timeout=(5, 10)).get("/shop")


@pytest.mark.parametrize("verify", [False, "", None, 0])
def test_verification_cannot_be_turned_off(verify):
    with pytest.raises(ValueError):
        StoreClient("https://store.example", credentials.Credentials("k", "s"), verify=verify)


def test_sync_to_an_untrusted_server_sends_nothing(tls_store, db, run_cli):
    creds = tls_store.create_shop()
    add_product(db, "VT-001", "Chè Thái Nguyên đặc biệt 200g", 185_000, weight_g=250)
    env = {credentials.ENV_KEY: creds.key, credentials.ENV_SECRET: creds.secret,
           "REQUESTS_CA_BUNDLE": str(tls_store.ca_file), **{k: v for k, v in LOOSE_ENV.items() if k != "REQUESTS_CA_BUNDLE"}}
    code, out, err = run_cli("sync", "--server", tls_store.url, "--json", env=env)
    report = json.loads(out)
    assert code == 3 and "TLS" in report["error"] and report["pending"] == 1 and report["requests"] == 1
    trusted = StoreClient(tls_store.url, creds, verify=str(tls_store.ca_file), timeout=(5, 10))
    assert store_products(trusted) == {}
