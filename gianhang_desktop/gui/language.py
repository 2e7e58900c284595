"""The window's language: Vietnamese source strings, English from resources/i18n/gianhang_en.qm."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..core.resources import resource_path

log = logging.getLogger(__name__)

I18N_DIR = resource_path("i18n")
_installed: list[QTranslator] = []


def install_language(lang: str) -> str:
    """Install the translators for `lang` ("vi" or "en"); Qt then sends LanguageChange to every widget.

    Also sets GIANHANG_LANG so the core's bilingual messages follow the window's language.
    """
    app = QCoreApplication.instance()
    lang = lang if lang in ("vi", "en") else "vi"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    os.environ["GIANHANG_LANG"] = lang
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom) if lang == "en"
                       else QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if lang == "en":
        ours = QTranslator()
        if ours.load(str(I18N_DIR / "gianhang_en.qm")):
            _installed.append(ours)
        else:
            log.warning("English translation not found in %s", I18N_DIR)
    else:
        # Qt's own buttons (Yes, No, Cancel) in Vietnamese when Qt ships that translation.
        qt = QTranslator()
        if qt.load(QLocale(QLocale.Language.Vietnamese), "qtbase", "_", qt_dir):
            _installed.append(qt)
    for translator in _installed:
        app.installTranslator(translator)
    if not _installed:
        # No translator changed, but the source language may have: tell the widgets anyway.
        from PySide6.QtCore import QEvent

        for widget in _top_levels():
            QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
    return lang


def _top_levels():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets() if isinstance(QCoreApplication.instance(), QApplication) else []
