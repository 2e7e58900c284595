"""Where the user's data lives: per-user data folder, overridable by --data-dir or GIANHANG_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "GianHang"
APP_AUTHOR = "GianHang"
DB_FILENAME = "gianhang.sqlite3"


def default_data_dir() -> Path:
    """%LOCALAPPDATA%\\GianHang on Windows, ~/.local/share/GianHang on Linux."""
    import platformdirs  # only without --data-dir or GIANHANG_DATA_DIR

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the explicit one, else GIANHANG_DATA_DIR, else the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("GIANHANG_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def sqlite_url(data_dir: Path) -> str:
    """The SQLAlchemy URL of the folder's database, quoted: a folder named "Kho 100%25" or "Hàng #1"
    must not be read as an escape, a query string or a fragment."""
    from sqlalchemy.engine import URL  # (here: the window's first paint does without SQLAlchemy)

    return URL.create("sqlite", database=str(data_dir / DB_FILENAME)).render_as_string(hide_password=False)
