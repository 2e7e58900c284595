"""Dates typed in the window are kept (issue #13 item 2).

One date field (gui/date_field.py) everywhere: it reads dd/mm/yyyy, d/m/yyyy and ddmmyyyy, opens
its calendar on its date or today with the whole month showing, refuses an impossible date in
place, and no save drops a date the clerk typed. The discovery test walks every page and every
dialog class of the window and types into every date widget it finds.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QTableView,
    QWizard,
)

import gianhang_desktop.gui as gui_package
from gianhang_desktop.core import clock
from gianhang_desktop.core.errors import ValidationError
from gianhang_desktop.core.stock import service as stock
from gianhang_desktop.gui import date_field
from gianhang_desktop.gui.date_field import DateField

GUI = Path(gui_package.__file__).parent
NOW = "2026-06-15T23:30:00+07:00"


def typed(qtbot, field: DateField, text: str) -> None:
    """Type like a clerk: select all, type, leave with Tab (Enter would also commit)."""
    field.editor.setFocus()
    field.editor.selectAll()
    qtbot.keyClicks(field.editor, text)
    field.editor.editingFinished.emit()


@pytest.fixture
def field(qtbot, qapp):
    widget = DateField()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize("text", ["15/06/2028", "15/6/2028", "15062028", "15-06-2028", "15.06.2028", "2028-06-15",
                                  " 15 / 06 / 2028 ", "15/6/28"])
def test_typing_is_kept_and_shown_as_dd_mm_yyyy(qtbot, field, text):
    with qtbot.waitSignal(field.date_changed) as signal:
        typed(qtbot, field, text)
    assert signal.args == [date(2028, 6, 15)] and field.date() == date(2028, 6, 15)
    assert field.text() == "15/06/2028" and field.error_text() == ""


def test_keys_sent_to_the_field_itself_are_typed(qtbot, field):
    qtbot.keyClicks(field, "15062028")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "15/06/2028" and field.date() == date(2028, 6, 15)


def test_short_day_and_month_and_no_year(qtbot, field):
    typed(qtbot, field, "1/6/2028")
    assert field.date() == date(2028, 6, 1) and field.text() == "01/06/2028"
    with clock.frozen(NOW):
        typed(qtbot, field, "3/7")
        assert field.date() == date(2026, 7, 3)


@pytest.mark.parametrize("text, reason", [("31/02/2027", "28"), ("30/02/2028", "29"), ("15/13/2028", "13"),
                                          ("00/06/2028", "30"), ("15/06/1850", "2000"), ("abc", "dd/mm/yyyy"),
                                          ("150620281", "dd/mm/yyyy")])
def test_an_impossible_date_is_refused_in_place_and_the_text_kept(qtbot, field, text, reason):
    field.set_date(date(2028, 1, 1))
    typed(qtbot, field, text)
    assert field.text() == text.strip()  # never replaced by another date or emptied
    assert field.message.isVisible() and reason in field.message.text()
    assert field.editor.property("invalid") is True
    with pytest.raises(ValidationError):
        field.date()
    assert field.committed_date() == date(2028, 1, 1)
    typed(qtbot, field, "28/02/2027")  # fixed: the message goes
    assert field.date() == date(2027, 2, 28) and not field.message.isVisible()


def test_empty_is_no_date_when_optional_and_refused_when_required(qtbot, field):
    typed(qtbot, field, "")
    assert field.date() is None
    required = DateField(optional=False)
    qtbot.addWidget(required)
    assert required.date() == clock.today()
    required.editor.clear()
    with pytest.raises(ValidationError):
        required.date()
    assert required.error_text()


def _month_fully_visible(calendar: QCalendarWidget) -> bool:
    view = calendar.findChild(QTableView)
    rows = view.model().rowCount()
    bottom = view.rowViewportPosition(rows - 1) + view.rowHeight(rows - 1)
    readable = all(view.rowHeight(r) >= view.fontMetrics().height() for r in range(rows))
    return rows == 7 and readable and view.rowViewportPosition(rows - 1) >= 0 and bottom <= view.viewport().height()


def test_calendar_opens_on_the_date_or_today_and_shows_the_whole_month(qtbot, field):
    with clock.frozen(NOW):
        field.open_calendar()
    calendar = field.popup.calendar
    qtbot.waitUntil(field.popup.isVisible)
    assert calendar.selectedDate().toPython() == date(2026, 6, 15)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 6)
    assert _month_fully_visible(calendar)  # a header row and six weeks, none cut
    field.popup.hide()
    field.set_date(date(2028, 8, 31))  # August 2028 spans six week rows
    field.open_calendar()
    assert (calendar.yearShown(), calendar.monthShown()) == (2028, 8)
    assert _month_fully_visible(calendar)
    with qtbot.waitSignal(field.date_changed) as signal:
        calendar.activated.emit(calendar.selectedDate().addDays(-30))
    assert signal.args == [date(2028, 8, 1)] and field.text() == "01/08/2028"
    assert not field.popup.isVisible()


def test_f4_opens_the_calendar_from_the_keyboard(qtbot, field):
    field.editor.setFocus()
    qtbot.keyClick(field.editor, Qt.Key.Key_F4)
    assert field.popup is not None and field.popup.isVisible()


# --- the receive dialog: the reported fault ------------------------------------------------------

@pytest.fixture
def dialog(qtbot, ctx):
    """The Nhập kho dialog with VT-001 scanned."""
    from gianhang_desktop.gui.stock.dialogs import StockDialog

    dialog = StockDialog(ctx, "receive")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code_entered("VT-001")
    qtbot.waitUntil(lambda: dialog.product is not None)
    return dialog


def test_receive_dialog_saves_the_typed_expiry(qtbot, ctx, dialog):
    dialog.quantity.setValue(7)
    dialog.lot.setText("L-2028")
    typed(qtbot, dialog.expiry, "15/06/2028")
    typed(qtbot, dialog.harvest, "1/6/2026")
    with qtbot.waitSignal(dialog.posted, timeout=5000):
        dialog.submit()
    lots = {lot.lot: lot for lot in stock.stock_report(ctx.db, "VT-001").warehouses[0].lots}
    assert lots["L-2028"].expiry_date == date(2028, 6, 15) and lots["L-2028"].harvest_date == date(2026, 6, 1)


def test_receive_dialog_never_saves_over_a_bad_date(qtbot, ctx, dialog):
    before = stock.stock_report(ctx.db, "VT-001").on_hand
    qtbot.keyClicks(dialog.expiry.editor, "31/02/2028")  # typed, not even left: Save at once
    dialog.submit()
    assert dialog.isVisible() and dialog.expiry.message.isVisible()
    assert stock.stock_report(ctx.db, "VT-001").on_hand == before


def test_receive_dialog_offers_recording_expired_goods(qtbot, ctx, dialog):
    dialog.lot.setText("OLD")
    typed(qtbot, dialog.expiry, "01/01/2020")
    assert dialog.allow_expired.isVisible() and dialog.errors["expiry"].isVisible()
    dialog.submit()
    qtbot.waitUntil(lambda: "2020" in dialog.errors["expiry"].text())
    assert "OLD" not in {lot.lot for lot in stock.stock_report(ctx.db, "VT-001").warehouses[0].lots}
    dialog.allow_expired.setChecked(True)
    with qtbot.waitSignal(dialog.posted, timeout=5000):
        dialog.submit()
    statuses = {lot.lot: lot.status for lot in stock.stock_report(ctx.db, "VT-001").warehouses[0].lots}
    assert statuses["OLD"] == "expired"


# --- discovery: every date widget of every page and dialog ---------------------------------------

def _gui_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages([str(GUI)], "gianhang_desktop.gui.")]


def _dialog_classes() -> set[type]:
    for name in _gui_modules():
        importlib.import_module(name)
    found, todo = set(), [QDialog, QWizard]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("gianhang_desktop.gui") and sub not in found:
                found.add(sub)
            todo.append(sub)
    return found


def _date_field_owners() -> set[str]:
    """Classes whose source builds a DateField; no raw Qt date widget is built outside date_field.py."""
    owners: set[str] = set()
    for path in GUI.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)] + [tree]:
            for call in [n for n in ast.walk(cls) if isinstance(n, ast.Call)]:
                name = getattr(call.func, "id", getattr(call.func, "attr", ""))
                if name in ("QDateEdit", "QDateTimeEdit", "QCalendarWidget"):
                    assert path.name == "date_field.py", f"{path}: use gui.date_field.DateField"
                if name == "DateField" and isinstance(cls, ast.ClassDef) and path.name != "date_field.py":
                    owners.add(cls.name)
    return owners


def _an_order(db) -> str:
    from tests.shipping.conftest import new_order

    return new_order(db, items=(("VT-001", 1),))


def _openers(ctx, data_dir):
    """One way to open each dialog class of the window (a new dialog class must be added here)."""
    from gianhang_desktop.core import restore
    from gianhang_desktop.gui.backups.damaged import DamagedDatabaseDialog
    from gianhang_desktop.gui.channels.dialogs import ConnectDialog, ManualLinkDialog
    from gianhang_desktop.gui.counter.dialogs import ReturnDialog, VietQrDialog
    from gianhang_desktop.gui.firstrun.shop_setup import ShopSetupDialog
    from gianhang_desktop.gui.firstrun.welcome import FirstStartDialog
    from gianhang_desktop.gui.importer.wizard import ImportWizard
    from gianhang_desktop.gui.orders.entry_dialog import ManualOrderDialog
    from gianhang_desktop.gui.products.editor import ProductEditor
    from gianhang_desktop.gui.server.dialog import ServerDialog
    from gianhang_desktop.gui.shipping.accounts_section import AddCarrierDialog
    from gianhang_desktop.gui.shipping.cod_dialog import CodDialog
    from gianhang_desktop.gui.shipping.ship_dialog import ShipDialog
    from gianhang_desktop.gui.staff.signin import AccountDialog, SignInDialog
    from gianhang_desktop.gui.stock.dialogs import StockDialog
    from gianhang_desktop.gui.stock.history import MovementHistoryDialog
    from gianhang_desktop.gui.sync.page import CredentialsDialog

    product = __import__("gianhang_desktop.core.catalog.service", fromlist=["x"]).get_product(ctx.db, "VT-001")

    def editor_with_certificate():
        from gianhang_desktop.core.catalog.views import CertificationData

        editor = ProductEditor(ctx, product)
        editor._add_cert_row(CertificationData("vietgap", "VG-1", "Sở NN", date(2027, 1, 1)))
        editor.add_cert.click()
        return editor

    return {
        StockDialog: lambda: [StockDialog(ctx, kind) for kind in ("receive", "adjust", "transfer")],
        ReturnDialog: lambda: ReturnDialog(ctx, None),
        VietQrDialog: lambda: VietQrDialog(ctx, None, "HD-261130-0001"),
        ProductEditor: editor_with_certificate,
        ManualOrderDialog: lambda: ManualOrderDialog(lambda draft: None),
        DamagedDatabaseDialog: lambda: DamagedDatabaseDialog(restore.IntegrityReport(False, "test"), data_dir),
        ShopSetupDialog: lambda: ShopSetupDialog(ctx),
        FirstStartDialog: lambda: FirstStartDialog(),
        CredentialsDialog: lambda: CredentialsDialog(),
        ImportWizard: lambda: ImportWizard(ctx),
        MovementHistoryDialog: lambda: MovementHistoryDialog.show_for(ctx, product.id),
        ServerDialog: lambda: ServerDialog(data_dir, ctx.tasks, settings=ctx.settings),
        AccountDialog: lambda: AccountDialog(),
        SignInDialog: lambda: SignInDialog(ctx),
        ConnectDialog: lambda: ConnectDialog(ctx.tasks, ctx.db),
        ManualLinkDialog: lambda: ManualLinkDialog({"item_id": "100001", "name": "Gạo", "seller_sku": "GAO"}),
        AddCarrierDialog: lambda: AddCarrierDialog(ctx.db, ctx.tasks),
        CodDialog: lambda: CodDialog(ctx.db, ctx.tasks),
        ShipDialog: lambda: ShipDialog(ctx.db, ctx.tasks, [_an_order(ctx.db)]),
    }


def test_every_date_widget_of_the_window_takes_typed_dates(qtbot, ctx, data_dir, monkeypatch):
    built: list[DateField] = []
    original = DateField.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        built.append(self)

    monkeypatch.setattr(date_field.DateField, "__init__", recording)
    from gianhang_desktop.gui.main_window import MainWindow
    from gianhang_desktop.gui.pages import PAGES

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    for page in PAGES:
        window.show_page(page.key)
    windows = [window]
    openers = _openers(ctx, data_dir)
    missing = {cls.__name__ for cls in _dialog_classes()} - {cls.__name__ for cls in openers}
    assert not missing, f"add an opener for these dialogs: {sorted(missing)}"
    for open_ in openers.values():
        opened = open_()
        for dialog in opened if isinstance(opened, list) else [opened]:
            qtbot.addWidget(dialog)
            dialog.show()
            windows.append(dialog)
    qtbot.wait(50)

    owners = _date_field_owners()
    assert {"StockDialog", "ProductEditor", "OrdersPage", "ListingEditor", "CodDialog"} <= owners
    seen: set[str] = set()
    for field in built:
        parent, chain = field, []
        while parent is not None:
            chain.append(type(parent).__name__)
            parent = parent.parentWidget()
        seen.update(chain)
    assert owners <= seen, f"date fields built by {sorted(owners - seen)} were never shown by this test"
    for widget in windows:
        assert not widget.findChildren(QDateEdit) and not widget.findChildren(QDateTimeEdit)

    assert len(built) >= 8  # receive: expiry, harvest; editor: certificates ×2, listing tab ×2; orders: from, to
    for field in built:
        field.setEnabled(True)
        typed(qtbot, field, "15/06/2028")
        assert field.date() == date(2028, 6, 15) and field.text() == "15/06/2028", field.objectName()
        typed(qtbot, field, "31/02/2028")
        assert field.text() == "31/02/2028" and field.error_text(), field.objectName()
        with pytest.raises(ValidationError):
            field.date()
        typed(qtbot, field, "1/2/2028")
        assert field.date() == date(2028, 2, 1)
    for dialog in windows[1:]:
        dialog.hide()  # (so that no question about unsaved changes is asked on teardown)
    window.close()
