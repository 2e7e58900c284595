"""Picture files known by their content, not their name; HEIC/HEIF decoding for iPhone photos.

Pillow reads JPEG, PNG, GIF, WebP, BMP, TIFF and (since 11.2, in its wheels) AVIF by itself.
HEIC/HEIF, the iPhone's default since iOS 11, needs pillow-heif (libheif with libde265), which
`register_decoders` plugs into Pillow; AVIF stays Pillow's own. A photo saved as "IMG_0412.jpg"
that is really HEIC opens all the same: Pillow picks the decoder from the first bytes.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

# ISO BMFF brands (the "ftyp" box) of HEIF and AVIF files.
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"mif2"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
SNIFF_BYTES = 32
_registered: bool | None = None


def sniff_format(head: bytes) -> str | None:
    """The picture format the first bytes of a file announce ("JPEG", "PNG", "HEIF", …), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:2] == b"BM":
        return "BMP"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head[4:8] == b"ftyp":
        brands = {head[8:12]} | {head[i:i + 4] for i in range(16, min(len(head), 32), 4)}
        if brands & _AVIF_BRANDS:
            return "AVIF"
        if brands & _HEIF_BRANDS:
            return "HEIF"
    return None


def sniff_file(path: Path) -> str | None:
    """`sniff_format` of a file's first bytes; None when it cannot be read."""
    try:
        with Path(path).open("rb") as fh:
            return sniff_format(fh.read(SNIFF_BYTES))
    except OSError:
        return None


def looks_like_picture(path: Path) -> bool:
    """Whether a file's first bytes are those of a picture format we read (its name aside)."""
    return sniff_file(path) is not None


def is_camera_raw(path: Path, suffix: str, raw_suffixes: frozenset[str]) -> bool:
    """A camera RAW file (most are TIFF inside): by its name, unless its bytes are another picture's."""
    return suffix in raw_suffixes and sniff_file(path) in (None, "TIFF")


def register_decoders() -> bool:
    """Plug pillow-heif's HEIC/HEIF decoder into Pillow (once); False when it is not installed."""
    global _registered
    if _registered is None:
        try:
            from pillow_heif import register_heif_opener
        except ImportError:  # pragma: no cover - a dependency; the app then refuses HEIC with a reason
            log.warning("pillow-heif is not installed: HEIC/HEIF photos cannot be read")
            _registered = False
        else:
            register_heif_opener()
            _registered = True
    return _registered
