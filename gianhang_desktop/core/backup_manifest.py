"""A backup's `manifest.json`, read strictly: every field of the right type and size, or refused.

A backup file may come from anywhere (a USB stick, a chat attachment, another tool), so nothing
in it is trusted: the manifest is read with a size limit, must be a JSON object of the known
shape, and every value is checked (types exactly: `true` is not a size; sizes within limits;
hashes 64 hex digits; photo paths relative and harmless on Windows and Linux; a creation time
that is not in the future). Anything else raises `ManifestError` with a short, one-line reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath

from .clock import now_utc

MANIFEST_NAME = "manifest.json"
APP_ID = "gianhang-desktop"
FORMAT = 1
MAX_MANIFEST_BYTES = 64 << 20  # a 300,000-photo index is about 40 MB
MAX_FILE_BYTES = 1 << 40  # 1 TiB: any database or picture beyond it is a lie
MAX_PHOTO_BYTES = 1 << 31
MAX_PATH_DEPTH = 8
CLOCK_SKEW = timedelta(days=1)  # another PC's clock may be a little ahead; not years

_HEX64 = re.compile(r"[0-9a-f]{64}")
_REASON = re.compile(r"[a-z][a-z0-9-]{0,39}")  # manual, daily, before-upgrade, before-restore
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}")
_REVISION = re.compile(r"[A-Za-z0-9_]{1,64}")
_BAD_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


class ManifestError(ValueError):
    """The manifest is not one this app wrote; `reason` says which field, in one line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NewerFormat(ManifestError):
    """The manifest's format is newer than this app knows."""


@dataclass(frozen=True)
class PhotoEntry:
    path: str  # relative to the photos folder, with forward slashes
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    format: int
    app_version: str
    created_at: datetime  # aware, UTC
    reason: str
    schema_revisions: tuple[str, ...]
    db_name: str
    db_sha256: str
    db_size: int
    photos: tuple[PhotoEntry, ...]

    @property
    def photo_bytes(self) -> int:
        return sum(p.size for p in self.photos)

    @property
    def distinct_photo_bytes(self) -> int:
        return sum({p.sha256: p.size for p in self.photos}.values())


def parse_manifest(raw: bytes, *, db_name: str | tuple[str, ...], now: datetime | None = None) -> Manifest:
    """Check and read a manifest's bytes; `db_name` is the database entry's name (or the names
    allowed: a SQLite file, a server's dump). Raises NewerFormat or ManifestError (with the field)."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"manifest larger than {MAX_MANIFEST_BYTES >> 20} MB")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise ManifestError("manifest nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise ManifestError(f"manifest is not JSON ({_short(error)})") from None
    if not isinstance(data, dict):
        raise ManifestError(f"manifest is a JSON {type(data).__name__}, not an object")
    if data.get("app") != APP_ID:
        raise ManifestError("manifest 'app' is not gianhang-desktop")
    fmt = _int(data, "format", 1, 1 << 31)
    if fmt > FORMAT:
        raise NewerFormat(f"format {fmt}")
    database = data.get("database")
    if not isinstance(database, dict):
        raise ManifestError("manifest 'database' is not an object")
    names = (db_name,) if isinstance(db_name, str) else db_name
    if database.get("name") not in names:
        raise ManifestError("manifest 'database.name'")
    db_name = database["name"]
    photos = data.get("photos", [])
    if not isinstance(photos, list):
        raise ManifestError("manifest 'photos' is not a list")
    entries = tuple(_photo(item, i) for i, item in enumerate(photos))
    revisions = data.get("schema_revisions", [])
    if not isinstance(revisions, list) or len(revisions) > 1000 or not all(
        isinstance(r, str) and _REVISION.fullmatch(r) for r in revisions
    ):
        raise ManifestError("manifest 'schema_revisions'")
    return Manifest(
        format=fmt,
        app_version=_word(data, "app_version", _VERSION),
        created_at=_created_at(data, now),
        reason=_word(data, "reason", _REASON),
        schema_revisions=tuple(revisions),
        db_name=db_name,
        db_sha256=_hex(database, "sha256", "database.sha256"),
        db_size=_int(database, "size", 0, MAX_FILE_BYTES, "database.size"),
        photos=entries,
    )


def safe_photo_path(rel: object) -> PurePosixPath | None:
    """`rel` as a harmless relative path under the photos folder, or None.

    Refused: absolute paths, `..` and `.`, empty parts, drive letters, backslashes, control
    characters, characters Windows forbids, names ending in a dot or space, device names
    (CON, NUL, COM1…), overlong names, and more than MAX_PATH_DEPTH levels.
    """
    if not isinstance(rel, str) or not rel or len(rel) > 1024 or rel.startswith("/"):
        return None
    parts = rel.split("/")
    if len(parts) > MAX_PATH_DEPTH:
        return None
    for part in parts:
        if part in ("", ".", "..") or len(part.encode("utf-8")) > 255 or _BAD_NAME_CHARS.search(part):
            return None
        if part[-1] in ". " or part.split(".", 1)[0].upper() in _WINDOWS_DEVICES:
            return None
    return PurePosixPath(*parts)


def _photo(item: object, index: int) -> PhotoEntry:
    where = f"photos[{index}]"
    if not isinstance(item, dict):
        raise ManifestError(f"manifest '{where}' is not an object")
    path = safe_photo_path(item.get("path"))
    if path is None:
        raise ManifestError(f"manifest '{where}.path' {_short(repr(item.get('path')))}")
    return PhotoEntry(path.as_posix(), _hex(item, "sha256", f"{where}.sha256"),
                      _int(item, "size", 0, MAX_PHOTO_BYTES, f"{where}.size"))


def _int(data: dict, key: str, low: int, high: int, name: str | None = None) -> int:
    value = data.get(key)
    if type(value) is not int or not low <= value <= high:  # exactly int: True is not 1 byte
        raise ManifestError(f"manifest '{name or key}' {_short(repr(value))}")
    return value


def _hex(data: dict, key: str, name: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise ManifestError(f"manifest '{name}' {_short(repr(value))}")
    return value


def _word(data: dict, key: str, pattern: re.Pattern) -> str:
    """A short token of known shape (no spaces, braces or percent signs: never a format string)."""
    value = data.get(key, "")
    if value == "":
        return ""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ManifestError(f"manifest '{key}' {_short(repr(value))}")
    return value


def _created_at(data: dict, now: datetime | None) -> datetime:
    value = data.get("created_at")
    try:
        if not isinstance(value, str) or len(value) > 64:
            raise ValueError
        when = datetime.fromisoformat(value)
        when = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        raise ManifestError(f"manifest 'created_at' {_short(repr(value))}") from None
    now = now or now_utc()
    if when.year < 2000:
        raise ManifestError(f"manifest 'created_at' {value}")
    if when > now + CLOCK_SKEW:
        raise ManifestError(f"manifest 'created_at' {value} is in the future")
    return when


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


def _short(value: object, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
