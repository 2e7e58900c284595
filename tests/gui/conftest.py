"""Window fixtures: an application context on a copied test database, and no real message boxes."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pytestqt")

from gianhang_desktop.core.catalog import service as catalog  # noqa: E402
from gianhang_desktop.core.stock import service as stock  # noqa: E402

BARCODE = "8934567890120"


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """Record error dialogs and questions instead of blocking on them."""
    from gianhang_desktop.gui import tasks, widgets

    shown: list = []
    original = tasks.show_error

    def record(parent, error, details=""):
        shown.append(error)

    # Also where a module took the name itself (`from ..tasks import show_error`): a real message
    # box would block the test forever.
    for module in [m for name, m in sys.modules.items() if name.startswith("gianhang_desktop.gui")]:
        if getattr(module, "show_error", None) is original:
            monkeypatch.setattr(module, "show_error", record)
    monkeypatch.setattr(widgets.Confirm, "ask", classmethod(lambda cls, parent, title, text: False))
    return shown


@pytest.fixture
def catalogue(db):
    """A few products with stock: (VT-001 with a barcode, 24 more)."""
    catalog.add_product(db, "VT-001", "Vải thiều Thanh Hà", 120_000, unit="kg", barcode=BARCODE,
                        category="Trái cây", low_stock_threshold=5)
    stock.receive_stock(db, "VT-001", 50, lot="L1", expiry="2030-07-10")
    for i in range(2, 26):
        catalog.add_product(db, f"SP-{i:03d}", f"Sản phẩm mẫu {i}", 10_000 * i, category="Khác")
    return db


@pytest.fixture
def ctx(ctx, catalogue):
    """The application context (tests/conftest.py) on the small catalogue, in Vietnamese."""
    from gianhang_desktop.gui.language import install_language

    install_language("vi")
    yield ctx
    install_language("vi")


@pytest.fixture
def wait_loaded(qtbot):
    """wait_loaded(model): wait until the model's first id query has arrived."""

    def wait(model, timeout: int = 5000) -> None:
        qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=timeout)

    return wait
