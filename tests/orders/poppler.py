"""Run the Debian PDF and barcode tools the label tests rely on (poppler-utils, zbar-tools)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGES = {"pdfinfo": "poppler-utils", "pdftotext": "poppler-utils", "pdftoppm": "poppler-utils",
            "pdffonts": "poppler-utils", "zbarimg": "zbar-tools"}


def run(tool: str, *args: str | Path, check: bool = True) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} not found: install Debian package {PACKAGES[tool]} "
                    f"(apt-get install {PACKAGES[tool]}); .ci/run installs it", pytrace=False)
    result = subprocess.run([tool, *map(str, args)], capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{tool} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = run("pdfinfo", "-f", "1", "-l", "9999", pdf)
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)]


def text(pdf: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", "-layout", pdf, "-")


def word_boxes(pdf: Path) -> list[tuple[int, float, float, str, tuple[float, float, float, float]]]:
    """(page number, page width, page height, word, (xmin, ymin, xmax, ymax)) for every word."""
    html = run("pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-")
    words = []
    for number, page in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                                              html, re.S), start=1):
        width, height = float(page.group(1)), float(page.group(2))
        for m in re.finditer(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                             r'yMax="([-\d.]+)">(.*?)</word>', page.group(3)):
            box = tuple(float(m.group(i)) for i in range(1, 5))
            words.append((number, width, height, m.group(5), box))
    return words


def decode_barcodes(pdf: Path, workdir: Path, dpi: int = 300) -> list[list[str]]:
    """Per page, the symbols zbarimg reads from a ``dpi`` render, as "TYPE:data" strings."""
    prefix = workdir / "render"
    run("pdftoppm", "-r", str(dpi), "-png", pdf, prefix)
    pages = []
    for png in sorted(workdir.glob("render-*.png")):
        out = run("zbarimg", "-q", png, check=False)
        pages.append(sorted(line for line in out.splitlines() if line))
        png.unlink()
    return pages


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, embedded yes/no) for each font object in the PDF."""
    lines = run("pdffonts", pdf).splitlines()[2:]
    result = []
    for line in lines:
        parts = line.split()
        result.append((parts[0], parts[-5]))
    return result
