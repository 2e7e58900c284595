"""Vietnamese by default; choosing English in Cài đặt changes the visible strings at once."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from gianhang_desktop.gui.language import I18N_DIR
from gianhang_desktop.gui.main_window import MainWindow

TS = I18N_DIR / "gianhang_en.ts"


def test_switching_language_changes_the_visible_strings(qtbot, ctx):
    window = MainWindow(ctx, start_page="products")
    qtbot.addWidget(window)
    window.show()
    products = window.pages["products"]
    assert window.sidebar.item(1).text() == "Sản phẩm"
    assert products.title.text() == "Sản phẩm"
    settings = window.show_page("settings")
    settings.language.setCurrentIndex(settings.language.findData("en"))
    qtbot.waitUntil(lambda: window.sidebar.item(1).text() == "Products", timeout=3000)
    assert products.title.text() == "Products"
    assert products.model.headerData(2, qtbot_horizontal()) == "Product name"
    assert window.help_menu.title() == "&Help"
    assert ctx.settings.values.language == "en"
    settings.language.setCurrentIndex(settings.language.findData("vi"))
    qtbot.waitUntil(lambda: window.sidebar.item(1).text() == "Sản phẩm", timeout=3000)
    assert products.low_stock.text() == "Sắp hết hàng"


def qtbot_horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_every_message_has_an_english_translation():
    root = ET.parse(TS).getroot()
    def translated(message) -> bool:
        translation = message.find("translation")
        if translation.get("type") == "unfinished":
            return False
        forms = translation.findall("numerusform")  # plural messages ("%n đơn")
        texts = [f.text for f in forms] if forms else [translation.text]
        return all((t or "").strip() for t in texts)

    untranslated = [m.findtext("source") for m in root.iter("message") if not translated(m)]
    assert untranslated == [], "run tools/update_translations.py and translate these in the .ts"


def test_the_compiled_qm_is_up_to_date(tmp_path: Path):
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    out = tmp_path / "check.qm"
    subprocess.run([str(lrelease), str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == (I18N_DIR / "gianhang_en.qm").read_bytes(), "run tools/update_translations.py"
