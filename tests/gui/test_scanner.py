"""A barcode scan selects the product, offers to create unknown ones, and adds up in the receive dialog."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.gui import scanner, widgets
from gianhang_desktop.gui.products.page import ProductsPage
from gianhang_desktop.gui.stock.dialogs import StockDialog

BARCODE = "8934567890120"


@pytest.fixture(autouse=True)
def wedge_clock(monkeypatch):
    """The keys a test sends come 5 ms apart, as a scanner's do, however loaded the machine is (the
    scanner tells a scan from typing by the time between keys: real time made these tests flaky)."""
    ticks = itertools.count()
    monkeypatch.setattr(scanner, "time", SimpleNamespace(monotonic=lambda: next(ticks) * 0.005))


def _page(qtbot, ctx, wait_loaded) -> ProductsPage:
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    wait_loaded(page.model)
    return page


def test_a_scan_on_the_table_selects_the_product(qtbot, ctx, wait_loaded):
    page = _page(qtbot, ctx, wait_loaded)
    page.table.setFocus()
    pid = catalog.get_product(ctx.db, "VT-001").id
    qtbot.keyClicks(page.table, BARCODE)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.current_id() == pid, timeout=5000)


def test_enter_in_the_search_box_with_an_exact_code_selects_it(qtbot, ctx, wait_loaded):
    page = _page(qtbot, ctx, wait_loaded)
    pid = catalog.get_product(ctx.db, "SP-010").id
    qtbot.keyClicks(page.search, "sp-010")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.current_id() == pid, timeout=5000)


def test_an_unknown_code_offers_a_new_product_with_that_barcode(qtbot, ctx, wait_loaded, monkeypatch):
    page = _page(qtbot, ctx, wait_loaded)
    asked: list = []
    monkeypatch.setattr(widgets.Confirm, "ask", classmethod(lambda cls, p, t, text: asked.append(text) or True))
    opened: list = []
    monkeypatch.setattr(page, "open_editor", lambda pid, prefill=None: opened.append(prefill))
    page.handle_scan("8930000000019")
    qtbot.waitUntil(lambda: opened != [], timeout=5000)
    assert "8930000000019" in asked[0]
    assert opened == [{"barcode": "8930000000019"}]


def test_repeated_scans_in_the_receive_dialog_add_up(qtbot, ctx, wait_loaded):
    dialog = StockDialog(ctx, "receive")
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(3):
        qtbot.keyClicks(dialog.code, BARCODE)
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.product is not None, timeout=5000)
        dialog.code.clear()
    assert dialog.product.sku == "VT-001"
    assert dialog.quantity.value() == 3
    dialog.lot.setText("L2")
    with qtbot.waitSignal(ctx.changes, timeout=5000):
        dialog.submit()
    assert catalog.get_product(ctx.db, "VT-001").on_hand == 53
