"""Writing .xlsx sheets the way clerks expect: bold frozen header, đồng format, fitting widths, real dates.

Text that looks like a formula is always a string cell (see formula_guard): no export carries a
live formula, whatever the data holds.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import clock
from ..errors import GianHangError
from ..i18n import msg
from .formula_guard import looks_like_formula

VND_FORMAT = '#,##0 "₫"'
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INT_FORMAT = "#,##0"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
WIDTH_SAMPLE = 2000
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, money, int, date, datetime

    @property
    def number_format(self) -> str | None:
        return {"money": VND_FORMAT, "int": INT_FORMAT, "date": DATE_FORMAT, "datetime": DATETIME_FORMAT}.get(self.kind)


def display_width(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == "money" and isinstance(value, int):
        return len(f"{value:,}") + 2
    if kind == "date":
        return 10
    if kind == "datetime":
        return 16
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_sheet(workbook: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
                *, cell_fills: dict[tuple[int, int], PatternFill] | None = None) -> int:
    """Add a write-only sheet: bold frozen header, formats per column, widths from the first rows."""
    sheet = workbook.create_sheet(title)
    rows = iter(rows)
    head = list(islice(rows, WIDTH_SAMPLE))
    for i, column in enumerate(columns, start=1):
        widest = max([len(column.header)] + [display_width(r[i - 1], column.kind) for r in head])
        sheet.column_dimensions[get_column_letter(i)].width = max(MIN_WIDTH, min(MAX_WIDTH, widest + 2))
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = text_cell(sheet, column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    count = 0
    for count, row in enumerate(chain(head, rows), start=1):
        sheet.append(_cells(sheet, columns, row, count, cell_fills))
    if count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count


def _cells(sheet, columns: Sequence[Column], row: Sequence[Any], index: int,
           fills: dict[tuple[int, int], PatternFill] | None) -> Iterator[Any]:
    for j, (column, value) in enumerate(zip(columns, row, strict=False)):
        fmt = column.number_format
        fill = fills.get((index, j)) if fills else None
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = clock.to_local(value).replace(tzinfo=None)  # Excel has no time zones: the shop's time
        if isinstance(value, str) and looks_like_formula(value):
            cell = text_cell(sheet, value)
            if fill is not None:
                cell.fill = fill
            yield cell
        elif (fmt and value is not None) or fill is not None or isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT if column.kind != "date" else DATE_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif fmt:
                cell.number_format = fmt
            if fill is not None:
                cell.fill = fill
            yield cell
        else:
            yield value


def text_cell(sheet, value: Any) -> WriteOnlyCell:
    """A cell that holds `value` as text, never as a formula, even when it begins with "=".

    Formula-like text also gets Excel's quote prefix (the "'" a clerk would type), so it stays
    text when the cell is edited in Excel.
    """
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def save_atomically(workbook: Workbook, path: str | Path) -> Path:
    """Save next to the target and rename, so a failure never leaves half a file behind."""
    return write_atomically(path, lambda tmp: _save(workbook, tmp), on_failure=lambda: _discard(workbook))


def _save(workbook: Workbook, filename: str) -> None:
    """`Workbook.save`, with the zip closed whatever happens: openpyxl leaves it open when a write
    fails (a full disk), and Python's clean-up of it at exit prints a traceback after our message."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    workbook.properties.modified = clock.now_utc().replace(tzinfo=None)
    with ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()


def write_atomically(path: str | Path, write: Callable[[str], Any], *,
                     on_failure: Callable[[], Any] | None = None) -> Path:
    """Call `write(temporary path)` next to `path`, then rename it into place.

    A failure never leaves half a file behind; an OSError becomes one GianHangError naming the file
    (DiskFull or ReadOnlyFolder, core.disk, for a full disk or a place that cannot be written).
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gianhang-", suffix=path.suffix or ".tmp")
    except OSError as error:
        if on_failure is not None:
            on_failure()
        raise _cannot_write(path, error) from None
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if on_failure is not None:
            on_failure()
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from None
        raise
    return path


def _cannot_write(path: Path, error: OSError) -> GianHangError:
    from ..disk import disk_error

    return disk_error(error, path.parent) or GianHangError(msg(
        "Không ghi được tệp {path}: {err}", "Cannot write {path}: {err}", path=path, err=error.strerror or error))


def _discard(workbook: Workbook) -> None:
    # A write-only sheet holds an open temporary file until it is saved or closed.
    for sheet in workbook.worksheets:
        try:
            sheet.close()
        except Exception:  # already closed, or nothing written
            pass
