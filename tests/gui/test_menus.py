"""The File menu: import from Excel opens the wizard; the export menu lists every export."""

from PySide6.QtWidgets import QWizard


def test_file_menu_import_and_export(qtbot, ctx):
    from gianhang_desktop.gui.main_window import MainWindow

    window = MainWindow(ctx, start_page="dashboard")
    qtbot.addWidget(window)
    window._ensure_export_menu()
    names = {a.objectName() for a in window.export_menu.actions()}
    assert {"export_products", "export_stock", "export_movements", "export_template"} <= names
    window.open_import_wizard()
    wizards = [w for w in window.findChildren(QWizard)]
    assert wizards and wizards[0].isVisible()
    wizards[0].reject()
