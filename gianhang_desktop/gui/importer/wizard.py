"""The import wizard: choose a file → check the column mapping → dry-run report → import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...core.errors import GianHangError
from ...core.spreadsheet import errors_file
from ...core.spreadsheet.headers import FIELDS, IGNORE, field_label, mapping_by_header
from ...core.spreadsheet.importer import (
    ImportReport,
    Preview,
    apply_import,
    import_file,
    preview_file,
    remember_mapping,
)
from ...core.spreadsheet.values import text_value
from ...core.tasks import Cancelled
from ..context import AppContext
from ..tasks import Job, error_text

STATUS_COLORS = {"new": "#e2f0d9", "update": "#ddebf7", "unchanged": "#ffffff", "error": "#f8cbad"}


class ImportWizard(QWizard):
    """Bring a catalogue in from .xlsx or .csv. The check runs in the task runner's pool, the import
    on its one writer, which announces what changed to the whole window (`ctx.changes`)."""

    imported = Signal(object)
    """The import committed; carries its ImportReport."""

    def __init__(self, ctx: AppContext, *, path: str | Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.tasks = ctx.tasks
        self.preview: Preview | None = None
        self.mapping: dict[str, str] | None = None
        self.columns: list[str] = []
        self.dry_report: ImportReport | None = None
        self.final_report: ImportReport | None = None
        self.setWindowTitle(self.tr("Nhập sản phẩm từ Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Quay lại"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Nhập"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Xong"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Huỷ"))
        self.choose_page = ChooseFilePage(self)
        self.mapping_page = MappingPage(self)
        self.report_page = DryRunPage(self)
        self.import_page = ImportPage(self)
        for page in (self.choose_page, self.mapping_page, self.report_page, self.import_page):
            self.addPage(page)
        if path is not None:
            self.choose_page.path_edit.setText(str(path))
        self.resize(860, 560)

    def reject(self) -> None:
        """Closing the wizard stops a running check or import (an import then writes nothing)."""
        for page in (self.report_page, self.import_page):
            if page.job is not None:
                page.job.cancel()
        super().reject()


def run_import_wizard(parent: QWidget | None, ctx: AppContext) -> bool:
    """Open the wizard modally (the first-start screen); True when rows came in."""
    wizard = ImportWizard(ctx, parent=parent)
    wizard.exec()
    report = wizard.final_report
    return report is not None and (report.created + report.updated) > 0


class ChooseFilePage(QWizardPage):
    """Pick the file; the preview is read when the user goes on."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Chọn tệp Excel hoặc CSV"))
        self.setSubTitle(self.tr("Tệp .xlsx hoặc .csv có dòng tiêu đề (Mã SP, Tên sản phẩm, Giá bán, …)."))
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Đường dẫn tệp…"))
        self.path_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("Chọn tệp…"))
        browse.clicked.connect(self.browse)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c00000")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp"), "",
                                              self.tr("Bảng tính (*.xlsx *.xlsm *.csv);;Tất cả (*)"))
        if name:
            self.path_edit.setText(name)

    def isComplete(self) -> bool:
        return Path(self.path_edit.text().strip()).is_file()

    def validatePage(self) -> bool:
        # Only the first rows are read here: quick enough for the GUI thread.
        try:
            self.owner.preview = preview_file(self.path_edit.text().strip(), data_dir=self.owner.ctx.data_dir)
        except GianHangError as error:
            self.error_label.setText(error.message())
            return False
        self.error_label.clear()
        return True


