"""Where the bundled resources (fonts, icons, translations) are, however the app was installed."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

DATA_FILES_DIR = Path("share") / "gianhang-desktop" / "resources"


@cache
def resources_dir() -> Path:
    """The `resources/` folder: PyInstaller's unpack folder, the source checkout (also an editable
    install), or `<prefix>/share/gianhang-desktop/resources` for a wheel installed with pip."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "resources"] if frozen else []
    candidates += [Path(__file__).resolve().parents[2] / "resources", Path(sys.prefix) / DATA_FILES_DIR]
    for folder in candidates:
        if (folder / "fonts").is_dir():
            return folder
    return candidates[0]


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
