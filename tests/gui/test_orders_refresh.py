"""The orders page in the window: a change it makes itself refreshes its list once (issue 15)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from gianhang_desktop.core.orders import service
from gianhang_desktop.gui.pages import page_by_key
from tests.orders.helpers import draft, stock_up


def test_a_status_change_made_on_the_orders_page_refreshes_it_once(qtbot, ctx):
    stock_up(ctx.db)
    code = service.add_order(ctx.db, draft(("XOAI-1", 2)))[0].code
    page = page_by_key("orders").factory(ctx)
    qtbot.addWidget(page)
    page.show_error = lambda text: None
    refreshed: list[set[int]] = []
    refresh = page.model.refresh_ids
    page.model.refresh_ids = lambda ids: (refreshed.append(set(ids)), refresh(ids))[1]
    with qtbot.waitSignal(page.order_shown, timeout=10_000):
        page.table.selectRow(0)
    with qtbot.waitSignal(ctx.changes, timeout=10_000) as announced:
        page.findChild(QPushButton, "to_confirmed").click()
    order_id = service.get_order(ctx.db, code).id
    assert announced.args[0].orders == {order_id}
    assert refreshed == [{order_id}]  # once, not once by the page and again from ctx.changes
    assert page.model.order_at(0).status == "confirmed"
