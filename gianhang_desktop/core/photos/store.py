"""Content-addressed picture files under the data folder: originals untouched, outputs beside them."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gianhang_desktop.core.photos.errors import PhotoError
from gianhang_desktop.core.photos.pipeline import ProcessedPhoto

_CHUNK = 1024 * 1024
# mkstemp creates files readable by the owner only; pictures get the usual permissions.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK


class PhotoStore:
    """`<data_dir>/photos/{originals,market,thumbs}/ab/abcdef….ext`, one file per distinct picture.

    A picture is named by the sha256 of its original bytes, so importing it twice (for one
    product or for several) stores it once. Files are written to a temporary name in the
    same folder and renamed, so a crash never leaves a half-written picture under its name.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> PhotoStore:
        """`<data_dir>/photos`, or the shared photos folder of the settings (several PCs on one
        server keep their pictures on a network share: `Settings.photos_dir`)."""
        from gianhang_desktop.core.settings import Settings

        shared = Settings.load(Path(data_dir)).photos_dir
        return cls(Path(shared) if shared else Path(data_dir) / "photos")

    def original_path(self, sha256: str, extension: str) -> Path:
        return self.root / "originals" / sha256[:2] / f"{sha256}.{extension}"

    def market_path(self, sha256: str) -> Path:
        return self.root / "market" / sha256[:2] / f"{sha256}.jpg"

    def thumb_path(self, sha256: str) -> Path:
        return self.root / "thumbs" / sha256[:2] / f"{sha256}.jpg"

    def paths(self, sha256: str, extension: str) -> tuple[Path, Path, Path]:
        return (
            self.original_path(sha256, extension),
            self.market_path(sha256),
            self.thumb_path(sha256),
        )

    def put(self, photo: ProcessedPhoto, original: bytes | Path | None = None) -> list[Path]:
        """Store a processed picture; return the files this call created (for undoing it).

        `original` defaults to `photo.source`. The original's bytes are checked against
        `photo.sha256` while copying, so a file changed since processing is refused.
        """
        source = original if original is not None else photo.source
        if source is None:
            raise ValueError("the original bytes or file are needed")
        created: list[Path] = []
        try:
            target = self.original_path(photo.sha256, photo.extension)
            if not target.exists():
                if isinstance(source, bytes | bytearray | memoryview):
                    if hashlib.sha256(source).hexdigest() != photo.sha256:
                        raise PhotoError.changed(Path("?"))
                    write_atomic(target, bytes(source))
                else:
                    _copy_verified(Path(source), target, photo.sha256)
                created.append(target)
            for target, data in (
                (self.market_path(photo.sha256), photo.market_jpeg),
                (self.thumb_path(photo.sha256), photo.thumb_jpeg),
            ):
                if not target.exists():
                    write_atomic(target, data)
                    created.append(target)
        except BaseException:
            remove_files(created)
            raise
        return created

    def remove(self, sha256: str, extension: str) -> None:
        """Delete a picture's files (call only once no row refers to the picture)."""
        remove_files(self.paths(sha256, extension))

    def stored_hashes(self) -> set[str]:
        """Hashes of all originals on disk, for finding files no row refers to."""
        folder = self.root / "originals"
        if not folder.exists():
            return set()
        return {p.stem for p in folder.glob("??/*") if not p.name.endswith(".tmp")}

    def remove_unreferenced(self, referenced: set[str], older_than: float | None = None) -> int:
        """Delete files of pictures not in `referenced` (leftovers of an interrupted import or
        removal, and half-written temporary files); with `older_than` (a time.time() value) only
        files last changed before it, so that an import still running keeps the files it has
        written ahead of its rows."""
        removed = 0
        for kind in ("originals", "market", "thumbs"):
            for path in (self.root / kind).glob("??/*"):
                temporary = path.name.startswith(".") and path.name.endswith(".tmp")
                if not temporary and path.name.split(".", 1)[0] in referenced:
                    continue
                try:
                    if older_than is not None and path.stat().st_mtime >= older_than:
                        continue
                except FileNotFoundError:
                    continue
                remove_files([path])
                removed += 1
        return removed


def remove_files(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _temp_beside(target: Path) -> tuple[int, str]:
    target.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem[:12]}-", suffix=".tmp")


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` under a temporary name beside `target`, then rename it into place."""
    fd, tmp = _temp_beside(target)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy_verified(source: Path, target: Path, sha256: str) -> None:
    digest = hashlib.sha256()
    fd, tmp = _temp_beside(target)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256:
            raise PhotoError.changed(source)
        shutil.copystat(source, tmp, follow_symlinks=True)  # keeps the photo's date
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    except FileNotFoundError:
        Path(tmp).unlink(missing_ok=True)
        raise PhotoError.missing(source) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
