"""One page contract: every page, settings section and editor tab is built from the application
context, hears changes on ctx.changes only, and keeps its settings in the one settings object."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QWidget

from gianhang_desktop.core.catalog import service as catalog
from gianhang_desktop.gui import pages

GUI = Path(__file__).resolve().parents[2] / "gianhang_desktop" / "gui"


def test_every_page_section_and_tab_is_built_from_the_context_alone(qtbot, ctx):
    product = catalog.get_product(ctx.db, "VT-001")
    built = [page.factory(ctx) for page in pages.PAGES]
    built += [factory(ctx) for _key, _title, factory in pages.SETTINGS_SECTIONS]
    built += [factory(ctx, product) for _key, _title, factory in pages.EDITOR_TABS]
    built += [factory(ctx, None) for _key, _title, factory in pages.EDITOR_TABS]  # a product not saved yet
    for widget in built:
        qtbot.addWidget(widget)
        assert isinstance(widget, QWidget)


def _sources():
    return {path.relative_to(GUI).as_posix(): path.read_text(encoding="utf-8") for path in GUI.rglob("*.py")}


def test_only_the_task_runner_announces_changes():
    for name, text in _sources().items():
        if name == "tasks.py":
            continue
        assert not re.search(r"changes(_happened)?\.emit\(", text), f"{name} announces changes itself"
        assert not re.search(r"\bChanges\(", text), f"{name} builds a Changes by hand"
        assert "announce=" not in text, name


# What may read the settings file itself: what runs before the window has its settings object.
READ_AT_START = {
    "app.py": "reads them once, at start",
    "server/dialog.py": "the server connection dialog, when shown without the window's settings (before it exists)",
}


def test_settings_live_in_the_one_settings_object():
    for name, text in _sources().items():
        assert "QSettings" not in text, f"{name} keeps settings in QSettings"
        if name not in READ_AT_START:
            assert "Settings.load(" not in text, f"{name} reads its own copy of the settings"
        assert not re.search(r"\.save\((self\.)?(db\.)?data_dir\)", text), f"{name} writes the whole settings file"
