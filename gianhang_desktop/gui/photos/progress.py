"""The progress bar with a Cancel button that a photo import shows (photos page, editor panel)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from .jobs import PhotoJob


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
        self._job: PhotoJob | None = None
        self.setVisible(False)

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def start(self, job: PhotoJob) -> None:
        """Follow `job` (connect its own handlers first: they run before this hides) and start it."""
        self._job = job
        job.progressed.connect(self._show)
        for ended in (job.succeeded, job.failed, job.cancelled):
            ended.connect(self._ended)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.setVisible(True)
        self.running_changed.emit(True)
        job.start()

    @Slot()
    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    @Slot(float, str)
    def _show(self, fraction: float, text: str) -> None:
        self.bar.setValue(round(fraction * 1000))
        self.bar.setFormat(text)

    def _ended(self, *_args) -> None:
        self.setVisible(False)
        self.running_changed.emit(False)
