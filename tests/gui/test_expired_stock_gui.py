"""Expired stock in the window: the stock page marks expired and held-back lots and writes off an
expired lot in one click; the dashboard shows "Đã hết hạn" apart from "Sắp hết hạn"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gianhang_desktop.core import clock
from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.stock import service as stock


@pytest.fixture
def expired_ctx(ctx):
    today = clock.today()
    catalog.add_product(ctx.db, "VAI-9", "Vải thiều sấy", 90_000, cost=50_000, stop_selling_days=3)
    stock.receive_stock(ctx.db, "VAI-9", 4, lot="OLD", expiry=today - timedelta(days=2), allow_expired=True)
    stock.receive_stock(ctx.db, "VAI-9", 5, lot="NEAR", expiry=today + timedelta(days=1))
    stock.receive_stock(ctx.db, "VAI-9", 6, lot="LATE", expiry=today + timedelta(days=60))
    return ctx


def _lot_rows(page):
    rows = {}
    for i in range(page.lots.topLevelItemCount()):
        parent = page.lots.topLevelItem(i)
        for j in range(parent.childCount()):
            rows[parent.child(j).text(1)] = parent.child(j)
    return rows


def test_stock_page_marks_expired_lots_and_writes_them_off_in_one_click(qtbot, expired_ctx):
    from gianhang_desktop.gui.stock.page import EXPIRED_COLOR, HELD_BACK_COLOR, StockPage

    page = StockPage(expired_ctx)
    qtbot.addWidget(page)
    page.show()
    product = catalog.get_product(expired_ctx.db, "VAI-9")
    qtbot.waitUntil(lambda: page.table.select_id(product.id), timeout=5000)
    qtbot.waitUntil(lambda: "OLD" in _lot_rows(page), timeout=5000)
    rows = _lot_rows(page)
    assert rows["OLD"].text(4) == "Đã hết hạn" and rows["OLD"].foreground(1).color() == EXPIRED_COLOR
    assert rows["NEAR"].text(4) == "Ngừng bán" and rows["NEAR"].foreground(1).color() == HELD_BACK_COLOR
    assert rows["LATE"].text(4) == ""
    page.lots.setCurrentItem(rows["LATE"])
    assert not page.write_off_button.isEnabled()
    page.lots.setCurrentItem(rows["OLD"])
    assert page.write_off_button.isEnabled() and "OLD" in page.write_off_button.text()
    with qtbot.waitSignal(page.written_off, timeout=5000) as done:
        page.write_off_button.click()
    assert [(m.lot, m.quantity, m.reason) for m in done.args[0]] == [("OLD", -4, "Hủy hàng hết hạn")]
    qtbot.waitUntil(lambda: "OLD" not in _lot_rows(page), timeout=5000)
    assert stock.stock_report(expired_ctx.db, "VAI-9").on_hand == 11


def test_stock_page_filters_products_with_expired_lots(qtbot, expired_ctx, wait_loaded):
    from gianhang_desktop.gui.stock.page import StockPage

    page = StockPage(expired_ctx)
    qtbot.addWidget(page)
    wait_loaded(page.model)
    page.expired.setChecked(True)
    product = catalog.get_product(expired_ctx.db, "VAI-9")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.id_at(0) == product.id


def test_dashboard_lists_expired_apart_from_expiring_soon(qtbot, expired_ctx):
    from gianhang_desktop.gui.dashboard.page import DashboardPage

    page = DashboardPage(expired_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page._data is not None, timeout=5000)
    expiring = {page.exp_table.item(r, 1).text() for r in range(page.exp_table.rowCount())}
    expired = [(page.expired_table.item(r, 0).text(), page.expired_table.item(r, 1).text())
               for r in range(page.expired_table.rowCount())]
    assert expired == [("Vải thiều sấy", "OLD")]
    assert "Vải thiều sấy" in expiring  # NEAR and LATE … but never the expired lot
    near = [r for r in range(page.exp_table.rowCount()) if page.exp_table.item(r, 1).text() == "Vải thiều sấy"]
    assert len(near) == 1  # only NEAR is within the warning days (LATE is 60 days out)
    assert page.expired_title.text() == "Đã hết hạn" and page.exp_title.text().startswith("Sắp hết hạn")
    assert page.expired_card.value.text() == "200.000 ₫"
