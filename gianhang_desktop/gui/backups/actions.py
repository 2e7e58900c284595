"""The backup actions the first start, the settings section and the damaged-database dialog share;
the work runs as a job on the window's task runner behind a modal progress dialog (gui/modal.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...core import backup, restore
from ...core.errors import GianHangError
from ...core.i18n import current_language
from ...core.settings import Settings
from ...core.tasks import Cancelled
from ..modal import run_with_progress
from ..tasks import TaskRunner


def _t(text: str) -> str:
    return QCoreApplication.translate("firstrun", text)


BACKUP_FILTER = "Gian Hàng backup (gianhang-backup-*.zip *.zip)"


def choose_backup_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Ask for a backup file to restore (replaced in tests)."""
    title = _t("Chọn tệp sao lưu")
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start or Path.home()), BACKUP_FILTER)
    return Path(path) if path else None


def choose_backup_target(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save a backup (a USB stick, another disk); replaced in tests."""
    title = _t("Lưu bản sao lưu")
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), BACKUP_FILTER)
    return Path(path) if path else None


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question (replaced in tests)."""
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """The core's bilingual message in a box; anything else as its text (logged by the caller)."""
    text = error.message(current_language()) if isinstance(error, GianHangError) else str(error)
    QMessageBox.warning(parent, _t("Lỗi"), text)


def backup_now(parent: QWidget | None, data_dir: Path, settings: Settings, out: Path | None = None,
               tasks: TaskRunner | None = None) -> backup.BackupInfo | None:
    """Back up now (to `out`, or to the backups folder and then keep `settings.backups_to_keep`);
    None when it failed (said in a message) or was cancelled."""

    def work(progress, cancel):
        info = backup.create_backup(data_dir, out, progress=progress, cancel=cancel)
        if out is None:
            backup.rotate_backups(data_dir, settings.backups_to_keep)
        return info

    try:
        return run_with_progress(parent, _t("Đang sao lưu…"), work, tasks)
    except Cancelled:
        return None
    except GianHangError as error:
        show_error(parent, error)
        return None


def restore_data_dir(parent: QWidget | None, data_dir: Path, path: Path,
                     tasks: TaskRunner | None = None) -> restore.RestoreResult | None:
    """Restore `path` into `data_dir` (no database open on it); None when refused or failed."""
    try:
        return run_with_progress(
            parent, _t("Đang khôi phục…"),
            lambda progress, cancel: restore.restore_backup(data_dir, path, progress=progress, cancel=cancel), tasks,
        )
    except Cancelled:
        return None
    except GianHangError as error:
        show_error(parent, error)
        return None


def restore_into(parent: QWidget | None, db, path: Path, tasks: TaskRunner | None = None) -> bool:
    """Restore `path` under an open Database, on the writer: its connections closed, the backup
    restored, an older schema migrated. The result's changes (all data replaced) are announced to
    every page. False when refused (said in a message) or cancelled."""

    def work(progress, cancel):
        db.dispose()
        result = restore.restore_backup(db.data_dir, path, progress=progress, cancel=cancel)
        db.migrate(before_upgrade=backup.backup_before_upgrade)
        return result

    try:
        run_with_progress(parent, _t("Đang khôi phục…"), work, tasks)
    except Cancelled:
        return False
    except GianHangError as error:
        show_error(parent, error)
        return False
    return True


def open_data_folder(data_dir: Path) -> bool:
    """Show the data folder (database, photos, backups, logs) in the file manager, for support."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir)))
