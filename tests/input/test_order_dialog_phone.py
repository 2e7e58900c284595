"""The order dialog offers the new number for an old 11-digit mobile number (issue #14, item 7)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QTableWidgetItem  # noqa: E402

from gianhang_desktop.core.orders import service  # noqa: E402
from gianhang_desktop.gui.orders.entry_dialog import ManualOrderDialog  # noqa: E402
from tests.orders.helpers import HANOI, HOAN_KIEM, stock_up  # noqa: E402


def test_old_number_is_refused_with_the_new_one_offered(db, qtbot, tasks):
    stock_up(db)
    dialog = ManualOrderDialog(lambda d: tasks.write(lambda _p, _c: service.add_order(db, d)))  # saved on the writer
    qtbot.addWidget(dialog)
    dialog.buyer.setText("Lê Văn Tám")
    dialog.address.setText("Số 5 Lê Lợi")
    dialog.province.setCurrentIndex(dialog.province.findData(HANOI))
    dialog.ward.setCurrentIndex(dialog.ward.findData(HOAN_KIEM))
    dialog.items.setItem(0, 0, QTableWidgetItem("XOAI-1"))
    dialog.phone.setText("0168 123 4567")
    assert not dialog.new_number.isHidden() and "0381 234 567" in dialog.new_number.text()
    dialog.save()
    qtbot.waitUntil(lambda: "0381 234 567" in dialog.error.text(), timeout=10_000)
    assert dialog.result() == 0
    dialog.new_number.click()
    assert dialog.phone.text() == "0381 234 567" and dialog.new_number.isHidden()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    assert dialog.result() == 1 and dialog.created.phone == "0381234567"