class MappingPage(QWizardPage):
    """One row per column of the file: its header, what it is imported as, and example values."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Ghép cột"))
        self.setSubTitle(self.tr("Kiểm tra mỗi cột của tệp được nhập vào đâu. Lần sau tệp có cùng tiêu đề sẽ "
                                 "dùng lại cách ghép này."))
        self.info = QLabel()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Cột trong tệp"), self.tr("Nhập vào"), self.tr("Ví dụ")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.warning = QLabel()
        self.warning.setStyleSheet("color: #c00000")
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        self.combos: list[QComboBox] = []

    def field_choices(self) -> list[tuple[str, str]]:
        return [(IGNORE, self.tr("(Bỏ qua)"))] + [(f, label) for f, (label, _en, _s) in FIELDS.items()]

    def initializePage(self) -> None:
        preview = self.owner.preview
        self.info.setText(self.tr("Trang {sheet}, dòng tiêu đề {row}.").format(sheet=preview.sheet,
                                                                            row=preview.header_row)
                          + (" " + self.tr("Đã dùng cách ghép cột lần trước.") if preview.remembered else ""))
        self.table.setRowCount(len(preview.headers))
        self.combos = []
        choices = self.field_choices()
        for i, (header, field) in enumerate(zip(preview.headers, preview.columns, strict=False)):
            self.table.setItem(i, 0, QTableWidgetItem(text_value(header)))
            combo = QComboBox()
            for value, label in choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(field or IGNORE)))
            combo.currentIndexChanged.connect(self.completeChanged)
            self.table.setCellWidget(i, 1, combo)
            self.combos.append(combo)
            examples = [text_value(cells[i]) for _n, cells in preview.sample[:3] if i < len(cells)]
            self.table.setItem(i, 2, QTableWidgetItem(" · ".join(e for e in examples if e)))
        self.table.resizeColumnsToContents()

    def chosen_columns(self) -> list[str]:
        return [combo.currentData() for combo in self.combos]

    def isComplete(self) -> bool:
        columns = self.chosen_columns()
        missing = "sku" not in columns
        chosen = [c for c in columns if c]
        twice = len(chosen) != len(set(chosen))
        self.warning.setText(self.tr("Cần chọn cột Mã SP.") if missing else
                             self.tr("Mỗi loại dữ liệu chỉ ghép với một cột.") if twice else "")
        return not missing and not twice

    def set_field(self, header: str, field: str) -> None:
        """Choose `field` for the column titled `header` (what a user does with the combo)."""
        for i, combo in enumerate(self.combos):
            if self.table.item(i, 0).text() == header:
                combo.setCurrentIndex(combo.findData(field))

    def validatePage(self) -> bool:
        self.owner.columns = self.chosen_columns()
        self.owner.mapping = mapping_by_header(self.owner.preview.headers, self.owner.columns)
        return True


class ReportModel(QAbstractTableModel):
    """The dry-run report, one line per refused cell or per row, errors first."""

    def __init__(self, report: ImportReport, labels: dict[str, str], headers: list[str]):
        super().__init__()
        self.report = report
        self.headers = headers
        lines: list[tuple[Any, ...]] = []
        for result in sorted(report.results, key=lambda r: (r.status != "error", r.row)):
            if result.issues:
                lines += [(i.row, result.sku, result.status, i.column, i.message.text()) for i in result.issues]
            else:
                details = [field_label(f).text() for f in result.changed] if result.status == "update" else []
                if result.stock:
                    details.append(self.tr("tồn đầu kỳ {n}").format(n=result.stock))
                lines.append((result.row, result.sku, result.status, "", ", ".join(details)))
            # What the import mended or left out on its own (a restored zero, stock not taken).
            lines += [(n.row, result.sku, result.status, n.column, n.message.text()) for n in result.notes]
        self.lines = lines
        self.labels = labels

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 5

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = line[index.column()]
            return self.labels.get(value, value) if index.column() == 2 else value
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLORS[line[2]]))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class DryRunPage(QWizardPage):
    """Runs the dry run in the background and shows what each row would do."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.owner = wizard
        self.job: Job | None = None
        self.setTitle(self.tr("Kiểm tra trước khi nhập"))
        self.setSubTitle(self.tr("Chưa có gì được ghi. Các dòng lỗi sẽ bị bỏ qua; có thể lưu chúng ra tệp "
                                 "Excel để sửa rồi nhập lại."))
        self.setCommitPage(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.view = QTableView()
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.save_errors = QPushButton(self.tr("Lưu các dòng lỗi ra Excel…"))
        self.save_errors.clicked.connect(self.ask_errors_file)
        self.save_errors.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.save_errors, 0, Qt.AlignmentFlag.AlignRight)

    def status_labels(self) -> dict[str, str]:
        return {"new": self.tr("Thêm mới"), "update": self.tr("Cập nhật"), "unchanged": self.tr("Không đổi"),
                "error": self.tr("Lỗi")}

    def initializePage(self) -> None:
        owner = self.owner
        owner.dry_report = None
        self.summary.setText(self.tr("Đang kiểm tra…"))
        self.progress.setValue(0)
        self.progress.show()
        self.view.setModel(None)
        self.save_errors.setEnabled(False)
        path, mapping, db = owner.preview.path, owner.mapping, owner.db
        self.job = owner.tasks.read(
            lambda progress, cancel: import_file(db, path, mapping, dry_run=True, progress=progress, cancel=cancel),
            parent=self, name="import check")
        self.job.progressed.connect(self.on_progress)
        self.job.succeeded.connect(self.on_finished)
        self.job.failed.connect(self.on_failed)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _stale(self) -> bool:
        # A dry run started before the user went back and changed the mapping reports too late.
        sender = self.sender()
        return sender is not None and sender is not self.job

    def on_progress(self, fraction: float, _text: str) -> None:
        if not self._stale():
            self.progress.setValue(int(fraction * 100))

    def on_finished(self, report: ImportReport) -> None:
        if self._stale():
            return
        self.owner.dry_report = report
        self.progress.hide()
        self.summary.setText(self.tr("{rows} dòng: {new} thêm mới, {upd} cập nhật, {same} không đổi, {bad} dòng lỗi.")
                             .format(rows=report.rows, new=report.created, upd=report.updated, same=report.unchanged,
                                     bad=report.count("error")))
        headers = [self.tr("Dòng"), self.tr("Mã SP"), self.tr("Kết quả"), self.tr("Cột"), self.tr("Chi tiết")]
        self.view.setModel(ReportModel(report, self.status_labels(), headers))
        self.view.resizeColumnsToContents()
        self.save_errors.setEnabled(bool(report.failed_raw))
        self.completeChanged.emit()

    def on_failed(self, error: BaseException) -> None:
        if self._stale():
            return
        self.progress.hide()
        self.summary.setText(error_text(error))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        report = self.owner.dry_report
        return report is not None and (report.created + report.updated) > 0

    def ask_errors_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu các dòng lỗi"), "dong-loi.xlsx",
                                              self.tr("Tệp Excel (*.xlsx)") + ";;" + self.tr("Tệp CSV (*.csv)"))
        if name:
            self.save_errors_to(name)

    def save_errors_to(self, path: str | Path) -> Path:
        return errors_file.write_failed_rows(self.owner.dry_report, path)


