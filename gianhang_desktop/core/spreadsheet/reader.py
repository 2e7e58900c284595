"""Stream the rows of an .xlsx or .csv file as plain values, refusing what is not a spreadsheet."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GianHangError
from ..i18n import Msg, msg
from .formula_guard import unguard_csv_text

_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TAG = re.compile(rb"<(?:\w+:)?(row|v|is|f)[\s>/]([^>]*)")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_SNIFF_BYTES = 64 * 1024


class UnreadableFile(GianHangError):
    """The file itself cannot be read as a spreadsheet (not one, encrypted, corrupt, empty, no header)."""


@dataclass(frozen=True)
class FormulaWithoutValue:
    """A formula cell whose result was never computed (the file was not saved by Excel)."""

    formula: str

    def __str__(self) -> str:
        return self.formula


class Sheet:
    """One sheet of an open workbook (or the single table of a CSV file), read lazily."""

    def __init__(self, book: Spreadsheet, name: str, estimated_rows: int | None):
        self.book = book
        self.name = name
        self.estimated_rows = estimated_rows
        self._scan: tuple[bool, int | None] | None = None

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number as the spreadsheet shows it, cell values) for every row, blank ones included."""
        if self.book.kind == "csv":
            yield from _csv_rows(self.book.path)
        else:
            yield from self.book._xlsx_rows(self)


class Spreadsheet:
    """An open .xlsx or .csv file (a context manager); the workbook is loaded once and shared."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        self.kind = kind
        self.sheets: list[Sheet] = []
        self._values = None
        self._formulas = None

    def __enter__(self) -> Spreadsheet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for book in (self._values, self._formulas):
            if book is not None:
                book.close()
        self._values = self._formulas = None

    def _xlsx_rows(self, sheet: Sheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
        from openpyxl import load_workbook

        path = self.path
        try:
            ws = self._values[sheet.name]
            if sheet._scan is None:
                member = getattr(ws, "_worksheet_path", None)
                sheet._scan = _scan_sheet(path, member) if member else (True, -1)
            has_formulas, last_row = sheet._scan
            if last_row is None:
                return  # not a single value in the sheet, however many formatted rows it has
            # Formatted blank rows below the data (a clerk formatting whole columns leaves 100,000
            # of them) are never parsed: the scan found the last row holding a value.
            limit = last_row if last_row > 0 else None
            values = ws.iter_rows(max_row=limit, values_only=True)
            if not has_formulas:
                for number, row in enumerate(values, start=1):
                    yield number, row
                return
            # Cached results are what a clerk sees; formulas saved without one (files written by
            # programs, never opened in Excel) are found by reading the formulas alongside.
            if self._formulas is None:
                self._formulas = load_workbook(path, read_only=True, data_only=False)
            formulas = self._formulas[sheet.name].iter_rows(max_row=limit, values_only=True)
            for number, (row, source) in enumerate(zip(values, formulas, strict=False), start=1):
                if any(v is None and _is_formula(f) for v, f in zip(row, source, strict=False)):
                    row = tuple(
                        FormulaWithoutValue(str(getattr(f, "text", f))) if v is None and _is_formula(f) else v
                        for v, f in zip(row, source, strict=False)
                    )
                yield number, row
        except Exception:  # damaged XML (ParseError), zip or zlib errors, from openpyxl, mid-sheet
            raise _corrupt(path) from None


def open_spreadsheet(path: str | Path) -> Spreadsheet:
    """Open `path` with its sheets listed, the active one first; raises UnreadableFile with a clear
    reason. Close it (or use it in a `with` block) when done."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(msg("Không tìm thấy tệp: {path}", "File not found: {path}", path=path))
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as error:
        raise UnreadableFile(msg("Không mở được tệp {path}: {err}", "Cannot open {path}: {err}",
                                 path=path.name, err=error.strerror or error)) from None
    if not head:
        raise UnreadableFile(msg("Tệp {path} trống", "The file {path} is empty", path=path.name))
    if head.startswith(_CFB_MAGIC):
        raise UnreadableFile(_cfb_reason(path))
    if head.startswith(_ZIP_MAGIC):
        return _xlsx_sheets(path)
    # Anything else must be text (a CSV, even one misnamed .xlsx by a web shop's export).
    _csv_encoding(path, head)
    book = Spreadsheet(path, "csv")
    book.sheets = [Sheet(book, path.stem, None)]
    return book


