"""A report as tables, the one shape every export (.xlsx, PDF) and the window's grids read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spreadsheet.xlsx import Column


@dataclass(frozen=True)
class ReportTable:
    """One table of a report: a title, columns (header and kind: text, money, int, date, percent),
    the rows, and an optional total row."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class ReportDocument:
    """A whole report: a title, a subtitle (the period, the warehouse…) and its tables."""

    title: str
    subtitle: str
    tables: tuple[ReportTable, ...] = field(default=())


def margin(profit: int, revenue: int) -> float | None:
    """Gross margin in percent, one decimal (None without revenue)."""
    return round(profit * 100 / revenue, 1) if revenue else None
