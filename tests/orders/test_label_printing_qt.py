"""Printing through Qt draws the same label: decodable at thermal-printer resolution, right paper."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402

from gianhang_desktop.core.labels.layout import SIZES, build_label  # noqa: E402
from gianhang_desktop.gui.orders.label_printing import (  # noqa: E402
    configure_printer,
    paint_label,
    print_labels,
)
from tests.orders import poppler  # noqa: E402
from tests.orders.label_samples import typical, very_long  # noqa: E402

MM = 72 / 25.4


def test_painted_label_decodes_at_203_dpi(qtbot, tmp_path):
    image = QImage(800, 1200, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    paint_label(painter, build_label(typical("GH-2611-0777"), 100 * MM, 150 * MM), 0, 0, 203.2)
    painter.end()
    png = tmp_path / "label.png"
    assert image.save(str(png))
    symbols = poppler.run("zbarimg", "-q", png, check=False).split()
    assert sorted(symbols) == ["CODE-128:GH-2611-0777", "QR-Code:GH-2611-0777"]


@pytest.mark.parametrize("size", ["a6", "a4x4"])
def test_printer_gets_the_label_paper(qtbot, tmp_path, size):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    configure_printer(printer, size)
    pages = print_labels([typical(), very_long(), typical("GH-2")], printer, size)
    assert pages == (1 if size == "a4x4" else 3)
    w_mm, h_mm = SIZES[size].page_mm
    for w, h in poppler.page_sizes(out):
        assert w == pytest.approx(w_mm * MM, abs=1.5) and h == pytest.approx(h_mm * MM, abs=1.5)


