"""A real reference store server on a loopback port, shops on it, and helpers to read it back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
import requests
from helpers import REPO

from gianhang_desktop.core.sync.client import Credentials, StoreClient
from tests.keyrings import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StoreServer:
    url: str
    db_url: str
    process: subprocess.Popen
    _database: object = None

    # The server's own commands (create-shop, review, simulate-orders), run in-process on its
    # database: the same functions `gianhang-server` calls, without a 3 s interpreter start each.
    def _db(self):
        from gianhang_server.db import open_database

        if getattr(self, "_database", None) is None:
            self._database = open_database(self.db_url)
        return self._database

    def create_shop(self, name: str = "HTX Thử nghiệm") -> Credentials:
        from gianhang_server.shops import create_shop

        with self._db().writer() as session:
            data = create_shop(session, name)
            session.commit()
        return Credentials(data["key"], data["secret"])

    def review(self, creds: Credentials) -> list:
        """Review the shop's pending listings (other tests' shops on the same server wait)."""
        from gianhang_server.review import review_pending
        from gianhang_server.shops import shop_for_key

        with self._db().writer() as session:
            shop_id = shop_for_key(session, creds.key)
            out = [{"sku": li.product.sku, "status": li.status, "reasons": li.reasons}
                   for li in review_pending(session, shop_id=shop_id)]
            session.commit()
        return out

    def simulate_orders(self, creds: Credentials, count: int, seed: int = 1) -> list[str]:
        import random

        from gianhang_server.shops import shop_for_key
        from gianhang_server.simulate import simulate_orders

        with self._db().writer() as session:
            orders = simulate_orders(session, shop_for_key(session, creds.key), count, random.Random(seed), 0.3)
            codes = [o.code for o in orders]
            session.commit()
        return codes

    def client(self, creds: Credentials, **options) -> StoreClient:
        options.setdefault("timeout", (2.0, 5.0))
        options.setdefault("backoff_factor", 0.05)
        return StoreClient(self.url, creds, **options)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(folder: Path, *extra: str, tls: tuple[Path, Path, Path] | None = None) -> StoreServer:
    """The reference server in its own process; `tls` = (certificate, key, CA file) serves HTTPS."""
    port = free_port()
    if tls is not None:
        extra = (*extra, "--tls-cert", str(tls[0]), "--tls-key", str(tls[1]))
    db_url = f"sqlite:///{folder / 'store.db'}"
    log = open(folder / "server.log", "wb")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gianhang_server", "serve", "--db", db_url, "--port", str(port),
         "--rate-limit", "0", "--log-level", "warning", *extra],
        stdout=log, stderr=subprocess.STDOUT, cwd=REPO, env=env,
    )
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((folder / "server.log").read_text())
        try:
            if requests.get(url + "/api/v1/health", timeout=1, verify=str(tls[2]) if tls else True).status_code == 200:
                return StoreServer(url, db_url, process)
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("store server did not start")


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> Iterator[StoreServer]:
    server = start_server(tmp_path_factory.mktemp("store"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def faulty_store(tmp_path_factory) -> Iterator[StoreServer]:
    server = start_server(tmp_path_factory.mktemp("faulty"), "--fault-rate", "0.2", "--fault-seed", "7",
                          "--fault-stall", "6")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def tls_store(tmp_path_factory) -> Iterator[StoreServer]:
    """The reference server on HTTPS, its certificate (127.0.0.1, localhost) from a throwaway test
    CA that no system trusts; `tls_store.ca_file` is that CA."""
    import trustme

    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    cert, key, ca_file = folder / "cert.pem", folder / "key.pem", folder / "ca.pem"
    leaf.cert_chain_pems[0].write_to_path(cert)
    leaf.private_key_pem.write_to_path(key)
    ca.cert_pem.write_to_path(ca_file)
    server = start_server(folder, tls=(cert, key, ca_file))
    server.ca_file = ca_file
    yield server
    server.stop()


@pytest.fixture
def server_cli_main(capsys):
    """Run ``gianhang-server ARGS…`` in-process; its stdout (a failing command fails the test)."""
    from gianhang_server.cli import main

    def run(*args: str) -> str:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        assert code == 0, captured.err
        return captured.out

    return run
