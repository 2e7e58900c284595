"""The one typed settings object, with every default in one place, kept as JSON in the data folder.

Whoever persists a value does a keyed update (`update`, `edit`): the file is read again, only those
keys are set, and it is written atomically. So the window closing (its geometry, its last page), the
sync page (auto-sync), a sync (the server address) and the import wizard (column mappings) never
write back each other's stale copies. Secrets never live here: the store's key and secret go to the
OS credential store (keyring).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

SETTINGS_FILENAME = "settings.json"
_writing = threading.Lock()  # one keyed update at a time in this process (the window's threads)


@dataclass
class Settings:
    language: str = "vi"
    # Store sync
    server_url: str = ""
    auto_sync_minutes: int = 0
    stock_safety_buffer: int = 0
    # Labels and printing
    label_size: str = "a6"
    printer_name: str = ""
    # Dashboard
    expiry_warning_days: int = 30
    # Window state (opaque strings written by the window)
    window_geometry: str = ""
    last_page: str = "dashboard"
    import_mappings: dict[str, dict[str, str]] | None = None
    # Backups
    backups_to_keep: int = 14
    last_backup_at: str = ""
    # First start (start empty / demo / Excel / restore, then the shop's name, address, phone)
    first_start_done: bool = False
    # Several PCs: the cooperative's PostgreSQL server (no host: this PC's own SQLite file). Its
    # password is in the OS credential store (core/postgres/connection.py), never here.
    db_host: str = ""
    db_port: int = 5432
    db_name: str = "gianhang"
    db_user: str = "gianhang"
    # Where pg_dump / pg_restore are when not found by themselves (backups on the server)
    pg_bin_dir: str = ""
    # The photos folder every PC shares (a network share, e.g. \\MAY-VAN-PHONG\GianHang\photos);
    # empty: <data folder>/photos. See docs/multi-pc.md.
    photos_dir: str = ""

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        """The saved settings; missing or unknown keys fall back to the defaults."""
        path = data_dir / SETTINGS_FILENAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in raw.items() if isinstance(raw, dict) else ():
            default = getattr(cls(), key) if key in known else None
            # A field whose default is None (e.g. import_mappings) takes any JSON value; its user checks it.
            if key in known and (value is None or default is None or isinstance(value, type(default))):
                values[key] = value
        settings = cls(**values)
        if settings.language not in ("vi", "en"):
            settings.language = "vi"
        return settings

    def save(self, data_dir: Path) -> None:
        """Write every key atomically, so a crash or a full disk never leaves half a file. Only for
        a new data folder or a test: to persist a value, use `update` (this would overwrite what
        others saved since this object was read).

        Raises:
            DiskFull, ReadOnlyFolder (core.disk): the data folder cannot take it.
        """
        # (imported only when saving: it costs the window's start a few ms)
        from .disk import write_atomically

        text = json.dumps(asdict(self), ensure_ascii=False, indent=2)
        write_atomically(Path(data_dir) / SETTINGS_FILENAME, text.encode("utf-8"), data_dir=Path(data_dir))


def edit(data_dir: Path, change: Callable[[Settings], None]) -> Settings:
    """Keyed update: read the file again, let `change` set its keys on that fresh copy, write it
    atomically; the settings as saved. `change` must only set the keys it owns.

    Raises:
        DiskFull, ReadOnlyFolder (core.disk): the data folder cannot take it (nothing changed).
    """
    data_dir = Path(data_dir)
    with _writing:
        current = Settings.load(data_dir)
        change(current)
        current.save(data_dir)
    return current


def update(data_dir: Path, **values: object) -> Settings:
    """Set these keys in the settings file (a keyed update, see `edit`); the settings as saved.

    Raises:
        AttributeError: a key that is not a setting.
        DiskFull, ReadOnlyFolder (core.disk): the data folder cannot take it (nothing changed).
    """
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise AttributeError(f"not a setting: {', '.join(unknown)}")

    def change(settings: Settings) -> None:
        for key, value in values.items():
            setattr(settings, key, value)

    return edit(data_dir, change)
