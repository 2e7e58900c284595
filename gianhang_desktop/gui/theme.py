"""The look: Fusion with a light, calm palette and a green accent (rice fields, not neon)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2e7d5b"
ACCENT_DARK = "#23634a"

STYLE_SHEET = f"""
QWidget {{ font-size: 10pt; }}
#sidebarPanel {{ background: #f1f4f2; border-right: 1px solid #dde3df; }}
#brand {{ font-size: 16pt; font-weight: 700; color: {ACCENT_DARK}; padding: 2px 8px 0 8px; }}
#brandSub {{ color: #6b7a72; padding: 0 8px 10px 8px; }}
#versionLabel {{ color: #9aa6a0; padding: 4px 8px; }}
#sidebar {{ background: transparent; border: none; outline: none; }}
#sidebar::item {{ padding: 9px 8px; margin: 1px 0; border-radius: 8px; color: #27332d; }}
#sidebar::item:hover {{ background: #e3ebe6; }}
#sidebar::item:selected {{ background: {ACCENT}; color: white; }}
#pageStack {{ background: white; }}
#pageTitle {{ font-size: 17pt; font-weight: 600; color: #1f2a24; }}
#pageSubtitle {{ color: #6b7a72; }}
#placeholderTitle {{ font-size: 18pt; font-weight: 600; color: #6b7a72; }}
#placeholderText {{ font-size: 11pt; color: #6b7a72; }}
#fieldError {{ color: #c0392b; font-size: 9pt; }}
#card {{ background: #f7faf8; border: 1px solid #e1e8e4; border-radius: 12px; }}
#cardValue {{ font-size: 20pt; font-weight: 600; color: #1f2a24; }}
#cardTitle {{ color: #6b7a72; }}
#sectionTitle {{ font-size: 12pt; font-weight: 600; color: #27332d; }}
QPushButton {{ padding: 6px 14px; border-radius: 6px; border: 1px solid #cfd8d3; background: #ffffff; }}
QPushButton:hover {{ background: #f1f5f3; }}
QPushButton:default, QPushButton#primary {{ background: {ACCENT}; color: white; border-color: {ACCENT_DARK}; }}
QPushButton:default:hover, QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
QPushButton:disabled {{ color: #a7b1ac; background: #f4f6f5; }}
QLineEdit, QComboBox, QSpinBox, QDateEdit, QDoubleSpinBox, QPlainTextEdit {{
    padding: 4px 6px; border: 1px solid #cfd8d3; border-radius: 6px; background: white; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus, QPlainTextEdit:focus {{ border-color: {ACCENT}; }}
QLineEdit[invalid="true"] {{ border-color: #c0392b; background: #fdf2f1; }}
QLineEdit#searchBox {{ padding: 7px 10px; font-size: 11pt; border-radius: 8px; }}
QTableView {{ border: 1px solid #e1e8e4; border-radius: 8px; gridline-color: #eef2f0;
    selection-background-color: #d6ebe0; selection-color: #1f2a24; alternate-background-color: #fafcfb; }}
QHeaderView::section {{ background: #f6f8f7; border: none; border-bottom: 1px solid #e1e8e4;
    padding: 6px 8px; font-weight: 600; color: #3d4a43; }}
QTabWidget::pane {{ border: 1px solid #e1e8e4; border-radius: 8px; top: -1px; }}
QTabBar::tab {{ padding: 7px 14px; }}
QStatusBar {{ color: #5d6b64; }}
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#fafcfb"))
    app.setPalette(palette)
    font = QFont("Segoe UI")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
