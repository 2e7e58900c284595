"""The rows an import refused, saved as an .xlsx (or .csv) with an error column, to fix and import again."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import msg
from .table_file import save_table
from .values import FormulaWithoutValue
from .xlsx import ERROR_FILL, Column

if TYPE_CHECKING:
    from .importer import ImportReport

ERROR_HEADER = msg("Lỗi", "Error")
ROW_HEADER = msg("Dòng gốc", "Original row")


def write_failed_rows(report: ImportReport, path: str | Path) -> Path:
    """Write the refused rows with their original cells, a "Lỗi" column and the offending cells
    highlighted. The header row is the file's own, so the fixed file imports as it is."""
    headers = [("" if h is None else str(h)) for h in report.headers]
    width = len(headers)
    columns = [Column(h, "date" if f in ("expiry", "harvest") else "text") for h, f in
               zip(headers, report.columns, strict=False)]
    columns += [Column(ERROR_HEADER.text()), Column(ROW_HEADER.text(), "int")]
    issues_by_row: dict[int, list] = {}
    for issue in report.errors:
        issues_by_row.setdefault(issue.row, []).append(issue)
    rows, fills = [], {}
    for index, (number, raw) in enumerate(sorted(report.failed_raw.items()), start=1):
        cells = [_plain(c) for c in raw[:width]] + [None] * (width - len(raw))
        issues = issues_by_row.get(number, [])
        for issue in issues:
            if issue.column in headers:
                fills[(index, headers.index(issue.column))] = ERROR_FILL
        text = "; ".join(f"{i.column}: {i.message.text()}" for i in issues)
        rows.append(cells + [text, number])
    save_table(path, msg("Dòng lỗi", "Failed rows").text(), columns, rows, cell_fills=fills)
    return Path(path)


def _plain(value: Any) -> Any:
    return None if isinstance(value, FormulaWithoutValue) else value
