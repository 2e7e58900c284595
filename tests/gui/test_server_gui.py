"""The window on the cooperative's server: the connection dialog and its messages, the first-start
choice, the other PCs' changes on screen within 2 s, and the banner while the server is away (forms
keep what was typed; saving works again once it is back, without a restart).

Real PostgreSQL servers (one asking for passwords, one the test stops and starts), real processes.
"""

from __future__ import annotations

import time

import pytest

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.postgres import connection
from gianhang_desktop.core.settings import Settings
from gianhang_desktop.core.shop import update_shop
from gianhang_desktop.core.stock import service as stock
from tests.core import hammer
from tests.keyrings import in_memory_keyring
from tests.postgres import PostgresServer, database_owned_by, free_port, server_with_role

PASSWORD = "mat-khau-HTX-2026"


@pytest.fixture(scope="module")
def scram_server():
    server = server_with_role("clerk", PASSWORD)
    yield server
    server.remove()


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with in_memory_keyring() as backend:
        yield backend


def empty_database(server: PostgresServer) -> str:
    return database_owned_by(server, "clerk")


def fill(dialog, host="127.0.0.1", port=5432, database="gianhang", user="clerk", password=PASSWORD) -> None:
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText(database)
    dialog.user.setText(user)
    dialog.password.setText(password)


def test_the_connection_dialog_says_what_is_wrong_then_sets_up_and_connects(qtbot, tasks, scram_server, tmp_path,
                                                                              memory_keyring):
    from gianhang_desktop.gui.server.dialog import ServerDialog

    name = empty_database(scram_server)
    dialog = ServerDialog(tmp_path, tasks)
    qtbot.addWidget(dialog)

    def answer() -> str:
        with qtbot.waitSignal(tasks.busy_changed, timeout=30_000, check_params_cb=lambda busy: not busy):
            pass
        return dialog.status.text()

    fill(dialog, port=free_port(), database=name)
    dialog.test_button.click()
    assert "Không kết nối được máy chủ" in answer()
    fill(dialog, port=scram_server.port, database=name, password="sai")
    dialog.test_button.click()
    assert "Sai mật khẩu" in answer()
    fill(dialog, port=scram_server.port, database="khong_co_csdl")
    dialog.test_button.click()
    assert "không có cơ sở dữ liệu" in answer()
    fill(dialog, host="máy chủ", port=scram_server.port, database=name)
    dialog.test_button.click()  # checked at once, nothing sent
    assert "tên hoặc địa chỉ IP" in dialog.status.text()
    fill(dialog, port=scram_server.port, database=name)
    dialog.test_button.click()
    assert "còn trống" in answer() and not dialog.setup_button.isHidden()
    dialog.setup_button.click()
    assert "Kết nối tốt" in answer()
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.address is not None, timeout=30_000)
    settings = Settings.load(tmp_path)
    assert (settings.db_host, settings.db_port, settings.db_name, settings.db_user) == (
        "127.0.0.1", scram_server.port, name, "clerk")
    assert PASSWORD not in (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert list(memory_keyring.store.values()) == [PASSWORD]
    dialog.grab().save(str(tmp_path / "server-dialog.png"))


def test_first_start_connects_to_a_server_that_another_pc_set_up(qtbot, tasks, scram_server, tmp_path, monkeypatch):
    from gianhang_desktop.gui.context import AppContext, SettingsHub
    from gianhang_desktop.gui.firstrun import flow
    from gianhang_desktop.gui.firstrun.welcome import SERVER, FirstStartDialog
    from gianhang_desktop.gui.server.dialog import ServerDialog

    name = empty_database(scram_server)
    url = scram_server.url(name, user="clerk")
    office = Database.open(tmp_path / "office", url=url, password=PASSWORD)  # the office PC set it up
    catalog.add_product(office, "MO-1", "Mật ong hoa nhãn", 180_000)
    update_shop(office, name="HTX Nông sản Thanh Hà", phone="0912345678", address_line="Thôn Thúy Lâm")
    office.dispose()

    def connect(cls, data_dir, runner, parent=None, message="", settings=None):
        dialog = cls(data_dir, runner, parent, message, settings)
        qtbot.addWidget(dialog)
        fill(dialog, port=scram_server.port, database=name)
        dialog.connect_button.click()
        qtbot.waitUntil(lambda: dialog.address is not None, timeout=30_000)
        return dialog.address

    monkeypatch.setattr(FirstStartDialog, "ask", classmethod(lambda cls, parent=None: SERVER))
    monkeypatch.setattr(ServerDialog, "ask", classmethod(connect))
    laptop = tmp_path / "laptop"
    ctx = AppContext(db=Database.open(laptop), tasks=tasks, settings=SettingsHub(laptop, Settings.load(laptop)))
    try:
        assert flow.run_first_start_if_needed(None, ctx) is True
        assert not ctx.db.is_sqlite and [p.sku for p in catalog.list_products(ctx.db)] == ["MO-1"]
        assert ctx.server_link is not None  # the other PCs' changes will reach this window
        saved = Settings.load(laptop)
        assert saved.first_start_done and (saved.db_host, saved.db_name) == ("127.0.0.1", name)
        assert ctx.settings.values.db_host == "127.0.0.1"
    finally:
        ctx.close()
        ctx.db.dispose()


@pytest.fixture
def server_window(qtbot, tmp_path):
    """A main window on a database of a server of the test's own (it may stop and start it)."""
    from gianhang_desktop.gui.context import AppContext, SettingsHub
    from gianhang_desktop.gui.main_window import MainWindow
    from gianhang_desktop.gui.tasks import TaskRunner

    server = PostgresServer(durable=True)
    server.start()
    db = Database.open(tmp_path / "pc1", url=server.create_database())
    catalog.add_product(db, "MO-1", "Mật ong hoa nhãn", 180_000)
    runner = TaskRunner()
    ctx = AppContext(db=db, tasks=runner, settings=SettingsHub(db.data_dir, Settings()))
    window = MainWindow(ctx, start_page="products")
    window.persist_state = False
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: ctx.server_link.connected is True, timeout=30_000)
    yield server, ctx, window
    ctx.close()
    runner.shutdown()
    db.dispose()
    server.remove()


