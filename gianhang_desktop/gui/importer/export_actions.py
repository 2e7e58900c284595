"""Export actions: pick a file, write it in the background, tell the user where it went."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from ...core import clock
from ...core.spreadsheet import exporter
from ..context import AppContext
from ..tasks import Job, error_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


def export_titles() -> dict[str, str]:
    return {
        "products": _tr("Danh sách sản phẩm…"),
        "stock": _tr("Tồn kho theo kho và lô…"),
        "movements": _tr("Thẻ kho (lịch sử nhập xuất)…"),
        "template": _tr("Mẫu nhập Excel trống…"),
    }


def default_file_name(kind: str) -> str:
    names = {"products": "san-pham", "stock": "ton-kho", "movements": "the-kho", "template": "mau-nhap-san-pham"}
    return f"{names[kind]}-{clock.today():%Y-%m-%d}.xlsx"


def ask_path(parent: QWidget | None, kind: str) -> Path | None:
    """The file to write, asked with the system dialog; None when the user cancels."""
    csv_filter = _tr("Tệp CSV (*.csv)")
    name, chosen = QFileDialog.getSaveFileName(parent, _tr("Xuất ra Excel"), default_file_name(kind),
                                               _tr("Tệp Excel (*.xlsx)") + ";;" + csv_filter)
    if not name:
        return None
    if name.lower().endswith((".xlsx", ".csv")):
        return Path(name)
    return Path(name + (".csv" if chosen == csv_filter else ".xlsx"))


def start_export(parent: QWidget | None, ctx: AppContext, kind: str, *,
                 path: str | Path | None = None, notify: bool = True) -> Job | None:
    """Export `kind` (products, stock, movements, template) to `path` (asked when None) in the
    task runner's pool, with a progress dialog when it takes a while."""
    target = Path(path) if path is not None else ask_path(parent, kind)
    if target is None:
        return None
    db = ctx.db
    job = ctx.tasks.read(lambda progress, cancel: exporter.export(db, kind, target, progress=progress, cancel=cancel),
                         parent=parent, label=_tr("Đang xuất ra Excel…"), name=f"export {kind}")
    if notify:
        job.succeeded.connect(lambda count: QMessageBox.information(
            parent, _tr("Xuất ra Excel"), _tr("Đã xuất {n} dòng vào {file}").format(n=count, file=target)))
        job.failed.connect(lambda error: QMessageBox.warning(parent, _tr("Xuất ra Excel"), error_text(error)))
    return job


def build_export_menu(parent: QWidget, ctx: AppContext) -> QMenu:
    """The "Xuất ra Excel…" menu: one entry per export."""
    menu = QMenu(_tr("Xuất ra Excel…"), parent)
    for kind, title in export_titles().items():
        action = menu.addAction(title)
        action.setObjectName(f"export_{kind}")
        action.triggered.connect(lambda _checked=False, k=kind: start_export(parent, ctx, k))
    return menu
