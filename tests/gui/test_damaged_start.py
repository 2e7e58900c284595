"""A damaged database found by the check after the window is up: the repair is offered, then a restart."""

from gianhang_desktop.core.restore import IntegrityReport


def test_damage_found_after_start_offers_the_backup_and_restarts(qtbot, ctx, monkeypatch):
    from gianhang_desktop.gui import app as app_module
    from gianhang_desktop.gui.backups import damaged
    from gianhang_desktop.gui.main_window import MainWindow

    window = MainWindow(ctx, start_page="dashboard")
    qtbot.addWidget(window)
    window.show()
    asked, restarted = [], []
    monkeypatch.setattr(damaged, "check_database_at_start", lambda parent, folder: asked.append(folder) or True)
    monkeypatch.setattr(app_module, "restart_app", lambda: restarted.append(True))

    app_module._offer_repair(window, ctx, IntegrityReport(True, "ok"))
    assert window.isVisible() and asked == []  # a healthy database: nothing happens

    app_module._offer_repair(window, ctx, IntegrityReport(False, "*** in database main *** Page 7 is never used"))
    assert asked == [ctx.data_dir] and restarted == [True]
    assert not window.isVisible() and window.persist_state is False


def test_refusing_the_repair_quits_without_restarting(qtbot, ctx, monkeypatch):
    from gianhang_desktop.gui import app as app_module
    from gianhang_desktop.gui.backups import damaged
    from gianhang_desktop.gui.main_window import MainWindow

    window = MainWindow(ctx, start_page="dashboard")
    qtbot.addWidget(window)
    window.show()
    restarted = []
    monkeypatch.setattr(damaged, "check_database_at_start", lambda parent, folder: False)
    monkeypatch.setattr(app_module, "restart_app", lambda: restarted.append(True))
    app_module._offer_repair(window, ctx, IntegrityReport(False, "malformed"))
    assert restarted == [] and not window.isVisible()