def _receive_elsewhere(barrier, index, data_dir, url, out):
    db = hammer.open_database(data_dir, url)
    barrier.wait()
    _, changes = stock.receive_stock(db, "MO-1", 7)
    out.put((sorted(changes.stock), time.monotonic()))
    db.dispose()


def test_another_pcs_receipt_shows_on_this_window_within_two_seconds(qtbot, server_window):
    _server, ctx, window = server_window
    heard: list = []
    ctx.changes.connect(lambda changes: heard.append((time.monotonic(), changes)))
    out = hammer.SPAWN.Queue()
    hammer.run_processes(_receive_elsewhere, 1, str(ctx.db.data_dir / "pc2"), ctx.db.url, out)
    ids, committed_at = out.get(timeout=30)
    qtbot.waitUntil(lambda: any(set(ids) <= c.stock for _t, c in heard), timeout=30_000)
    arrived = next(t for t, c in heard if set(ids) <= c.stock)
    assert arrived - committed_at < 2.0
    model = window.pages["products"].table.model()  # the table the clerk sees shows the new stock
    qtbot.waitUntil(lambda: any(str(model.index(r, c).data()) == "7" for r in range(model.rowCount())
                                for c in range(model.columnCount())), timeout=30_000)


def test_the_banner_while_the_server_is_away_and_forms_keep_what_was_typed(qtbot, server_window, monkeypatch):
    from gianhang_desktop.gui.stock import dialogs

    server, ctx, window = server_window
    shown: list = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, error, details="": shown.append(error))
    banner = window.server_banner
    assert banner.isHidden()
    product = catalog.get_product(ctx.db, "MO-1")  # the clerk scanned it before the server went away
    model = window.pages["products"].table.model()

    def on_screen() -> list[str]:
        return [str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())]

    qtbot.waitUntil(lambda: "MO-1" in on_screen(), timeout=30_000)
    server.stop()
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=30_000)
    assert "Mất kết nối tới máy chủ" in banner.text.text() and "Đang thử kết nối lại" in banner.text.text()
    assert "MO-1" in on_screen() and "Mật ong hoa nhãn" in on_screen()  # the table keeps what it showed
    window.grab().save(str(ctx.db.data_dir / "banner.png"))

    dialog = dialogs.StockDialog(ctx, "receive", window)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.product = product
    dialog.quantity.setValue(12)
    dialog.lot.setText("L-2026-11")
    dialog.reason.setText("Nhập từ tổ 3")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "Không kết nối được máy chủ" in str(shown[0]) or "Mất kết nối" in str(shown[0])
    assert dialog.isVisible()  # still open, nothing lost
    assert (dialog.quantity.value(), dialog.lot.text(), dialog.reason.text()) == (12, "L-2026-11", "Nhập từ tổ 3")

    server.start()
    banner.retry.click()
    qtbot.waitUntil(lambda: not banner.is_lost, timeout=30_000)
    assert "Đã kết nối lại" in banner.text.text()
    with qtbot.waitSignal(dialog.posted, timeout=30_000):
        dialog.submit()  # the same form, saved now: no restart
    assert stock.stock_report(ctx.db, "MO-1").on_hand == 12


def test_on_this_pcs_own_data_there_is_no_link_and_no_banner(qtbot, ctx):
    from gianhang_desktop.gui.main_window import MainWindow

    window = MainWindow(ctx, start_page="dashboard")
    window.persist_state = False
    qtbot.addWidget(window)
    assert ctx.server_link is None and window.server_banner.isHidden()


def test_the_settings_section_switches_this_pc_and_restarts(qtbot, ctx, monkeypatch):
    from gianhang_desktop.gui import app
    from gianhang_desktop.gui.server.dialog import ServerDialog
    from gianhang_desktop.gui.server.section import ServerSection

    restarts, told = [], []
    monkeypatch.setattr(app, "restart_app", lambda: restarts.append(True))
    monkeypatch.setattr(ServerSection, "tell_restart", lambda self, text: told.append(text))

    def connected(cls, data_dir, runner, parent=None, message="", settings=None):
        settings.update(db_host="192.168.1.10", db_name="gianhang", db_user="gianhang")
        return connection.ServerAddress("192.168.1.10")

    monkeypatch.setattr(ServerDialog, "ask", classmethod(connected))
    section = ServerSection(ctx)
    qtbot.addWidget(section)
    assert "dữ liệu riêng" in section.where.text() and section.local_button.isHidden()
    section.connect_button.click()
    assert restarts == [True] and "máy chủ của HTX" in told[0]
    assert "gianhang@192.168.1.10:5432/gianhang" in section.where.text()
    section.photos_dir.setText(r"\\MAY-VAN-PHONG\GianHang\photos")
    section.photos_dir.editingFinished.emit()
    assert Settings.load(ctx.data_dir).photos_dir == r"\\MAY-VAN-PHONG\GianHang\photos"
    section.local_button.click()
    assert len(restarts) == 2 and Settings.load(ctx.data_dir).db_host == ""
