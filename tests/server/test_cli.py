"""The ``gianhang-server`` command end to end: create a shop, serve, sign a request."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import requests

from tests.server.client import StoreClient
from tests.server.conftest import API, ROOT, free_port, product_body


def test_create_shop_and_serve(db_url_factory):
    url = db_url_factory()
    created = subprocess.run([sys.executable, "-m", "gianhang_server", "create-shop", "--db", url, "--name", "HTX Mật ong Bắc Kạn", "--json"],
                             capture_output=True, text=True, cwd=ROOT, check=True)
    creds = json.loads(created.stdout)
    assert set(creds) == {"shop_id", "key", "secret"}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gianhang_server", "serve", "--db", url, "--port", str(port), "--log-level", "warning",
                               "--rate-limit", "100/s", "--review-delay", "0"], cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(base + f"{API}/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.1)
        client = StoreClient(base, creds["key"], creds["secret"])
        assert client.get(f"{API}/shop").json()["name"] == "HTX Mật ong Bắc Kạn"
        assert client.put(f"{API}/products/MO-01", product_body("MO-01")).status_code == 201
        client.put(f"{API}/listings/MO-01", {"price": 120000})
        deadline = time.monotonic() + 15
        while client.get(f"{API}/listings/MO-01").json()["status"] == "pending_review":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert client.get(f"{API}/listings/MO-01").json()["status"] == "rejected"
    finally:
        server.terminate()
        server.wait(timeout=20)
