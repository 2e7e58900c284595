"""The one way every export writes a table: .xlsx, or .csv when the file's name says so.

Both ways keep formula-like text inert (formula_guard): an .xlsx gets string cells, a .csv a
leading apostrophe. New exports call `save_table` and get that defence for free.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.styles import PatternFill

from .. import clock
from .formula_guard import guard_csv_text
from .xlsx import Column, new_workbook, save_atomically, write_atomically, write_sheet

CSV_SUFFIX = ".csv"
# UTF-8 with a byte order mark: Excel on Windows then shows Vietnamese text correctly.
CSV_ENCODING = "utf-8-sig"


def is_csv(path: str | Path) -> bool:
    """True when `path` names a .csv file (any case)."""
    return Path(path).suffix.lower() == CSV_SUFFIX


def save_table(path: str | Path, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
               cell_fills: dict[tuple[int, int], PatternFill] | None = None) -> int:
    """Write one table (a header row, then `rows`) to `path`; returns the number of data rows.

    `.csv`: UTF-8 with BOM, comma separated, money as whole đồng, dates dd/mm/yyyy (fills ignored).
    Anything else: an .xlsx workbook with one sheet named `title`.
    Raises GianHangError when the file cannot be written (nothing half-written is left).
    """
    if is_csv(path):
        return write_csv(path, columns, rows)
    workbook = new_workbook()
    count = write_sheet(workbook, title, columns, rows, cell_fills=cell_fills)
    save_atomically(workbook, path)
    return count


def write_csv(path: str | Path, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> int:
    """Write a CSV table atomically; formula-like text gets a leading apostrophe."""
    count = 0

    def write(tmp: str) -> None:
        nonlocal count
        with open(tmp, "w", encoding=CSV_ENCODING, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([csv_cell(c.header) for c in columns])
            for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the result
                writer.writerow([csv_cell(value, column.kind) for column, value in zip(columns, row, strict=False)])

    write_atomically(path, write)
    return count


def csv_cell(value: Any, kind: str = "text") -> str:
    """One value as CSV text: numbers bare, dates dd/mm/yyyy (times on the shop's clock), text guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = clock.to_local(value)
        return f"{value:%d/%m/%Y}" if kind == "date" else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | float):
        return str(value)
    return guard_csv_text(str(value))
