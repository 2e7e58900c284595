"""First start (offscreen pytest-qt): each choice leads to a working app; the backup panel; a damaged database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from gianhang_desktop.core import backup, catalog, shop  # noqa: E402
from gianhang_desktop.core.catalog import service as catalog_service  # noqa: E402
from gianhang_desktop.core.database import Database  # noqa: E402
from gianhang_desktop.core.paths import DB_FILENAME  # noqa: E402
from gianhang_desktop.core.settings import Settings  # noqa: E402
from gianhang_desktop.gui.backups import actions, damaged  # noqa: E402
from gianhang_desktop.gui.backups.panel import BackupPanel  # noqa: E402
from gianhang_desktop.gui.firstrun import flow  # noqa: E402
from gianhang_desktop.gui.firstrun.shop_setup import ShopSetupDialog  # noqa: E402
from gianhang_desktop.gui.firstrun.welcome import FirstStartDialog  # noqa: E402

# Screenshots to look at: $TMPDIR/gianhang-firstrun-screenshots/ (or under $GIANHANG_SHOTS).
SHOTS = Path(os.environ.get("GIANHANG_SHOTS") or tempfile.gettempdir()) / "gianhang-firstrun-screenshots"
assert catalog  # the package, for the service import above


@pytest.fixture
def new_db(tmp_path):
    database = Database.open(tmp_path / "new")
    yield database
    database.dispose()


@pytest.fixture
def context_for(tasks):
    """context_for(db): the application context the window would build on `db` (its settings file)."""
    made = []

    def make(db):
        from gianhang_desktop.gui.context import AppContext, SettingsHub

        made.append(AppContext(db=db, tasks=tasks, settings=SettingsHub(db.data_dir, Settings.load(db.data_dir))))
        return made[-1]

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def fill_shop(monkeypatch, qtbot):
    """The guided setup, filled in by a 'user' through the real dialog."""
    asked = []

    def ask(ctx, parent=None):
        dialog = ShopSetupDialog(ctx, parent)
        qtbot.addWidget(dialog)
        dialog.name.setText("HTX Chè Tân Cương")
        dialog.address.setText("Xóm 5")
        dialog.province.setCurrentIndex(dialog.province.findText("Thái Nguyên", flags=_contains()))
        dialog.ward.setCurrentIndex(1)
        dialog.phone.setText("0912 345 678")
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):  # saved on the writer
            dialog.save()
        asked.append(dialog.result())
        return bool(dialog.result())

    monkeypatch.setattr(ShopSetupDialog, "ask", staticmethod(ask))
    return asked


def _contains():
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchContains


def choose(monkeypatch, *choices):
    answers = list(choices)
    monkeypatch.setattr(FirstStartDialog, "ask", classmethod(lambda cls, parent=None: answers.pop(0)))
    return answers


def products(db) -> list[str]:
    return [p.sku for p in catalog_service.list_products(db)]


def test_start_empty_then_shop_setup_gives_a_usable_database(qtbot, new_db, monkeypatch, fill_shop, context_for):
    choose(monkeypatch, "empty")
    assert flow.run_first_start_if_needed(None, context_for(new_db)) is True
    assert fill_shop == [1]
    info = shop.get_shop(new_db)
    assert info.is_complete and info.phone == "0912345678" and info.ward_code is not None
    assert Settings.load(new_db.data_dir).first_start_done
    catalog_service.add_product(new_db, "VT-001", "Vải thiều", 120_000)
    assert products(new_db) == ["VT-001"]
    # Not offered again.
    monkeypatch.setattr(FirstStartDialog, "ask", classmethod(lambda cls, parent=None: pytest.fail("asked again")))
    assert flow.run_first_start_if_needed(None, context_for(new_db)) is True


def test_demo_data_is_built_in_the_background(qtbot, new_db, monkeypatch, context_for):
    monkeypatch.setattr(flow, "DEMO_PRODUCTS", 25)
    monkeypatch.setattr(ShopSetupDialog, "ask", staticmethod(lambda ctx, parent=None: pytest.fail("demo has a shop")))
    choose(monkeypatch, "demo")
    assert flow.run_first_start_if_needed(None, context_for(new_db)) is True
    assert len(products(new_db)) == 25
    assert shop.get_shop(new_db).is_complete


def test_restore_a_backup_at_first_start(qtbot, new_db, tmp_path, monkeypatch, run_cli, context_for):
    code, _, err = run_cli("demo", "--products", "12", data=tmp_path / "old_pc")
    assert code == 0, err
    saved = backup.create_backup(tmp_path / "old_pc", tmp_path / "usb" / "gianhang-backup.zip")
    monkeypatch.setattr(actions, "choose_backup_file", lambda parent, start=None: saved.path)
    monkeypatch.setattr(ShopSetupDialog, "ask", staticmethod(lambda ctx, parent=None: pytest.fail("shop restored")))
    choose(monkeypatch, "restore")
    assert flow.run_first_start_if_needed(None, context_for(new_db)) is True
    assert len(products(new_db)) == 12
    assert shop.get_shop(new_db).name == "HTX Nông sản Thanh Hà"


def test_excel_opens_the_import_wizard(qtbot, new_db, monkeypatch, fill_shop, context_for):
    from gianhang_desktop.gui import importer

    calls = []

    def run_import_wizard(parent, ctx):
        calls.append(ctx.db)
        catalog_service.add_product(ctx.db, "CF-1", "Cà phê Robusta", "150k")
        return True

    monkeypatch.setattr(importer, "run_import_wizard", run_import_wizard)
    choose(monkeypatch, "excel")
    assert flow.run_first_start_if_needed(None, context_for(new_db)) is True
    assert calls == [new_db] and products(new_db) == ["CF-1"]


def test_an_excel_import_that_brought_nothing_offers_the_choices_again(qtbot, new_db, monkeypatch, fill_shop,
                                                                        context_for):
    from gianhang_desktop.gui import importer

    monkeypatch.setattr(importer, "run_import_wizard", lambda parent, ctx: False)
    answers = choose(monkeypatch, "excel", "empty")
    assert flow.run_first_start_if_needed(None, context_for(new_db)) is True
    assert answers == []


def test_closing_the_first_start_window_quits(qtbot, new_db, monkeypatch, context_for):
    choose(monkeypatch, None)
    assert flow.run_first_start_if_needed(None, context_for(new_db)) is False
    assert not Settings.load(new_db.data_dir).first_start_done


def test_a_folder_with_data_is_not_a_first_start(qtbot, db, monkeypatch, context_for):
    catalog_service.add_product(db, "VT-001", "Vải thiều", 120_000)
    monkeypatch.setattr(FirstStartDialog, "ask", classmethod(lambda cls, parent=None: pytest.fail("asked")))
    assert flow.run_first_start_if_needed(None, context_for(db)) is True


def test_welcome_and_setup_dialogs_render(qtbot, new_db, context_for):
    SHOTS.mkdir(exist_ok=True)
    welcome = FirstStartDialog()
    qtbot.addWidget(welcome)
    welcome.show()
    assert set(welcome.buttons) == {"empty", "demo", "excel", "restore", "server"}
    welcome.grab().save(str(SHOTS / "firstrun_welcome.png"))
    qtbot.mouseClick(welcome.buttons["demo"], _left())
    assert welcome.choice == "demo"

    setup = ShopSetupDialog(context_for(new_db))
    qtbot.addWidget(setup)
    setup.show()
    assert setup.province.count() == 35  # 34 provinces and the prompt
    setup.name.setText("HTX A")
    setup.address.setText("Thôn B")
    setup.phone.setText("123")
    setup.save()
    assert setup.result() == 0 and setup.error.text()  # a bad phone keeps the dialog open
    setup.grab().save(str(SHOTS / "firstrun_shop_setup.png"))
    assert shop.get_shop(new_db).name == ""


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_backup_panel_backs_up_and_restores(qtbot, db, data_dir, monkeypatch, ctx):
    catalog_service.add_product(db, "VT-001", "Vải thiều", 120_000)
    panel = BackupPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.backup_made):
        qtbot.mouseClick(panel.backup_button, _left())
    assert panel.list.count() == 1
    catalog_service.update_product(db, "VT-001", price=999_000)
    saved = backup.list_backups(data_dir)[0].path
    monkeypatch.setattr(actions, "confirm", lambda parent, title, text: True)
    monkeypatch.setattr(actions, "choose_backup_file", lambda parent, start=None: saved)
    with qtbot.waitSignal(ctx.changes) as announced:  # all data replaced: every page reloads
        qtbot.mouseClick(panel.restore_button, _left())
    assert announced.args[0].reset
    assert catalog_service.get_product(db, "VT-001").price == 120_000
    assert panel.list.count() == 2  # the safety backup made before restoring
    panel.keep.setValue(5)
    assert Settings.load(data_dir).backups_to_keep == 5
    SHOTS.mkdir(exist_ok=True)
    panel.grab().save(str(SHOTS / "backup_panel.png"))


def test_damaged_database_at_start_restores_the_last_good_backup(qtbot, data_dir, db, monkeypatch):
    catalog_service.add_product(db, "VT-001", "Vải thiều", 120_000)
    good = backup.create_backup(data_dir, reason="daily")
    db.dispose()
    path = data_dir / DB_FILENAME
    raw = bytearray(path.read_bytes())
    for i in range(8192, len(raw) - 4096, 4096):
        raw[i : i + 64] = b"\x13" * 64
    path.write_bytes(bytes(raw))
    shown = []

    def ask(cls, report, folder, parent=None):
        dialog = cls(report, folder, parent)
        qtbot.addWidget(dialog)
        dialog.grab().save(str(SHOTS / "damaged_database.png"))
        shown.append(report.last_good.path)
        return damaged.LAST_GOOD

    SHOTS.mkdir(exist_ok=True)
    monkeypatch.setattr(damaged.DamagedDatabaseDialog, "ask", classmethod(ask))
    assert damaged.check_database_at_start(None, data_dir) is True
    assert shown == [good.path]
    reopened = Database.open(data_dir)
    assert catalog_service.get_product(reopened, "VT-001").price == 120_000
    reopened.dispose()


def test_damaged_database_quit(qtbot, data_dir, monkeypatch):
    (data_dir / DB_FILENAME).write_bytes(b"garbage" * 1000)
    monkeypatch.setattr(damaged.DamagedDatabaseDialog, "ask", classmethod(lambda cls, r, d, parent=None: None))
    assert damaged.check_database_at_start(None, data_dir) is False
    assert (data_dir / DB_FILENAME).read_bytes() == b"garbage" * 1000


def test_the_app_explains_and_refuses_a_database_from_a_newer_version(qtbot, data_dir, monkeypatch):
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from gianhang_desktop.core.database import NewerSchemaError
    from gianhang_desktop.gui import app

    con = sqlite3.connect(data_dir / DB_FILENAME)
    con.execute("INSERT INTO alembic_version VALUES ('9001_future')")
    con.commit()
    con.close()
    warm = app.WarmStart(data_dir, prefetch_products=False)
    warm.run()  # what the warm-start thread does, here
    assert isinstance(warm.error, NewerSchemaError)
    told = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a, **k: told.append(a[2])))
    assert app._recover_database(warm, data_dir) is None
    assert "9001_future" in told[0]
