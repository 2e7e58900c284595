"""First start: is this data folder new (offer demo, Excel import or a restore), and remember when done."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from . import settings as settings_file
from .catalog.models import Product
from .settings import Settings
from .shop import get_shop


def is_first_start(db, settings: Settings) -> bool:
    """True for a data folder nobody has used yet: no products, no shop profile, never set up.

    A folder that already holds data (an upgrade from before first start existed, a restored
    backup) is not a first start.
    """
    if settings.first_start_done:
        return False
    with db.read_session() as session:
        products = session.scalar(select(func.count()).select_from(Product)) or 0
    return products == 0 and not get_shop(db).name


def mark_first_start_done(data_dir: Path, settings: Settings) -> None:
    """Never offer the first-start choices again for this data folder (a keyed update; `settings`,
    the caller's copy, says so too).

    Raises:
        DiskFull, ReadOnlyFolder (core.disk): the settings file cannot be written.
    """
    settings_file.update(Path(data_dir), first_start_done=True)
    settings.first_start_done = True
