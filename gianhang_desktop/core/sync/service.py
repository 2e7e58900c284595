"""One call for the window and the command line: sync this data folder with its store."""

from __future__ import annotations

import os

from ..database import Database
from ..errors import SyncError
from ..i18n import msg
from ..settings import Settings
from ..settings import update as update_settings
from ..tasks import CancelToken, ProgressFn
from . import credentials
from .client import Credentials, StoreClient, check_server_url
from .engine import SyncReport, sync


def make_client(server_url: str, creds: Credentials | None = None, **options) -> StoreClient:
    """A client for `server_url` with the saved (or given) credentials; GIANHANG_SYNC_TIMEOUT sets the
    read timeout in seconds and GIANHANG_SYNC_RETRIES the retry budget (for flaky links and tests).

    Raises:
        SyncError: no server address, or no credentials for it.
        ValidationError("server"): an address the client refuses (plain http:// beyond this machine).
    """
    if not server_url:
        raise SyncError(msg("Chưa đặt địa chỉ máy chủ gian hàng.", "No store server address is set."))
    timeout = float(os.environ.get("GIANHANG_SYNC_TIMEOUT", "30"))
    options.setdefault("timeout", (min(5.0, timeout), timeout))
    options.setdefault("retries", int(os.environ.get("GIANHANG_SYNC_RETRIES", "6")))
    if "GIANHANG_SYNC_BACKOFF" in os.environ:
        options.setdefault("backoff_factor", float(os.environ["GIANHANG_SYNC_BACKOFF"]))
    return StoreClient(server_url, creds or credentials.require(server_url), **options)


def sync_now(
    db: Database,
    server_url: str | None = None,
    *,
    creds: Credentials | None = None,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> SyncReport:
    """Sync with `server_url` or the saved server; a new address is saved (a keyed update of the
    settings file; `settings`, the caller's copy (the window's), gets it too). Network trouble is
    in the report (`offline`, `error`), never raised.

    Raises:
        ValidationError("server"): an address the client refuses (plain http:// beyond this machine).
        SyncError: no server or no credentials.
    """
    settings = settings if settings is not None else Settings.load(db.data_dir)
    server_url = (server_url or "").strip()
    if server_url and server_url != settings.server_url:
        check_server_url(server_url)  # refused before anything is saved
        update_settings(db.data_dir, server_url=server_url)  # this key only
        settings.server_url = server_url
    with make_client(settings.server_url, creds) as client:
        return sync(db, client, safety_buffer=settings.stock_safety_buffer, progress=progress, cancel=cancel)
