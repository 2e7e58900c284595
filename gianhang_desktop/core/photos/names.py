"""Which product a picture file belongs to, from a file name that begins with the SKU."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .formats import looks_like_picture

PICTURE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".apng", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".avif",
     ".heic", ".heif", ".hif"}
)
# Camera raw files we do not develop; named so that the clerk learns why they were left out.
UNSUPPORTED_PICTURE_SUFFIXES = frozenset({".dng", ".cr2", ".cr3", ".nef", ".arw", ".raf", ".orf", ".rw2"})

_NUMBERS = re.compile(r"\d+")


def sku_match_key(text: str) -> str:
    """The form in which a SKU and a file name are compared: NFC, trimmed, case-folded."""
    return unicodedata.normalize("NFC", text).strip().casefold()


@dataclass
class FolderPlan:
    """Pictures of a folder grouped by the product they name, in the order to attach them."""

    by_sku: dict[str, list[Path]] = field(default_factory=dict)
    unmatched: list[Path] = field(default_factory=list)  # pictures whose name matches no SKU
    unsupported: list[Path] = field(default_factory=list)  # e.g. HEIC: convert on the phone

    @property
    def file_count(self) -> int:
        return sum(len(files) for files in self.by_sku.values())


class SkuMatcher:
    """Finds the longest SKU a file name starts with, followed by a separator or the end.

    `VT-001_1.jpg`, `VT-001 (2).jpg` and `vt-001-3.png` all name VT-001; with both VT-001
    and VT-001-A in the catalogue, `VT-001-A_1.jpg` names VT-001-A. `VT-0012.jpg` does not
    name VT-001: the SKU must end where a word ends.
    """

    def __init__(self, skus: Iterable[str], key: Callable[[str], str] = sku_match_key) -> None:
        self._key = key
        self._skus = {key(sku): sku for sku in skus if sku and key(sku)}

    def match(self, file_name: str) -> tuple[str, str] | None:
        """Return (sku, rest of the name after the SKU) or None."""
        stem = self._key(Path(file_name).stem)
        for end in range(len(stem), 0, -1):
            if end < len(stem) and stem[end].isalnum():
                continue
            sku = self._skus.get(stem[:end])
            if sku is not None:
                return sku, stem[end:]
        return None


def sequence_key(rest: str, name: str) -> tuple:
    """Order `VT-001.jpg`, `VT-001_1.jpg`, `VT-001 (2).jpg`, `VT-001-10.jpg` naturally."""
    numbers = tuple(int(n) for n in _NUMBERS.findall(rest))
    return (len(numbers) > 0, numbers, name.casefold())


def plan_folder(
    folder: Path, skus: Iterable[str], *, recursive: bool = True, key=sku_match_key
) -> FolderPlan:
    """Group the pictures under `folder` by SKU; hidden files and non-pictures are skipped."""
    matcher = SkuMatcher(skus, key)
    plan = FolderPlan()
    keyed: dict[str, list[tuple[tuple, Path]]] = {}
    files = folder.rglob("*") if recursive else folder.glob("*")
    for path in sorted(files):
        if not path.is_file() or any(
            part.startswith(".") for part in path.relative_to(folder).parts
        ):
            continue
        suffix = path.suffix.casefold()
        if suffix in UNSUPPORTED_PICTURE_SUFFIXES:
            plan.unsupported.append(path)
            continue
        if suffix not in PICTURE_SUFFIXES and not looks_like_picture(path):
            continue  # a picture is known by its content too: "IMG_0412" without an extension
        found = matcher.match(path.name)
        if found is None:
            plan.unmatched.append(path)
            continue
        sku, rest = found
        keyed.setdefault(sku, []).append((sequence_key(rest, path.name), path))
    for sku in sorted(keyed, key=sku_match_key):
        plan.by_sku[sku] = [path for _, path in sorted(keyed[sku])]
    return plan
