"""The product editor saves through the task runner; the table refreshes just that row."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.gui import widgets
from gianhang_desktop.gui.products.editor import ProductEditor
from gianhang_desktop.gui.products.page import ProductsPage


def test_editing_a_product_updates_its_row_only(qtbot, ctx, wait_loaded):
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    wait_loaded(page.model)
    qtbot.waitUntil(lambda: page._ready, timeout=5000)  # the first page of rows is painted
    view = catalog.get_product(ctx.db, "SP-005")
    editor = ProductEditor(ctx, view, {}, page)
    qtbot.addWidget(editor)
    editor.price.setText("77k")
    fetched: list = []
    page.model.rows_fetched.connect(fetched.append)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: fetched != [], timeout=5000)
    qtbot.wait(200)
    assert fetched == [[view.id]]  # that row only: no reload, no other page
    keys = [c.key for c in page.model.columns]
    row = page.model.row_of(view.id)
    assert page.model.index(row, keys.index("price")).data() == "77.000 ₫"
    assert catalog.get_product(ctx.db, "SP-005").price == 77_000


def test_validation_message_appears_beside_the_field(qtbot, ctx, wait_loaded, no_modal_dialogs):
    editor = ProductEditor(ctx, catalog.get_product(ctx.db, "SP-003"), {})
    qtbot.addWidget(editor)
    editor.barcode.setText("8934567890129")  # wrong check digit
    editor.save()
    qtbot.waitUntil(lambda: editor.errors["barcode"].text() != "", timeout=5000)
    assert "8934567890129" in editor.errors["barcode"].text()
    assert editor.isVisible() is False or editor.result() == 0
    assert no_modal_dialogs == []


def test_new_product_with_every_field(qtbot, ctx, wait_loaded):
    editor = ProductEditor(ctx, None, {"barcode": "8930000000019"})
    qtbot.addWidget(editor)
    editor.sku.setText("MO-NEW")
    editor.name.setText("Mật ong hoa cà phê")
    editor.price.setText("150.000")
    editor.cost.setText("90k")
    editor.unit.setCurrentText("chai")
    editor.weight_g.setValue(500)
    editor.length_cm.setValue(8)
    editor.province_code.lineEdit().setText("dak lak")
    editor.province_code.lineEdit().editingFinished.emit()
    assert editor.province_code.currentText() == "Đắk Lắk"
    editor.ward_code.setCurrentIndex(1)
    editor.ocop_stars.setCurrentIndex(editor.ocop_stars.findData(4))
    editor.add_cert.click()
    editor.cert_table.item(0, 1).setText("VG-123")
    editor.cert_table.item(0, 3).setText("31/12/2027")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    p = catalog.get_product(ctx.db, "MO-NEW")
    assert (p.price, p.cost, p.unit, p.barcode, p.weight_g, p.ocop_stars) == (150_000, 90_000, "chai", "8930000000019", 500, 4)
    assert p.province_code == editor.province_code.code() and p.ward_code is not None
    assert p.certifications[0].number == "VG-123" and p.certifications[0].expiry_date.year == 2027


def test_unsaved_changes_are_not_lost_without_asking(qtbot, ctx, wait_loaded, monkeypatch):
    editor = ProductEditor(ctx, catalog.get_product(ctx.db, "SP-004"), {})
    qtbot.addWidget(editor)
    editor.show()
    asked: list = []
    monkeypatch.setattr(widgets.Confirm, "ask", classmethod(lambda cls, p, t, x: asked.append(t) or False))
    editor.name.setText("Đổi tên")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and editor.isVisible()
    monkeypatch.setattr(widgets.Confirm, "ask", classmethod(lambda cls, p, t, x: True))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
