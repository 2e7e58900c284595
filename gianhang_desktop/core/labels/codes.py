"""Barcode geometry: Code 128 bars and QR modules, computed once and drawn by any backend."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128


@dataclass(frozen=True)
class Code128Bars:
    """Dark bars as ``(start, width)`` in modules; ``modules`` excludes the quiet zones."""

    value: str
    bars: tuple[tuple[int, int], ...]
    modules: int


@dataclass(frozen=True)
class QrMatrix:
    """Dark QR modules as row runs ``(row, start_col, length)``; ``size`` modules a side."""

    payload: str
    runs: tuple[tuple[int, int, int], ...]
    size: int


def is_printable_ascii(text: str) -> bool:
    return bool(text) and all(32 <= ord(ch) < 127 for ch in text)


def code128(value: str) -> Code128Bars:
    """Code 128 bars for ``value`` (printable ASCII only, as couriers' scanners expect)."""
    if not is_printable_ascii(value):
        raise ValueError(f"Code 128 needs printable ASCII, got {value!r}")
    barcode = Code128(value, quiet=0)
    barcode.validate()
    barcode.encode()
    pattern = barcode.decompose()
    bars: list[tuple[int, int]] = []
    position = 0
    for ch in pattern:  # upper case letters are bars, lower case spaces; A/a = 1 module
        width = ord(ch.lower()) - ord("a") + 1
        if ch.isupper():
            bars.append((position, width))
        position += width
    return Code128Bars(value, tuple(bars), position)


def qr(payload: str, level: str = "M") -> QrMatrix:
    """QR modules for an ASCII ``payload`` (error correction M by default)."""
    if not is_printable_ascii(payload):
        raise ValueError(f"QR payload must be printable ASCII, got {payload!r}")
    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(payload)
    code.version = code.calculate_version()
    best_mask = min(range(8), key=lambda mask: _penalty(_masked(code, mask)))
    code.makeImpl(False, best_mask)
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(code.modules):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return QrMatrix(payload, tuple(runs), code.getModuleCount())


def _masked(code: qrencoder.QRCode, mask: int) -> list[str]:
    code.makeImpl(True, mask)
    return [bytes(row).translate(_BITS).decode() for row in code.modules]


_BITS = bytes.maketrans(b"\x00\x01", b"01")
_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER = re.compile(r"(?=(00001011101|10111010000))")


def _penalty(rows: list[str]) -> int:
    """ISO/IEC 18004 mask penalty (rules N1–N4) on rows of "0"/"1"; string scans keep it fast.

    reportlab's own scorer is pure Python per module and dominated label rendering time.
    """
    columns = ["".join(col) for col in zip(*rows, strict=True)]
    lines = "|".join((*rows, *columns))  # "|" keeps runs from joining across lines
    runs = _RUN.findall(lines)
    score = sum(map(len, runs)) - 2 * len(runs)  # N1: runs of 5+ of one colour
    score += 40 * len(_FINDER.findall(lines))  # N3: finder-like patterns
    # N2: 2×2 blocks of one colour, with each row as an int so a whole row is one operation
    bits = [int(row, 2) for row in rows]
    width_mask = (1 << (len(rows[0]) - 1)) - 1
    for upper, lower in zip(bits, bits[1:], strict=False):
        same = ~(upper ^ (upper >> 1)) & ~(lower ^ (lower >> 1)) & ~(upper ^ lower)
        score += 3 * (same & width_mask).bit_count()
    dark = sum(row.count("1") for row in rows) * 100 // (len(rows) ** 2)
    return score + 10 * (abs(dark - 50) // 5)  # N4: dark/light balance