class ImportPage(QWizardPage):
    """Writes the checked rows in one transaction, with progress and cancel."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.owner = wizard
        self.job: Job | None = None
        self.done = False
        self.setTitle(self.tr("Đang nhập"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Dừng nhập"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:
        owner = self.owner
        self.done = False
        self.summary.setText(self.tr("Đang ghi vào cơ sở dữ liệu…"))
        self.cancel_button.setEnabled(True)
        db, dry = owner.db, owner.dry_report
        self.job = owner.tasks.write(
            lambda progress, cancel: apply_import(db, dry, progress=progress, cancel=cancel),
            parent=self, name="import")
        self.job.progressed.connect(lambda f, _t: self.progress.setValue(int(f * 100)))
        self.job.succeeded.connect(self.on_finished)
        self.job.failed.connect(self.on_failed)
        self.job.cancelled.connect(self.on_cancelled)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)

    def on_finished(self, report: ImportReport) -> None:
        owner = self.owner
        owner.final_report = report
        preview = owner.preview
        remember_mapping(owner.ctx.data_dir, preview.headers, owner.columns, owner.ctx.settings.values)
        self.progress.setValue(100)
        self.cancel_button.setEnabled(False)
        self.summary.setText(self.tr("Đã nhập: {new} sản phẩm mới, {upd} cập nhật, {same} không đổi, {bad} dòng lỗi "
                                     "bỏ qua.").format(new=report.created, upd=report.updated,
                                                       same=report.unchanged, bad=report.count("error")))
        self.done = True
        self.completeChanged.emit()
        owner.imported.emit(report)

    def on_failed(self, error: BaseException) -> None:
        self.cancel_button.setEnabled(False)
        self.summary.setText(self.tr("Không nhập gì cả: {reason}").format(reason=error_text(error)))
        self.done = True
        self.completeChanged.emit()

    def on_cancelled(self) -> None:
        self.on_failed(Cancelled())

    def isComplete(self) -> bool:
        return self.done
