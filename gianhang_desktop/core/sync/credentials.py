"""The store's app key and secret: kept in the OS credential store (keyring), never in a file.

Where no keyring backend works, nothing is written: the window asks once per session
(`remember_for_session`) and the command line reads GIANHANG_API_KEY / GIANHANG_API_SECRET.
"""

from __future__ import annotations

import json
import os

import keyring
import keyring.backends.fail
from keyring.errors import KeyringError

from ..errors import SyncError
from ..i18n import msg
from .client import Credentials

SERVICE = "GianHang"
ENV_KEY = "GIANHANG_API_KEY"
ENV_SECRET = "GIANHANG_API_SECRET"

_session_only: dict[str, Credentials] = {}


def keyring_usable() -> bool:
    """False when the only backend is keyring's "fail" one (no credential store on this system)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken backend is the same as none
        return False
    return not isinstance(backend, keyring.backends.fail.Keyring)


def _account(server_url: str) -> str:
    return server_url.rstrip("/") or "default"


def load(server_url: str) -> Credentials | None:
    """The key and secret for `server_url`: environment, then this session, then the keyring."""
    key, secret = os.environ.get(ENV_KEY), os.environ.get(ENV_SECRET)
    if key and secret:
        return Credentials(key, secret)
    account = _account(server_url)
    if account in _session_only:
        return _session_only[account]
    if not keyring_usable():
        return None
    try:
        stored = keyring.get_password(SERVICE, account)
    except (KeyringError, RuntimeError):
        return None
    if not stored:
        return None
    try:
        data = json.loads(stored)
        return Credentials(data["key"], data["secret"])
    except (ValueError, KeyError, TypeError):
        return None


def save(server_url: str, credentials: Credentials) -> bool:
    """Store in the keyring; True if stored there, False if kept for this session only."""
    account = _account(server_url)
    if keyring_usable():
        try:
            keyring.set_password(SERVICE, account, json.dumps({"key": credentials.key, "secret": credentials.secret}))
            _session_only.pop(account, None)
            return True
        except (KeyringError, RuntimeError):
            pass
    _session_only[account] = credentials
    return False


def remember_for_session(server_url: str, credentials: Credentials) -> None:
    """Keep the credentials in memory until the app quits (when there is no keyring)."""
    _session_only[_account(server_url)] = credentials


def forget(server_url: str) -> None:
    account = _account(server_url)
    _session_only.pop(account, None)
    if keyring_usable():
        try:
            keyring.delete_password(SERVICE, account)
        except (KeyringError, RuntimeError):
            pass


def require(server_url: str) -> Credentials:
    """Like `load`, or a SyncError telling the user how to give them."""
    found = load(server_url)
    if found is None:
        raise SyncError(
            msg(
                "Chưa có khoá ứng dụng cho gian hàng. Nhập trong trang Đồng bộ, hoặc đặt {k} và {s}.",
                "No app key for the store. Enter it on the Sync page, or set {k} and {s}.",
                k=ENV_KEY, s=ENV_SECRET,
            )
        )
    return found
