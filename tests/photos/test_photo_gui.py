"""The photos panel and page, offscreen, on a real database: drop, import, reorder, cover, delete."""

from __future__ import annotations

import json
import threading

import pytest
from PIL import Image

pytest.importorskip("PySide6")

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QUrl  # noqa: E402
from PySide6.QtCore import QItemSelectionModel as Sel  # noqa: E402

from gianhang_desktop.core.catalog.service import add_product  # noqa: E402
from gianhang_desktop.core.photos import service  # noqa: E402
from gianhang_desktop.gui.photos.model import ROW_MIME, PhotoListModel  # noqa: E402
from gianhang_desktop.gui.photos.page import PhotosPage  # noqa: E402
from gianhang_desktop.gui.photos.panel import PhotosPanel  # noqa: E402


def picture(folder, name, colour, size=(900, 700)):
    path = folder / name
    Image.new("RGB", size, colour).save(path)
    return path


@pytest.fixture
def panel(qtbot, db, ctx):
    add_product(db, "VT-001", "Vải thiều Thanh Hà", 65000)
    widget = PhotosPanel(ctx)
    qtbot.addWidget(widget)
    widget.resize(820, 520)
    with qtbot.waitSignal(widget.photos_loaded, timeout=10_000):
        widget.set_product("VT-001")
    return widget


def shown(panel):
    return [p.original_name for p in panel.model.photos()]


def names(db):
    return [p.original_name for p in service.list_photos(db, "VT-001")]


