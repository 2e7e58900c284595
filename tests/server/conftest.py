"""Fixtures: real PostgreSQL and SQLite databases, and the reference server on a loopback port."""

from __future__ import annotations

import io
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import requests
import uvicorn

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gianhang_server.app import create_app  # noqa: E402
from gianhang_server.db import Database, open_database  # noqa: E402
from gianhang_server.settings import Settings  # noqa: E402
from gianhang_server.shops import create_shop  # noqa: E402
from tests.postgres import create_database, free_port, postgres_port  # noqa: E402,F401
from tests.server.client import StoreClient  # noqa: E402

API = "/api/v1"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine_name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def db_url_factory(engine_name, tmp_path_factory, request) -> Callable[[], str]:
    """Make fresh, empty databases on the engine under test."""

    def make() -> str:
        name = "gh_" + uuid.uuid4().hex[:12]
        if engine_name == "sqlite":
            return f"sqlite:///{tmp_path_factory.mktemp('db') / name}.db"
        return create_database(request.getfixturevalue("postgres_port"), name)

    return make


@dataclass
class RunningStore:
    """A live reference server and its database."""

    base_url: str
    db: Database
    settings: Settings

    def new_shop(self, name: str = "HTX Nông sản Sạch") -> StoreClient:
        with self.db.writer() as session:
            creds = create_shop(session, name)
            session.commit()
        return StoreClient(self.base_url, creds["key"], creds["secret"], creds["shop_id"])


class ServerThread:
    def __init__(self, settings: Settings) -> None:
        self.db = open_database(settings.db_url)
        self.app = create_app(settings, self.db)
        self.port = free_port()
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", http="h11", lifespan="on", timeout_graceful_shutdown=3)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> str:
        self.thread.start()
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(base + API + "/health", timeout=1).status_code == 200:
                    return base
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or busy starting
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.db.dispose()


def _starter(db_url_factory, threads: list[ServerThread]) -> Callable[..., RunningStore]:
    def start(**overrides) -> RunningStore:
        settings = replace(Settings(db_url=db_url_factory(), rate_limit=None), **overrides)
        thread = ServerThread(settings)
        threads.append(thread)
        return RunningStore(thread.start(), thread.db, settings)

    return start


@pytest.fixture
def start_store(db_url_factory) -> Iterator[Callable[..., RunningStore]]:
    """Start servers with given settings on fresh databases; they stop after the test."""
    threads: list[ServerThread] = []
    yield _starter(db_url_factory, threads)
    for thread in threads:
        thread.stop()


@pytest.fixture(scope="module")
def store(db_url_factory) -> Iterator[RunningStore]:
    """A server with default settings (rate limit off) on the engine under test, shared by a
    module's tests: each test works in its own shops, which tenant isolation keeps apart."""
    threads: list[ServerThread] = []
    yield _starter(db_url_factory, threads)()
    for thread in threads:
        thread.stop()


@pytest.fixture
def shop(store) -> StoreClient:
    return store.new_shop()


def png_bytes(color=(200, 30, 30), size=(64, 48)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(color=(30, 200, 30), size=(64, 48)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def product_body(sku: str, **overrides) -> dict:
    body = {
        "sku": sku,
        "name": "Chè Thái Nguyên đặc biệt 200g",
        "description": "Chè búp tuyển chọn, sao thủ công.",
        "category": "Trà",
        "unit": "hộp",
        "price": 185000,
        "weight_g": 250,
        "length_cm": 20,
        "width_cm": 10,
        "height_cm": 6,
        "barcode": "8934567890120",
        "origin": {"province_code": 1, "ward_code": 70},
        "ocop_stars": 4,
        "certifications": ["OCOP", "VietGAP"],
        "status": "active",
    }
    body.update(overrides)
    return body


def live_listing(store: RunningStore, shop: StoreClient, sku: str, quantity: int = 100, price: int = 185000) -> None:
    """A product with a cover image, stock, and an approved listing."""
    from gianhang_server.review import review_pending

    assert shop.put(f"{API}/products/{sku}", product_body(sku)).status_code in (200, 201)
    image = shop.post(f"{API}/images", data=png_bytes(), headers={"Content-Type": "image/png"}).json()["image_id"]
    shop.put(f"{API}/products/{sku}/images", {"image_ids": [image]})
    shop.post(f"{API}/stock/batch", {"items": [{"sku": sku, "quantity": quantity}]})
    shop.put(f"{API}/listings/{sku}", {"price": price})
    with store.db.writer() as session:
        review_pending(session, shop_id=shop.shop_id)
        session.commit()


def simulate(store: RunningStore, shop: StoreClient, count: int, seed: int = 7, prepaid_share: float = 0.3) -> list[str]:
    import random

    from gianhang_server.simulate import simulate_orders

    with store.db.writer() as session:
        orders = simulate_orders(session, shop.shop_id, count, random.Random(seed), prepaid_share)
        codes = [o.code for o in orders]
        session.commit()
    return codes


def advance(store: RunningStore, shop: StoreClient, action: str, codes: list[str] | None = None) -> None:
    from gianhang_server.simulate import advance_orders

    with store.db.writer() as session:
        advance_orders(session, shop.shop_id, action, codes)
        session.commit()


@pytest.fixture
def server_cli(capsys):
    """Run ``gianhang-server ARGS…`` in-process; returns (exit code, stdout, stderr)."""
    from gianhang_server.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
