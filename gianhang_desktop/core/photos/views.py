"""Plain values the photo services hand to the CLI and the window (no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..changes import Changes
from ..i18n import Msg, msg
from .pipeline import FLAG_LOW_RESOLUTION, FLAG_TOO_SMALL


def flag_message(code: str, width: int, height: int) -> Msg:
    """What a flag means for the seller, with the picture's size."""
    if code == FLAG_TOO_SMALL:
        return msg(
            "Ảnh nhỏ ({w}×{h}): Lazada và Tiki cần ít nhất 500×500",
            "Small picture ({w}×{h}): Lazada and Tiki need at least 500×500",
            w=width,
            h=height,
        )
    if code == FLAG_LOW_RESOLUTION:
        return msg(
            "Ảnh hơi nhỏ ({w}×{h}): nên từ 800×800 để khách phóng to",
            "Rather small ({w}×{h}): 800×800 or more lets buyers zoom in",
            w=width,
            h=height,
        )
    return msg("Cảnh báo: {code}", "Warning: {code}", code=code)


@dataclass(frozen=True)
class PhotoView:
    """One attached picture as shown in lists: position 1 is the cover."""

    id: int
    product_id: int
    sku: str
    position: int
    sha256: str
    original_name: str
    width: int
    height: int
    byte_size: int
    market_width: int
    market_bytes: int
    flags: tuple[str, ...]
    original_path: Path
    market_path: Path
    thumb_path: Path

    @property
    def is_cover(self) -> bool:
        return self.position == 1

    def flag_messages(self) -> list[Msg]:
        return [flag_message(code, self.width, self.height) for code in self.flags]

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "position": self.position,
            "cover": self.is_cover,
            "sha256": self.sha256,
            "original_name": self.original_name,
            "width": self.width,
            "height": self.height,
            "byte_size": self.byte_size,
            "market_size": self.market_width,
            "market_bytes": self.market_bytes,
            "flags": [
                {"code": code, "message": m.text(lang)}
                for code, m in zip(self.flags, self.flag_messages(), strict=True)
            ],
            "original_path": str(self.original_path),
            "market_path": str(self.market_path),
            "thumb_path": str(self.thumb_path),
        }


Status = Literal["ok", "flagged", "skipped", "error"]


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of an import: attached (maybe with flags), skipped or refused."""

    source: Path
    status: Status
    sku: str | None = None
    position: int | None = None
    code: str | None = None  # error or skip code, e.g. "corrupt", "duplicate"
    messages: tuple[Msg, ...] = ()
    flags: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.status == "error"

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "file": str(self.source),
            "status": self.status,
            "sku": self.sku,
            "position": self.position,
            "code": self.code,
            "flags": list(self.flags),
            "messages": [m.text(lang) for m in self.messages],
        }


@dataclass(frozen=True)
class ImportReport:
    """The outcome of `attach_photos` or `import_folder`: one entry per file, in input order."""

    outcomes: tuple[FileOutcome, ...]
    changes: Changes
    unmatched: tuple[Path, ...] = ()  # import-folder: pictures whose name matches no SKU
    attached: dict[str, int] = field(default_factory=dict)  # SKU -> pictures attached

    @property
    def failed(self) -> bool:
        return any(o.failed for o in self.outcomes)

    def count(self, status: Status) -> int:
        return sum(o.status == status for o in self.outcomes)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "files": [o.to_json(lang) for o in self.outcomes],
            "attached": dict(self.attached),
            "unmatched": [str(p) for p in self.unmatched],
            "counts": {s: self.count(s) for s in ("ok", "flagged", "skipped", "error")},
        }
