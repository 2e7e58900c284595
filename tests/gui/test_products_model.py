"""The products table model: Qt's model tester, paging, and refreshing exactly the changed rows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.browse import (
    BrowseFilters,
    BrowseSort,
    product_ids,
    product_rows,
)
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.gui.products.model import ProductTableModel


def test_model_passes_qt_model_tester(qtbot, qtmodeltester, ctx, wait_loaded):
    model = ProductTableModel(ctx)
    model.reload()
    wait_loaded(model)
    qtmodeltester.check(model)
    assert model.rowCount() == 25


def test_rows_show_vietnamese_money_and_numbers(qtbot, ctx, wait_loaded):
    model = ProductTableModel(ctx)
    model.reload()
    wait_loaded(model)
    keys = [c.key for c in model.columns]
    row = model.row_of(catalog.get_product(ctx.db, "VT-001").id)
    assert model.index(row, keys.index("price")).data() == "120.000 ₫"
    assert model.index(row, keys.index("on_hand")).data() == "50"
    assert model.index(row, keys.index("status")).data() == "Đang bán"
    assert model.index(row, keys.index("photo")).data(Qt.ItemDataRole.DecorationRole) is None


def test_a_stock_change_refetches_only_that_row(qtbot, ctx, wait_loaded):
    model = ProductTableModel(ctx)
    model.reload()
    wait_loaded(model)
    for r in range(model.rowCount()):
        model.index(r, 1).data()
    pid = catalog.get_product(ctx.db, "SP-007").id
    fetched: list = []
    model.rows_fetched.connect(fetched.append)
    reloads: list = []
    model.loading_changed.connect(reloads.append)
    with qtbot.waitSignal(ctx.changes, timeout=5000):
        ctx.tasks.write(lambda _p, _c: stock.receive_stock(ctx.db, "SP-007", 1234))
    assert fetched == [[pid]]
    assert reloads == []
    keys = [c.key for c in model.columns]
    assert model.index(model.row_of(pid), keys.index("on_hand")).data() == "1.234"


def test_adding_a_product_reloads_ids(qtbot, ctx, wait_loaded):
    model = ProductTableModel(ctx)
    model.reload()
    wait_loaded(model)
    with qtbot.waitSignal(model.ids_loaded, timeout=5000):
        ctx.tasks.write(lambda _p, _c: catalog.add_product(ctx.db, "MOI-1", "Mật ong mới", 99_000))
    assert model.rowCount() == 26


def test_core_browse_filters_and_sorts_in_sql(catalogue):
    db = catalogue
    assert len(product_ids(db)) == 25
    by_price = product_rows(db, product_ids(db, sort=BrowseSort("price", descending=True)))
    assert [r.price for r in by_price] == sorted((r.price for r in by_price), reverse=True)
    assert product_ids(db, "vai thieu") == [catalog.get_product(db, "VT-001").id]
    assert product_ids(db, "8934567890120", sort=BrowseSort(None)) == [catalog.get_product(db, "VT-001").id]
    assert len(product_ids(db, filters=BrowseFilters(category="Khác"))) == 24
    assert product_ids(db, filters=BrowseFilters(expiring_within_days=10_000)) == [catalog.get_product(db, "VT-001").id]
    stock.adjust_stock(db, "VT-001", -47, reason="Kiểm kê")
    assert product_ids(db, filters=BrowseFilters(low_stock=True)) == [catalog.get_product(db, "VT-001").id]
    catalog.archive_product(db, "SP-002")
    assert len(product_ids(db)) == 24
    assert len(product_ids(db, filters=BrowseFilters(status="archived"))) == 1
