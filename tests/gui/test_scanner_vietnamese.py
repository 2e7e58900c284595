"""A scanner typing through Unikey/EVKey in the window: found anyway, and the clerk is told once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.gui import scanner
from gianhang_desktop.gui.stock.dialogs import StockDialog
from tests.gui.test_scanner import _page, wedge_clock  # noqa: F401 - the scanner's clock, as there


def type_text(widget, text: str) -> None:
    """Key presses carrying `text` one character at a time, as a keyboard wedge (through Unikey) sends
    them; QTest.keyClicks only knows ASCII."""
    for ch in text:
        key = ord(ch.upper()) if ch.isascii() and ch.isalnum() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def _notices(monkeypatch) -> list:
    shown: list = []
    monkeypatch.setattr(scanner.VietnameseTypingNotice, "show",
                        classmethod(lambda cls, parent, scanned, meant: shown.append((scanned, meant))))
    return shown


def test_a_telex_changed_scan_selects_the_product_and_says_so_once(qtbot, ctx, wait_loaded, monkeypatch):
    catalog.add_product(ctx.db, "SW-100", "Sữa tươi", 30_000)
    shown = _notices(monkeypatch)
    page = _page(qtbot, ctx, wait_loaded)
    pid = catalog.get_product(ctx.db, "SW-100").id
    page.table.setFocus()
    type_text(page.table, "SƯ-100")  # what Unikey in Telex mode makes of S, W, -, 1, 0, 0
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.current_id() == pid, timeout=5000)
    assert shown == [("SƯ-100", "SW-100")]
    page.table.clearSelection()
    page.handle_scan("SƯ-100")
    qtbot.waitUntil(lambda: page.table.current_id() == pid, timeout=5000)
    assert len(shown) == 1  # once is enough


def test_the_keyboards_backspaces_do_not_break_a_scan(qtbot, ctx, wait_loaded, monkeypatch):
    catalog.add_product(ctx.db, "TOANS-1", "Bánh", 30_000)
    _notices(monkeypatch)
    page = _page(qtbot, ctx, wait_loaded)
    pid = catalog.get_product(ctx.db, "TOANS-1").id
    got: list = []
    page.scanner.scanned.connect(got.append)
    page.table.setFocus()
    # Unikey rewrites "AN" as "ÁN" when S arrives: two backspaces, then the new letters.
    qtbot.keyClicks(page.table, "TOAN")
    qtbot.keyClick(page.table, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.table, Qt.Key.Key_Backspace)
    type_text(page.table, "ÁN-1")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert got == ["TOÁN-1"]
    qtbot.waitUntil(lambda: page.table.current_id() == pid, timeout=5000)


def test_framing_characters_do_not_break_a_scan(qtbot, ctx, wait_loaded):
    page = _page(qtbot, ctx, wait_loaded)
    got: list = []
    page.scanner.scanned.connect(got.append)
    page.table.setFocus()
    type_text(page.table, "\x02]E08934567890120\x03")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert got and got[0].endswith("8934567890120")
    pid = catalog.get_product(ctx.db, "VT-001").id
    qtbot.waitUntil(lambda: page.table.current_id() == pid, timeout=5000)


def test_receive_dialog_counts_another_form_of_the_same_barcode(qtbot, ctx):
    dialog = StockDialog(ctx, "receive")
    qtbot.addWidget(dialog)
    dialog.show()
    for code in ("8934567890120", "]E08934567890120", "08934567890120"):
        qtbot.keyClicks(dialog.code, code)
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.product is not None, timeout=5000)
        dialog.code.clear()
    qtbot.waitUntil(lambda: dialog.quantity.value() == 3, timeout=5000)
    assert dialog.product.sku == "VT-001"
