"""Cài đặt: language (applies at once), expiry warnings, the data folder, and sections of other areas."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..language import install_language
from ..pages import SETTINGS_SECTIONS


class SettingsPage(QWidget):
    """Settings that take effect immediately and are saved in the data folder."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 16)
        self.title = QLabel(objectName="pageTitle")
        outer.addWidget(self.title)
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setSpacing(14)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.general = QGroupBox()
        form = QFormLayout(self.general)
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.settings.values.language)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.expiry_days = QSpinBox(minimum=1, maximum=365)
        self.expiry_days.setValue(ctx.settings.values.expiry_warning_days)
        self.expiry_days.valueChanged.connect(self._expiry_changed)
        self.language_label, self.expiry_label = QLabel(), QLabel()
        form.addRow(self.language_label, self.language)
        form.addRow(self.expiry_label, self.expiry_days)
        self.body.addWidget(self.general)

        self.data_box = QGroupBox()
        row = QHBoxLayout(self.data_box)
        self.folder = QLabel(str(ctx.data_dir), wordWrap=True)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.data_dir))))
        row.addWidget(self.folder, 1)
        row.addWidget(self.open_folder)
        self.body.addWidget(self.data_box)

        self.sections: list[tuple[QGroupBox, str]] = []
        for _key, title, factory in SETTINGS_SECTIONS:
            box = QGroupBox()
            QVBoxLayout(box).addWidget(factory(ctx))
            self.sections.append((box, title))
            self.body.addWidget(box)
        self.body.addStretch(1)
        self.retranslate()

    def _language_chosen(self, _index: int) -> None:
        lang = self.language.currentData()
        self.ctx.settings.update(language=lang)
        install_language(lang)
        self.ctx.settings.language_changed.emit(lang)

    def _expiry_changed(self, days: int) -> None:
        self.ctx.settings.update(expiry_warning_days=days)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Cài đặt"))
        self.general.setTitle(self.tr("Chung"))
        self.language_label.setText(self.tr("Ngôn ngữ"))
        self.expiry_label.setText(self.tr("Cảnh báo hết hạn trước (ngày)"))
        self.data_box.setTitle(self.tr("Thư mục dữ liệu"))
        self.open_folder.setText(self.tr("Mở thư mục"))
        for box, title in self.sections:
            box.setTitle(QCoreApplication.translate("Pages", title))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