def drop_urls(model, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return model.dropMimeData(mime, None, -1, -1, QModelIndex())


def test_dropped_files_import_in_the_background_and_show_thumbnails(qtbot, panel, db, tmp_path):
    files = [picture(tmp_path, f"IMG_{i}.jpg", (40 * i, 120, 90)) for i in range(3)]
    small = picture(tmp_path, "nho.jpg", (200, 40, 40), size=(300, 200))
    gui_thread = threading.current_thread()
    calls = []
    panel.model.files_dropped.connect(lambda paths: calls.append(threading.current_thread()))

    with qtbot.waitSignal(panel.import_finished, timeout=60_000) as finished:
        drop_urls(panel.model, [*files, small])
        assert panel.progress.isVisibleTo(panel) and panel.cancel_button.isVisibleTo(panel)
    report = finished.args[0]
    assert [o.status for o in report.outcomes] == ["ok", "ok", "ok", "flagged"]
    assert calls == [gui_thread]
    assert not panel.progress.isVisibleTo(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4, timeout=10_000)  # re-read off the GUI thread
    assert "⚠" in panel.model.data(panel.model.index(3)) and "Ảnh bìa" in panel.model.data(
        panel.model.index(0)
    )
    assert "500" in panel.model.data(panel.model.index(3), 3)  # tooltip explains the flag
    # Thumbnails arrive from the worker thread, then the grid has pixmaps.
    qtbot.waitUntil(
        lambda: all(panel.model.data(panel.model.index(r), 1) is not None for r in range(4)),
        timeout=10_000,
    )
    panel.grab().save(str(tmp_path / "panel.png"))


def test_cancel_attaches_nothing(qtbot, panel, db, tmp_path):
    files = [picture(tmp_path, f"p{i}.jpg", (i * 30, 60, 60), size=(1600, 1200)) for i in range(8)]
    finished = []
    panel.import_finished.connect(finished.append)
    job = panel.import_files(files)
    with qtbot.waitSignal(job.cancelled, timeout=60_000):
        job.cancel()
    assert finished == [] and not job.running
    assert "huỷ" in panel.status.text()
    assert names(db) == [] and panel.model.rowCount() == 0


def test_drag_to_reorder_set_cover_and_delete_update_the_core(qtbot, panel, db, tasks, tmp_path):
    service.attach_photos(
        db,
        "VT-001",
        [picture(tmp_path, f"{c}.jpg", (i * 60, 80, 80)) for i, c in enumerate("abcd")],
    )
    with qtbot.waitSignal(panel.photos_loaded, timeout=10_000):
        panel.reload()
    changed = []
    tasks.changes_happened.connect(changed.append)  # the writer announces; the panel reloads from it

    # Drag row 3 (d) in front of row 0.
    mime = QMimeData()
    mime.setData(ROW_MIME, QByteArray(json.dumps([3]).encode()))
    with qtbot.waitSignal(tasks.changes_happened, timeout=10_000):
        panel.model.dropMimeData(mime, None, 0, 0, QModelIndex())
    assert names(db) == ["d.jpg", "a.jpg", "b.jpg", "c.jpg"]
    qtbot.waitUntil(lambda: shown(panel) == names(db), timeout=10_000)
    product_id = service.list_photos(db, "VT-001")[0].product_id
    assert changed[-1].photos == {product_id}

    panel.grid.selectionModel().select(panel.model.index(2), Sel.SelectionFlag.ClearAndSelect)
    assert panel.cover_button.isEnabled()
    with qtbot.waitSignal(tasks.changes_happened, timeout=10_000):
        panel.cover_button.click()
    assert names(db) == ["b.jpg", "d.jpg", "a.jpg", "c.jpg"]
    qtbot.waitUntil(lambda: shown(panel) == names(db), timeout=10_000)

    selection = panel.grid.selectionModel()
    selection.select(panel.model.index(1), Sel.SelectionFlag.ClearAndSelect)
    selection.select(panel.model.index(3), Sel.SelectionFlag.Select)
    with qtbot.waitSignal(tasks.changes_happened, timeout=10_000):
        panel.delete_button.click()
    assert names(db) == ["b.jpg", "a.jpg"]
    qtbot.waitUntil(lambda: shown(panel) == ["b.jpg", "a.jpg"], timeout=10_000)


def test_photo_work_queues_on_the_windows_one_database_writer(qtbot, panel, db, tasks, tmp_path):
    """An import and a catalogue edit made meanwhile never write at the same time: the edit waits."""
    from gianhang_desktop.core.catalog.service import get_product, update_product

    files = [picture(tmp_path, f"big{i}.jpg", (i * 40, 90, 90), size=(2400, 1800)) for i in range(6)]
    order = []
    panel.import_finished.connect(lambda _report: order.append("photos"))
    assert panel.import_files(files) is not None
    tasks.write(lambda _p, _c: update_product(db, "VT-001", price=70_000)).succeeded.connect(
        lambda _r: order.append("price"))
    qtbot.waitUntil(lambda: len(order) == 2, timeout=60_000)
    assert order == ["photos", "price"]
    assert get_product(db, "VT-001").price == 70_000 and len(names(db)) == 6


def test_order_after_move():
    move = PhotoListModel.order_after_move
    assert move(4, [3], 0) == [4, 1, 2, 3]
    assert move(4, [0], 4) == [2, 3, 4, 1]
    assert move(4, [0, 1], 3) == [3, 1, 2, 4]
    assert move(3, [1], 1) == [1, 2, 3]


def test_page_imports_a_folder_and_lists_results(qtbot, db, ctx, tasks, tmp_path):
    add_product(db, "VT-001", "Vải thiều", 65000)
    folder = tmp_path / "the"
    folder.mkdir()
    picture(folder, "VT-001_1.jpg", (10, 200, 10))
    picture(folder, "vt-001 (2).jpg", (10, 10, 200))
    picture(folder, "IMG_0001.jpg", (200, 10, 10))
    page = PhotosPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(tasks.changes_happened, timeout=60_000):
        page.import_folder(folder)
    assert page.results.rowCount() == 3
    cells = {page.results.item(r, 0).text(): page.results.item(r, 1).text() for r in range(3)}
    assert cells["IMG_0001.jpg"] == "Không khớp SKU"
    assert cells["VT-001_1.jpg"] == "Đã thêm"
    page.results.selectRow(0)
    qtbot.waitUntil(lambda: page.panel.model.rowCount() == 2, timeout=10_000)
    page.show_product("KHONG-CO")
    qtbot.waitUntil(lambda: "KHONG-CO" in page.panel.status.text(), timeout=10_000)


def test_cover_thumbnails_for_the_products_table(qtbot, db, ctx, tmp_path):
    from gianhang_desktop.gui.photos.covers import CoverThumbnails

    with_photo, _ = add_product(db, "VT-001", "Vải thiều", 65000)
    without, _ = add_product(db, "MO-12", "Mật ong", 1000)
    service.attach_photos(db, "VT-001", [picture(tmp_path, "a.jpg", (200, 10, 10))])
    covers = CoverThumbnails(db, ctx.thumbnails)
    covers.prefetch([with_photo.id, without.id])
    assert covers.decoration(without.id) is None
    with qtbot.waitSignal(covers.cover_ready, timeout=10_000) as ready:
        assert covers.decoration(with_photo.id) is None  # queued, read off the GUI thread
    assert ready.args == [with_photo.id]
    pixmap = covers.decoration(with_photo.id)
    assert pixmap is not None and pixmap.width() == 40
    # A new cover after a change: invalidate, and the new picture is looked up.
    service.attach_photos(db, "MO-12", [picture(tmp_path, "b.jpg", (10, 10, 200))])
    covers.invalidate([without.id])
    with qtbot.waitSignal(covers.cover_ready, timeout=10_000):
        covers.decoration(without.id)


def test_dropping_a_folder_on_the_page_imports_it(qtbot, db, ctx, tasks, tmp_path):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDropEvent

    add_product(db, "MO-12", "Mật ong", 1000)
    folder = tmp_path / "drop"
    folder.mkdir()
    picture(folder, "MO-12_1.jpg", (10, 200, 10))
    page = PhotosPage(ctx)
    qtbot.addWidget(page)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(tasks.changes_happened, timeout=60_000):
        page.dropEvent(event)
    assert [p.original_name for p in service.list_photos(db, "MO-12")] == ["MO-12_1.jpg"]