def _not_spreadsheet(path: Path) -> Msg:
    return msg(
        "Tệp {path} không phải bảng tính Excel (.xlsx) hay CSV",
        "{path} is not an Excel (.xlsx) or CSV spreadsheet", path=path.name,
    )


def _cfb_reason(path: Path) -> Msg:
    # Password-protected .xlsx files are OLE containers holding an "EncryptionInfo" stream;
    # other OLE files are Excel 97-2003 workbooks (.xls) or Word documents.
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data:
        return msg(
            "Tệp {path} được đặt mật khẩu: hãy mở trong Excel, bỏ mật khẩu và lưu lại rồi nhập",
            "{path} is password-protected: open it in Excel, remove the password, save and import again",
            path=path.name,
        )
    return msg(
        "Tệp {path} là định dạng Excel cũ (.xls) hoặc không phải bảng tính: hãy lưu lại dạng .xlsx",
        "{path} is an old Excel (.xls) file or not a spreadsheet: save it as .xlsx",
        path=path.name,
    )


def _corrupt(path: Path) -> UnreadableFile:
    return UnreadableFile(msg(
        "Tệp {path} bị hỏng hoặc không phải tệp Excel (.xlsx) hợp lệ",
        "{path} is damaged or not a valid Excel (.xlsx) file", path=path.name,
    ))


