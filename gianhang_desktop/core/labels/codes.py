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
    # In test mode the format bits are all light, so the eight candidates differ only by
    # the mask XOR over the data modules: build once, then flip whole rows as integers.
    code.makeImpl(True, 0)
    size = code.getModuleCount()
    base = [int(bytes(row).translate(_BITS), 2) for row in code.modules]
    flips = _mask_rows(code)
    best_mask = min(range(8), key=lambda mask: _penalty(
        [row ^ flips[0][r] ^ flips[mask][r] for r, row in enumerate(base)], size))
    code.makeImpl(False, best_mask)
    return QrMatrix(payload, dark_runs(code.modules), code.getModuleCount())


def dark_runs(rows) -> tuple[tuple[int, int, int], ...]:
    """The dark modules of a QR matrix (rows of truthy/falsy) as (row, first column, length) runs."""
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return tuple(runs)


_mask_cache: dict[int, tuple[tuple[int, ...], ...]] = {}


def _mask_rows(code: qrencoder.QRCode) -> tuple[tuple[int, ...], ...]:
    """Per mask pattern, per row: the data modules that mask darkens, as an int (col 0 = MSB)."""
    cached = _mask_cache.get(code.version)
    if cached is None:
        size = code.getModuleCount()
        table = []
        for mask in range(8):
            darkens = qrencoder.QRUtil.getMask(mask)
            rows = [0] * size
            for col, row in code.dataPosIterator():
                if darkens(row, col):
                    rows[row] |= 1 << (size - 1 - col)
            table.append(tuple(rows))
        cached = _mask_cache[code.version] = tuple(table)
    return cached


_BITS = bytes.maketrans(b"\x00\x01", b"01")
_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER = re.compile(r"(?=(00001011101|10111010000))")


def _penalty(bits: list[int], size: int) -> int:
    """ISO/IEC 18004 mask penalty (rules N1–N4) on rows given as ints; string and bit
    operations keep it fast (reportlab's own scorer, module by module, dominated label time).
    """
    rows = [format(row, f"0{size}b") for row in bits]
    columns = ["".join(col) for col in zip(*rows, strict=True)]
    lines = "|".join((*rows, *columns))  # "|" keeps runs from joining across lines
    runs = _RUN.findall(lines)
    score = sum(map(len, runs)) - 2 * len(runs)  # N1: runs of 5+ of one colour
    score += 40 * len(_FINDER.findall(lines))  # N3: finder-like patterns
    # N2: 2×2 blocks of one colour, with each row as an int so a whole row is one operation
    width_mask = (1 << (size - 1)) - 1
    for upper, lower in zip(bits, bits[1:], strict=False):
        same = ~(upper ^ (upper >> 1)) & ~(lower ^ (lower >> 1)) & ~(upper ^ lower)
        score += 3 * (same & width_mask).bit_count()
    dark = sum(row.count("1") for row in rows) * 100 // (len(rows) ** 2)
    return score + 10 * (abs(dark - 50) // 5)  # N4: dark/light balance
