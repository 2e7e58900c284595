"""Fit text into a box: wrap at word boundaries, then shrink, then cut with an ellipsis."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

ELLIPSIS = "…"
LEADING = 1.18


@dataclass(frozen=True)
class Run:
    """One paragraph of a text block; ``scale`` is relative to the block's font size."""

    text: str
    bold: bool = False
    scale: float = 1.0


@dataclass(frozen=True)
class FittedLine:
    """A line placed inside its box: ``baseline`` is measured down from the box top."""

    text: str
    bold: bool
    size: float
    baseline: float
    width: float
    run: int = 0  # index of the run the line belongs to


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the box is broken between characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            while stringWidth(word, font, size) > width:
                cut = _longest_prefix(word, font, size, width)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def _longest_prefix(text: str, font: str, size: float, width: float) -> int:
    lo, hi = 1, len(text)  # always keep one character so wrapping progresses
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def truncate(text: str, font: str, size: float, width: float) -> str:
    """``text`` itself if it fits, else its longest prefix that fits followed by an ellipsis."""
    if stringWidth(text, font, size) <= width:
        return text
    for end in range(len(text), -1, -1):
        candidate = text[:end].rstrip() + ELLIPSIS
        if stringWidth(candidate, font, size) <= width:
            return candidate
    return ""


def fit_block(
    runs: Sequence[Run],
    width: float,
    height: float,
    size: float,
    min_size: float,
    fonts: tuple[str, str],
    max_lines: Sequence[int | None] | None = None,
) -> list[FittedLine]:
    """Lay out ``runs`` top-down in a ``width`` × ``height`` box.

    The block's font size goes down from ``size`` towards ``min_size`` until
    every wrapped line fits; if even ``min_size`` overflows, trailing lines are
    dropped and the last kept line ends with an ellipsis. ``max_lines`` caps
    the lines of each run (the rest is cut with an ellipsis). The result never
    extends beyond the box.
    """
    # Memoised: the sender block, captions and dates repeat on every label of a batch.
    return list(_fit_block(tuple(runs), width, height, size, min_size, fonts,
                           tuple(max_lines) if max_lines is not None else None))


@functools.lru_cache(maxsize=2048)
def _fit_block(runs, width, height, size, min_size, fonts, max_lines) -> tuple[FittedLine, ...]:
    current = size
    while True:
        lines = _layout(runs, width, current, fonts, max_lines)
        if _bottom(lines, fonts) <= height or current <= min_size:
            break
        current = max(min_size, current * 0.94)
    if _bottom(lines, fonts) > height:
        lines = _cut_to_height(lines, width, height, fonts)
    return tuple(lines)


def fits(runs: Sequence[Run], width: float, height: float, size: float,
         fonts: tuple[str, str], max_lines: Sequence[int | None] | None = None) -> bool:
    """True if ``runs`` at ``size`` fit the box without dropping any line."""
    return _bottom(_layout(runs, width, size, fonts, max_lines), fonts) <= height


def _layout(runs, width, size, fonts, max_lines) -> list[FittedLine]:
    lines: list[FittedLine] = []
    baseline = 0.0
    for index, run in enumerate(runs):
        font = fonts[1] if run.bold else fonts[0]
        run_size = size * run.scale
        ascent = getAscentDescent(font, run_size)[0]
        wrapped = wrap(run.text, font, run_size, width)
        cap = max_lines[index] if max_lines else None
        if cap is not None and len(wrapped) > cap:
            wrapped = wrapped[:cap]
            wrapped[-1] = truncate(wrapped[-1] + ELLIPSIS, font, run_size, width)
        for text in wrapped:
            baseline += ascent if not lines else run_size * LEADING
            lines.append(FittedLine(text, run.bold, run_size, baseline,
                                    stringWidth(text, font, run_size), index))
    return lines


def _bottom(lines: Sequence[FittedLine], fonts: tuple[str, str]) -> float:
    if not lines:
        return 0.0
    last = lines[-1]
    descent = -getAscentDescent(fonts[1] if last.bold else fonts[0], last.size)[1]
    return last.baseline + descent


def _cut_to_height(lines, width, height, fonts) -> list[FittedLine]:
    kept = list(lines)
    while kept and _bottom(kept, fonts) > height:
        kept.pop()
    if kept and len(kept) < len(lines) and lines[len(kept)].run == kept[-1].run:
        # The ellipsis goes on the paragraph that was cut, never after a complete one
        # (a phone number followed by "…" would look truncated).
        last = kept[-1]
        font = fonts[1] if last.bold else fonts[0]
        text = truncate(last.text + ELLIPSIS, font, last.size, width)
        kept[-1] = FittedLine(text, last.bold, last.size, last.baseline,
                              stringWidth(text, font, last.size), last.run)
    return kept