def _xlsx_sheets(path: Path) -> Spreadsheet:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise UnreadableFile(_not_spreadsheet(path))
            if archive.testzip() is not None:
                raise _corrupt(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise _corrupt(path) from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except UnreadableFile:
        raise
    except Exception:  # openpyxl raises many kinds on damaged XML
        raise _corrupt(path) from None
    book = Spreadsheet(path, "xlsx")
    book._values = workbook
    active = workbook.active
    ordered = [active] + [ws for ws in workbook.worksheets if ws is not active]
    book.sheets = [
        Sheet(book, ws.title, ws.max_row if isinstance(ws.max_row, int) else None)
        for ws in ordered if ws is not None and hasattr(ws, "iter_rows")
    ]
    return book


def _is_formula(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return value is not None and hasattr(value, "text") and not isinstance(value, int | float)


def _scan_sheet(path: Path, member: str) -> tuple[bool, int | None]:
    """(has formulas, number of the last row holding a value or None) from the raw sheet XML.

    A byte scan in 1 MiB chunks, far faster than parsing cells, with flat memory. Returns
    (True, -1), meaning "unknown: read everything", when rows carry no numbers.
    """
    has_formulas, current, last = False, 0, None
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as fh:
            buffer = b""
            while chunk := fh.read(1 << 20):
                buffer += chunk
                cut = buffer.rfind(b"<")
                part, buffer = buffer[:cut], buffer[cut:]
                for match in _TAG.finditer(part):
                    tag = match.group(1)
                    if tag == b"row":
                        number = _ROW_NUMBER.search(match.group(2))
                        if number is None:
                            return True, -1
                        current = int(number.group(1))
                    else:
                        has_formulas = has_formulas or tag == b"f"
                        last = current
            for match in _TAG.finditer(buffer):
                if match.group(1) != b"row":
                    last = current
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        return True, -1
    return has_formulas, last


def _csv_encoding(path: Path, head: bytes) -> str:
    """The encoding of a CSV file from its first bytes.

    UTF-8 (with or without a BOM) and UTF-16 (with a BOM, or without one when every other byte of
    ASCII text is zero) are recognised by their bytes. Anything else is an old Windows code page:
    Vietnamese (1258, which writes tone marks as combining characters) or Western (1252, what
    Excel writes on an English Windows), whichever reads as more plausible Vietnamese.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        unbommed = _utf16_without_bom(head)
        if unbommed is None:
            raise UnreadableFile(_not_spreadsheet(path))
        return unbommed
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A cut in the middle of a multi-byte character at the end of the sample is fine.
        if error.start >= len(head) - 3 and len(head) == _SNIFF_BYTES:
            return "utf-8"
    scores = {}
    for encoding in ("cp1258", "cp1252"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Vietnamese in code page 1258 writes most tone marks as combining characters; when both
        # readings are equally plausible, those marks decide.
        tones = sum(1 for ch in text if ch in _TONE_MARKS)
        scores[encoding] = (_foreign_letters(text), -tones if encoding == "cp1258" else 0)
    if not scores:
        raise UnreadableFile(_not_spreadsheet(path))
    return min(scores, key=lambda e: (scores[e], e))


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[: len(head) - len(head) % 2]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if half and odd_zeros >= 0.3 * half and even_zeros <= 0.05 * half:
        encoding = "utf-16-le"
    elif half and even_zeros >= 0.3 * half and odd_zeros <= 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _vietnamese_letters() -> frozenset[str]:
    letters = set("đĐ")
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"):
            letters.update(unicodedata.normalize("NFC", c + tone) for c in (base, base.upper()))
    return frozenset(letters)


_VIETNAMESE = _vietnamese_letters()
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_COMMON_SYMBOLS = frozenset("₫€£°±×÷…–—‘’“”•·\u00a0§©®™")


def _foreign_letters(text: str) -> int:
    """How many characters of `text` are neither ASCII, Vietnamese letters nor common symbols."""
    text = unicodedata.normalize("NFC", text)
    return sum(1 for ch in text if not ch.isascii() and ch not in _VIETNAMESE and ch not in _COMMON_SYMBOLS)


def _csv_delimiter(sample: str) -> str:
    """The delimiter (",", ";" or tab) under which most rows have the same number (≥ 2) of cells.

    A cell's own tabs or semicolons (a guarded "'\t…" text, "Hộp; 500 g") must not outvote the
    file's delimiter: csv.Sniffer alone picks tab for a comma file whose cells hold tabs. Title
    rows above the header count for nothing. A sample no delimiter splits goes by the most
    frequent delimiter character (a blank ";;" file is read with ";").
    """
    best, best_score = None, (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(row)][:41]
        except csv.Error:
            continue
        rows = rows[:-1] if len(rows) > 1 else rows  # the sample may cut its last row short
        widths = Counter(len(row) for row in rows if len(row) >= 2)
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    if best is not None:
        return best
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (";", ",", "\t")}
    most = max(counts, key=counts.get)
    return most if counts[most] else ","


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    encoding = _csv_encoding(path, head)
    sample = head.decode(encoding, errors="ignore")
    delimiter = _csv_delimiter(sample)
    try:
        with path.open(encoding=encoding, newline="") as fh:
            for number, row in enumerate(csv.reader(fh, delimiter=delimiter), start=1):
                # Code page 1258 writes tone marks as separate characters: NFC joins them. Our own CSV
                # exports guard formula-like text with an apostrophe: give the text back.
                yield number, tuple(unguard_csv_text(unicodedata.normalize("NFC", cell)) for cell in row)
    except (UnicodeDecodeError, csv.Error):
        raise UnreadableFile(msg(
            "Tệp CSV {path} bị lỗi mã hoá hoặc định dạng (hãy lưu lại dạng CSV UTF-8)",
            "The CSV file {path} has bad encoding or format (save it as CSV UTF-8)", path=path.name,
        )) from None


__all__ = ["FormulaWithoutValue", "Sheet", "Spreadsheet", "UnreadableFile", "open_spreadsheet"]
