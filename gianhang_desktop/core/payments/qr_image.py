"""A VietQR payload drawn as a QR code (segno): a picture file, PNG bytes for the screen, modules
for a PDF. Error correction M (15 %), as bank apps read it off a phone screen or a thermal roll."""

from __future__ import annotations

import io
from pathlib import Path

import segno

from ..disk import write_atomically
from ..errors import ValidationError
from ..i18n import msg
from ..labels.codes import QrMatrix, dark_runs

KINDS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".eps": "eps"}
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white border the QR standard asks for


def make(payload: str) -> segno.QRCode:
    """The QR code of `payload` (byte mode, error correction M, never a Micro QR)."""
    return segno.make_qr(payload, error=ERROR_LEVEL, boost_error=False, encoding="utf-8")


def save_qr(payload: str, path: str | Path, *, scale: int = 8) -> Path:
    """Write the QR of `payload` to `path`: PNG, SVG, PDF or EPS by its extension, whole or not at all.

    Raises:
        ValidationError("out"): an extension other than .png, .svg, .pdf, .eps.
        DiskFull, ReadOnlyFolder: the file cannot be written.
    """
    path = Path(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise ValidationError("out", msg("Tệp ảnh QR phải là .png, .svg, .pdf hoặc .eps: {path}",
                                         "The QR picture must be .png, .svg, .pdf or .eps: {path}", path=path.name))
    buffer = io.BytesIO()
    make(payload).save(buffer, kind=kind, scale=scale, border=QUIET_ZONE)
    return write_atomically(path, buffer.getvalue())


def qr_png(payload: str, *, scale: int = 8) -> bytes:
    """The QR of `payload` as PNG bytes (the window shows them)."""
    buffer = io.BytesIO()
    make(payload).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()


def qr_matrix(payload: str) -> QrMatrix:
    """The dark modules of the QR of `payload` as row runs, for drawing in a PDF (no quiet zone)."""
    rows = list(make(payload).matrix)
    return QrMatrix(payload, dark_runs(rows), len(rows))
