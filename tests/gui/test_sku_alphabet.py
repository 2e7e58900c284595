"""The product editor refuses a SKU outside the SKU alphabet beside the field, and saves nothing."""

from __future__ import annotations

import pytest

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.gui.products.editor import ProductEditor


@pytest.mark.parametrize("sku, shown", [("X/../VT-2", "'/'"), ("VT..2", ".."), ("Chè-01", "'è'")])
def test_a_bad_sku_is_refused_in_place(qtbot, ctx, no_modal_dialogs, sku, shown):
    before = len(catalog.list_products(ctx.db, include_archived=True))
    editor = ProductEditor(ctx, None, {})
    qtbot.addWidget(editor)
    editor.sku.setText(sku)
    editor.sku.editingFinished.emit()  # leaving the field
    assert shown in editor.errors["sku"].text()
    editor.name.setText("Chè Thái Nguyên đặc biệt 200g")
    editor.price.setText("185.000")
    editor.save()
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=5000)  # the save came back refused
    assert shown in editor.errors["sku"].text()
    assert len(catalog.list_products(ctx.db, include_archived=True)) == before
    assert no_modal_dialogs == []
    editor.sku.setText("VT-02")
    editor.sku.editingFinished.emit()
    assert editor.errors["sku"].text() == ""
