"""The quick start: the first products are shown before the database opens, then it takes over unnoticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.catalog.browse import product_ids
from gianhang_desktop.core.catalog.first_page import read_first_page
from gianhang_desktop.core.settings import Settings

BARCODE = "8934567890120"  # VT-001 in the catalogue fixture (conftest.py)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def opening(qapp, catalogue, data_dir):
    """An application context whose database is not open yet, with a first page of 10 products."""
    from gianhang_desktop.gui.context import AppContext, SettingsHub
    from gianhang_desktop.gui.language import install_language
    from gianhang_desktop.gui.tasks import TaskRunner

    install_language("vi")
    tasks = TaskRunner()
    ctx = AppContext(db=None, tasks=tasks, settings=SettingsHub(data_dir, Settings()))
    first = read_first_page(data_dir, size=10)
    assert first is not None
    ctx.startup.first_page = first
    yield ctx, catalogue
    tasks.shutdown()
    ctx.close()


def sku_at(model, row: int):
    return model.data(model.index(row, [c.key for c in model.columns].index("sku")))


def test_the_first_page_shows_then_the_database_takes_over_without_a_reset(qtbot, opening):
    from gianhang_desktop.gui.products.page import ProductsPage

    ctx, db = opening
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.ready, timeout=5000):  # emitted once the view painted the rows
        page.show()
    model = page.model
    ids = product_ids(db)
    assert model.rowCount() == 25 and model.showing_first_page  # the scroll bar has its full length
    assert sku_at(model, 0) == catalog.get_product_by_id(db, ids[0]).sku
    assert sku_at(model, 20) is None  # past the first page: empty until the database is open
    assert page.count_label.text() == "25 sản phẩm"
    page.table.selectRow(3)
    chosen = page.table.current_id()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    ctx.set_database(db)
    qtbot.waitUntil(lambda: not model.showing_first_page, timeout=5000)
    assert resets == []  # the clerk's place and selection are kept
    assert page.table.current_id() == chosen == ids[3]
    assert [sku_at(model, row) for row in (0, 20, 24)] == [
        catalog.get_product_by_id(db, ids[row]).sku for row in (0, 20, 24)]
    qtbot.waitUntil(lambda: page.category.count() > 1, timeout=5000)  # categories once it is open


def test_a_scan_while_the_database_opens_is_answered_once_it_is(qtbot, opening):
    from gianhang_desktop.gui.products.page import ProductsPage

    ctx, db = opening
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.handle_scan(BARCODE)  # the scanner does not wait for the database
    assert page.table.current_id() is None
    ctx.set_database(db)
    wanted = catalog.get_product(db, "VT-001").id
    qtbot.waitUntil(lambda: page.table.current_id() == wanted, timeout=5000)


def test_the_window_builds_other_pages_once_the_database_is_open(qtbot, opening):
    from gianhang_desktop.gui.main_window import MainWindow
    from gianhang_desktop.gui.pages import PAGES

    ctx, db = opening
    window = MainWindow(ctx, start_page="products")
    qtbot.addWidget(window)
    window.persist_state = False
    window.show()
    assert not window.import_action.isEnabled()
    assert window.statusBar().currentMessage() == "Đang mở dữ liệu…"
    window.sidebar.setCurrentRow([p.key for p in PAGES].index("stock"))
    assert "stock" not in window.pages  # nothing built on a database that is not there yet
    ctx.set_database(db)
    assert window.current_page_key() == "stock" and window.stack.currentWidget() is window.pages["stock"]
    assert window.import_action.isEnabled() and window.statusBar().currentMessage() == ""


def test_the_first_paint_needs_no_database_layer():
    """What the window imports before its first paint must not pull in SQLAlchemy (docs/performance.md)."""
    code = (
        "import sys\n"
        "import gianhang_desktop.gui.app, gianhang_desktop.gui.main_window, gianhang_desktop.gui.tasks\n"
        "import gianhang_desktop.gui.products.page, gianhang_desktop.gui.theme, gianhang_desktop.gui.language\n"
        "import gianhang_desktop.core.catalog.first_page, gianhang_desktop.core.logs\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'PIL')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.sqlite_only("the quick start reads the SQLite file directly")
def test_main_paints_the_first_products_before_loading_the_database_layer(data_dir, db):
    catalog.add_product(db, "VT-001", "Vải thiều Thanh Hà", 120_000, unit="kg")
    db.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), "--exit-when-ready"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("READY ")
    log = (data_dir / "logs" / "gianhang.log").read_text(encoding="utf-8")
    assert "Page products painted" in log and "(database layer loaded: False)" in log


def test_the_model_is_a_valid_qt_model_while_showing_the_first_page(qtmodeltester, opening):
    from gianhang_desktop.gui.products.model import ProductTableModel

    ctx, _db = opening
    model = ProductTableModel(ctx)
    model.show_first_page(ctx.startup.first_page)
    assert model.rowCount() == 25 and model.showing_first_page
    qtmodeltester.check(model, force_py=True)


def test_the_faster_pyside_module_check_gives_pysides_own_answers():
    """gui/pyside_start.py reads bytes where PySide6 reads the source: the answers must not change."""
    import importlib

    import shibokensupport.feature as feature

    from gianhang_desktop.gui import pyside_start

    assert pyside_start.install() and pyside_start.install()  # idempotent
    fast = feature._mod_uses_pyside
    assert getattr(fast, "original", None) is not None
    names = ["json", "sqlite3", "sqlalchemy.orm", "gianhang_desktop.core.catalog.browse",
             "gianhang_desktop.gui.main_window", "gianhang_desktop.gui.products.model", "PySide6.QtCore"]
    modules = [importlib.import_module(name) for name in names]
    answers = [fast(module) for module in modules]
    assert answers == [fast.original(module) for module in modules]
    assert answers[:4] == [False] * 4 and answers[4:6] == [True, True]  # the check still tells them apart


def test_one_failing_waiter_does_not_keep_the_others_from_the_database(opening):
    ctx, db = opening
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("Internal C++ object already deleted")  # a widget closed meanwhile

    ctx.when_database(lambda: ran.append("first"))
    ctx.when_database(broken)
    ctx.when_database(lambda: ran.append("last"))
    ctx.set_database(db)
    assert ran == ["first", "last"]
    ctx.when_database(lambda: ran.append("now"))  # once open, at once
    assert ran == ["first", "last", "now"]
