"""A channel account's app credentials and token pair, in the OS credential store (keyring).

One keyring entry per account (service ``GianHang-channels``, user = the account's ``secret_ref``)
holding JSON ``{"app": {...platform key names...}, "tokens": {...}}``. Never in the database, a
settings file, a log or a command line. Where no keyring backend works, the values live in this
process's memory only (the window asks again next time) and ``keyring_usable()`` says so.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import keyring
from keyring.errors import KeyringError

from ..errors import SyncError
from ..i18n import msg
from ..sync.credentials import keyring_usable
from .model import TokenPair

SERVICE = "GianHang-channels"
TOKEN_KEYS = ("access_token", "refresh_token")

_memory: dict[str, str] = {}
_lock = threading.Lock()


@dataclass
class ChannelSecrets:
    """The platform's app credentials (its own key names) and the current token pair."""

    app: dict[str, str] = field(default_factory=dict)
    tokens: TokenPair | None = None

    def __repr__(self) -> str:
        return f"ChannelSecrets(app_keys={sorted(self.app)}, tokens={'yes' if self.tokens else 'no'})"


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _encode(secrets: ChannelSecrets) -> str:
    tokens = None
    if secrets.tokens is not None:
        t = secrets.tokens
        tokens = {"access_token": t.access_token, "refresh_token": t.refresh_token,
                  "access_expires_at": t.access_expires_at.isoformat() if t.access_expires_at else None,
                  "refresh_expires_at": t.refresh_expires_at.isoformat() if t.refresh_expires_at else None}
    return json.dumps({"app": secrets.app, "tokens": tokens}, ensure_ascii=False, sort_keys=True)


def _decode(text: str) -> ChannelSecrets | None:
    try:
        data: Any = json.loads(text)
        tokens = data.get("tokens")
        pair = None if not tokens else TokenPair(
            tokens["access_token"], tokens.get("refresh_token") or "",
            _time(tokens.get("access_expires_at")), _time(tokens.get("refresh_expires_at")))
        return ChannelSecrets({str(k): str(v) for k, v in (data.get("app") or {}).items()}, pair)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def load(ref: str) -> ChannelSecrets | None:
    """The saved secrets of the account ``ref``: the keyring, else this session's memory."""
    with _lock:
        if keyring_usable():
            try:
                stored = keyring.get_password(SERVICE, ref)
            except (KeyringError, RuntimeError):
                stored = None
            if stored:
                return _decode(stored)
        text = _memory.get(ref)
    return _decode(text) if text else None


def save(ref: str, secrets: ChannelSecrets) -> bool:
    """Store the whole entry; True when it went to the keyring, False when kept for this session."""
    text = _encode(secrets)
    with _lock:
        if keyring_usable():
            try:
                keyring.set_password(SERVICE, ref, text)
                _memory.pop(ref, None)
                return True
            except (KeyringError, RuntimeError):
                pass
        _memory[ref] = text
        return False


def save_tokens(ref: str, pair: TokenPair) -> None:
    """Replace the token pair, keeping the app credentials (called before a new pair is used).

    Raises SyncError when the account has no saved entry (it was removed meanwhile)."""
    current = load(ref)
    if current is None:
        raise SyncError(msg("Không tìm thấy thông tin đăng nhập của kênh", "The channel's credentials are missing"))
    current.tokens = pair
    save(ref, current)


def forget(ref: str) -> None:
    with _lock:
        _memory.pop(ref, None)
        if keyring_usable():
            try:
                keyring.delete_password(SERVICE, ref)
            except (KeyringError, RuntimeError):
                pass


def persistent() -> bool:
    """Whether secrets survive this process (a keyring backend works)."""
    return keyring_usable()
