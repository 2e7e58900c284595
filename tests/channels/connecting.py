"""Building a real connector against a running simulator (the app's own registry and token keeper)."""

from __future__ import annotations

import importlib
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gianhang_desktop.core.channels.connector import AccountRef, ChannelConnector
from gianhang_desktop.core.channels.credentials import ChannelSecrets
from gianhang_desktop.core.channels.http import HttpOptions
from gianhang_desktop.core.channels.model import TokenPair
from gianhang_desktop.core.channels.registry import make_connector

# Almost no backoff: the simulators answer at once unless a fault is injected; a 2 s read time-out
# leaves room for a loaded machine, and an injected time-out holds its answer for 8 s.
FAST = HttpOptions(timeout=(2.0, 2.0), retries=3, backoff_factor=0.01, backoff_max=0.05, jitter=0.0)


@dataclass
class Connected:
    connector: ChannelConnector
    saved: list[TokenPair] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def connect(sim, *, http: HttpOptions = FAST, name: str = "test") -> Connected:
    """A connector for `sim` built from the JSON `channel add` would read, recording saved pairs."""
    creds = dict(sim.credentials())
    pair = TokenPair(creds.pop("access_token"), creds.pop("refresh_token"))
    record = Connected(None)  # type: ignore[arg-type]

    def save(new: TokenPair) -> None:
        record.events.append("saved " + new.access_token)
        record.saved.append(new)

    account = AccountRef(name=name, platform=sim.platform, shop_id=sim.shop_id, base_url=sim.url)
    record.connector = make_connector(account, ChannelSecrets(creds, pair), save_tokens=save, http=http)
    return record


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout



@contextmanager
def running(platform: str) -> Iterator:
    """A started simulator of `platform` (tests/channels/simulators/<platform>.py), stopped after."""
    sim = importlib.import_module(f"tests.channels.simulators.{platform}").start()
    try:
        yield sim
    finally:
        sim.stop()


@contextmanager
def connected(sim) -> Iterator[Connected]:
    """A connector to `sim`, closed after."""
    record = connect(sim)
    try:
        yield record
    finally:
        record.connector.close()


def simulator_fixtures(platform: str):
    """The `sim` (a running simulator) and `shop` (a connector to it) fixtures of one platform:
    ``sim, shop = simulator_fixtures("lazada")`` at the top of a test module."""

    @pytest.fixture
    def sim():
        with running(platform) as simulator:
            yield simulator

    @pytest.fixture
    def shop(sim):
        with connected(sim) as record:
            yield record

    return sim, shop
