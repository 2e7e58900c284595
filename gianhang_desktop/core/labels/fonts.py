"""The bundled Vietnamese-capable TrueType font, registered with reportlab once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..resources import resource_path

REGULAR = "GHNotoSans"
BOLD = "GHNotoSans-Bold"

_FILES = {REGULAR: "NotoSans-Regular.ttf", BOLD: "NotoSans-Bold.ttf"}


def font_dir() -> Path:
    """Folder holding the bundled fonts and their licence (OFL.txt)."""
    return resource_path("fonts")


@dataclass(frozen=True)
class LabelFonts:
    """Names of the registered fonts, as used with ``canvas.setFont``."""

    regular: str = REGULAR
    bold: str = BOLD


@functools.cache
def register_fonts() -> LabelFonts:
    """Register Noto Sans regular and bold with reportlab (idempotent, once per process).

    reportlab embeds a registered TrueType font as subsets shared by the whole
    document, so a PDF of 1,000 labels carries each glyph subset once.
    """
    folder = font_dir()
    for name, filename in _FILES.items():
        path = folder / filename
        if not path.is_file():
            raise FileNotFoundError(f"bundled font missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    return LabelFonts()
