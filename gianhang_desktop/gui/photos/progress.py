"""The progress bar with a Cancel button that a photo import shows (photos page, editor panel)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from ..tasks import Job


class ImportProgress(QWidget):
    """Shown while one import runs: its progress and message, and Cancel; hidden otherwise."""

    running_changed = Signal(bool)
    """An import started (True) or ended, however it ended (False)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.cancel_button = QPushButton(self.tr("Huỷ"), self)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self._job: Job | None = None
        self.setVisible(False)

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def follow(self, job: Job) -> None:
        """Show `job`'s progress and Cancel until it ends (however it ends)."""
        self._job = job
        job.progressed.connect(self._show)
        job.ended.connect(self._ended)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.setVisible(True)
        self.running_changed.emit(True)

    @Slot()
    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    @Slot(float, str)
    def _show(self, fraction: float, text: str) -> None:
        self.bar.setValue(round(fraction * 1000))
        self.bar.setFormat(text)

    def _ended(self) -> None:
        self._job = None
        self.setVisible(False)
        self.running_changed.emit(False)
