"""The window on a read-only data folder shows a banner; a save there, or on a full disk, shows the
one clear message and changes nothing. (The real start as a process bound by a read-only folder is
in tests/release/test_read_only.py.)"""

from __future__ import annotations

import pytest

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.disk import DiskFull, ReadOnlyFolder
from gianhang_desktop.core.settings import Settings
from gianhang_desktop.gui.language import install_language
from gianhang_desktop.gui.products.editor import ProductEditor
from tests.release.diskfaults import full_disk


@pytest.fixture
def read_only_ctx(qapp, catalogue, data_dir):
    from gianhang_desktop.gui.context import AppContext, SettingsHub
    from gianhang_desktop.gui.tasks import TaskRunner

    install_language("vi")
    db = Database.open(data_dir, read_only=True)
    tasks = TaskRunner()
    yield AppContext(db=db, tasks=tasks, settings=SettingsHub(data_dir, Settings()))
    tasks.shutdown()
    db.dispose()
    install_language("vi")


def test_the_banner_says_the_folder_is_read_only_in_both_languages(qtbot, read_only_ctx, data_dir):
    from gianhang_desktop.gui.main_window import MainWindow

    window = MainWindow(read_only_ctx, start_page="products")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    banner = window.read_only_banner
    assert banner.isVisible() and str(data_dir) in banner.text() and "chỉ cho phép đọc" in banner.text()
    assert not window.import_action.isEnabled()
    install_language("en")
    qtbot.waitUntil(lambda: "read-only" in banner.text(), timeout=3000)
    assert str(data_dir) in banner.text()


def test_a_normal_folder_has_no_banner(qtbot, ctx):
    from gianhang_desktop.gui.main_window import MainWindow

    window = MainWindow(ctx, start_page="products")
    qtbot.addWidget(window)
    window.show()
    assert not window.read_only_banner.isVisible()


def _save_price(qtbot, ctx, sku: str, price: str) -> ProductEditor:
    editor = ProductEditor(ctx, catalog.get_product(ctx.db, sku), {})
    qtbot.addWidget(editor)
    editor.price.setText(price)
    editor.save()
    qtbot.waitUntil(lambda: not editor._saving, timeout=5000)
    return editor


def test_saving_on_a_read_only_folder_shows_the_one_message(qtbot, read_only_ctx, catalogue, no_modal_dialogs):
    _save_price(qtbot, read_only_ctx, "SP-005", "77k")
    assert len(no_modal_dialogs) == 1 and isinstance(no_modal_dialogs[0], ReadOnlyFolder)
    assert catalog.get_product(catalogue, "SP-005").price == 50_000


def test_saving_on_a_full_disk_shows_the_one_message(qtbot, ctx, data_dir, tmp_path, no_modal_dialogs):
    with full_disk(tmp_path, "injected") as disk:
        disk.root = data_dir  # the data folder's disk is the full one
        disk.fill()
        _save_price(qtbot, ctx, "SP-005", "77k")
    assert len(no_modal_dialogs) == 1 and isinstance(no_modal_dialogs[0], DiskFull)
    assert "Ổ đĩa đã đầy" in str(no_modal_dialogs[0])
    assert catalog.get_product(ctx.db, "SP-005").price == 50_000


def test_a_disk_filled_while_closed_opens_read_only_with_its_banner(qtbot, qapp, tmp_path, template_dir, monkeypatch,
                                                                     no_modal_dialogs):
    """The database cannot be opened for writing (no room for its WAL index): the window still
    shows the data, says the disk is full (not 'read-only folder'), and a save says so too."""
    import shutil

    from gianhang_desktop.core.paths import DB_FILENAME
    from gianhang_desktop.gui.context import AppContext, SettingsHub
    from gianhang_desktop.gui.main_window import MainWindow
    from gianhang_desktop.gui.tasks import TaskRunner
    from tests.release.diskfaults import inject_no_room_for_the_wal_index

    with full_disk(tmp_path, "tmpfs") as disk:
        folder = disk.root / "data"
        folder.mkdir()
        shutil.copy2(template_dir / DB_FILENAME, folder / DB_FILENAME)
        setup = Database.open(folder)
        catalog.add_product(setup, "SP-005", "Sản phẩm mẫu 5", 50_000)
        setup.dispose()
        if disk.mode == "injected":
            inject_no_room_for_the_wal_index(folder, monkeypatch)
        disk.fill()
        install_language("vi")
        db = Database.open(folder)
        tasks = TaskRunner()
        ctx = AppContext(db=db, tasks=tasks, settings=SettingsHub(folder, Settings()))
        try:
            assert db.read_only and isinstance(db.write_refusal, DiskFull)
            window = MainWindow(ctx, start_page="products")
            qtbot.addWidget(window)
            window.show()
            banner = window.read_only_banner
            assert banner.isVisible() and "đã đầy" in banner.text() and str(folder) in banner.text()
            install_language("en")
            qtbot.waitUntil(lambda: "is full" in banner.text(), timeout=3000)
            install_language("vi")
            _save_price(qtbot, ctx, "SP-005", "77k")
            assert len(no_modal_dialogs) == 1 and isinstance(no_modal_dialogs[0], DiskFull)
            assert catalog.get_product(db, "SP-005").price == 50_000
        finally:
            tasks.shutdown()
            db.dispose()
            install_language("vi")
