"""The import wizard and export actions, offscreen: choose → mapping → dry run → import."""

from __future__ import annotations

import os

import pytest
from openpyxl import load_workbook
from spreadsheet_files import products, write_xlsx

pytest.importorskip("pytestqt")

from gianhang_desktop.core.catalog import service as catalog  # noqa: E402
from gianhang_desktop.core.spreadsheet.importer import remembered_mapping  # noqa: E402
from gianhang_desktop.gui.importer import ImportWizard, build_export_menu, start_export  # noqa: E402


def _go_to_report(qtbot, wizard):
    wizard.show()
    assert wizard.currentPage() is wizard.choose_page and wizard.choose_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    return wizard.mapping_page


def test_wizard_flow(qtbot, db, messy_xlsx, tmp_path, tasks, ctx):
    wizard = ImportWizard(ctx, path=messy_xlsx)
    qtbot.addWidget(wizard)
    mapping = _go_to_report(qtbot, wizard)
    assert mapping.chosen_columns() == ["", "sku", "name", "price", "unit", "barcode", "quantity", "lot", "expiry",
                                        ""]
    assert "dòng tiêu đề 4" in mapping.info.text()
    mapping.set_field("Ghi chú", "description")
    wizard.next()
    page = wizard.report_page
    qtbot.waitUntil(lambda: wizard.dry_report is not None, timeout=10_000)
    assert page.isComplete()
    assert page.summary.text() == "10 dòng: 5 thêm mới, 0 cập nhật, 0 không đổi, 5 dòng lỗi."
    model = page.view.model()
    assert model.rowCount() == 10 + 5  # ten refused cells, then the five good rows
    assert [model.index(0, c).data() for c in range(5)] == [
        5, "VT-001", "Lỗi", "Mã SP",
        "Mã SKU 'VT-001' xuất hiện nhiều lần trong tệp (dòng 5, 12): mỗi sản phẩm chỉ một dòng"]
    saved = page.save_errors_to(tmp_path / "loi.xlsx")
    assert load_workbook(saved).active.max_row == 6
    assert products(db) == 0
    wizard.grab().save(str(tmp_path / "wizard-report.png"))
    if os.environ.get("GIANHANG_SCREENSHOTS"):
        wizard.grab().save(os.path.join(os.environ["GIANHANG_SCREENSHOTS"], "wizard-report.png"))

    with qtbot.waitSignal(tasks.changes_happened, timeout=10_000) as signal:  # announced by the writer
        wizard.next()
    assert signal.args[0].catalog_reset and wizard.final_report.changes == signal.args[0]
    assert wizard.import_page.isComplete() and "5 sản phẩm mới" in wizard.import_page.summary.text()
    assert products(db) == 5
    assert catalog.get_product(db, "mo-1").description == ""
    assert remembered_mapping(db.data_dir, wizard.preview.headers)["Ghi chú"] == "description"


def test_wizard_refuses_a_bad_file_on_the_first_page(qtbot, db, tmp_path, tasks, ctx):
    bad = tmp_path / "anh.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    wizard = ImportWizard(ctx, path=bad)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is wizard.choose_page
    assert "không phải bảng tính" in wizard.choose_page.error_label.text()


def test_mapping_page_needs_an_sku_column(qtbot, db, tmp_path, tasks, ctx):
    path = write_xlsx(tmp_path / "a.xlsx", [["Mã nội bộ", "Tên sản phẩm", "Giá bán"], ["N-1", "Nước mắm", 1000]])
    wizard = ImportWizard(ctx, path=path)
    qtbot.addWidget(wizard)
    mapping = _go_to_report(qtbot, wizard)
    assert not mapping.isComplete() and mapping.warning.text() == "Cần chọn cột Mã SP."
    mapping.set_field("Mã nội bộ", "sku")
    assert mapping.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.dry_report is not None, timeout=10_000)
    assert wizard.dry_report.created == 1


def test_export_actions_run_in_the_background(qtbot, db, tmp_path, messy_xlsx, tasks, ctx):
    from PySide6.QtWidgets import QWidget

    from gianhang_desktop.core.spreadsheet.importer import import_file

    import_file(db, messy_xlsx)
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = build_export_menu(parent, ctx)
    assert [a.text() for a in menu.actions()] == ["Danh sách sản phẩm…", "Tồn kho theo kho và lô…",
                                                   "Thẻ kho (lịch sử nhập xuất)…", "Mẫu nhập Excel trống…"]
    job = start_export(parent, ctx, "products", path=tmp_path / "sp.xlsx", notify=False)
    with qtbot.waitSignal(job.succeeded, timeout=10_000) as signal:
        pass
    assert signal.args == [5]
    assert load_workbook(tmp_path / "sp.xlsx").active.max_row == 6


def test_closing_the_wizard_during_the_import_writes_nothing(qtbot, db, messy_xlsx, tasks, ctx):
    import threading

    wizard = ImportWizard(ctx, path=messy_xlsx)
    qtbot.addWidget(wizard)
    _go_to_report(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(wizard.report_page.isComplete, timeout=10_000)  # the dry run, in the pool
    gate, holding = threading.Event(), threading.Event()

    def hold(_progress, _cancel):  # keeps the writer busy: the import waits in its queue
        holding.set()
        gate.wait(10)

    tasks.write(hold)
    assert holding.wait(10)
    wizard.next()
    job = wizard.import_page.job
    wizard.reject()
    assert job.token.cancelled
    gate.set()
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        pass
    assert products(db) == 0
