"""Keeping an account's token pair fresh: refresh before expiry, and again when the platform says
the token expired; the new pair is saved before it is used (Shopee replaces the refresh token on
every refresh, so a pair used but not saved would lock the shop out)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from .. import clock
from .errors import NeedsRelogin
from .model import TokenPair

REFRESH_MARGIN = timedelta(minutes=10)


class TokenKeeper:
    """The token pair of one account, shared by every thread working for it.

    ``refresh_fn(refresh_token) -> TokenPair`` asks the platform (the connector's
    ``refresh_tokens``); ``save_fn(pair)`` persists it (core/channels/credentials.py) and must raise
    if it cannot; ``reload_fn()`` reads the saved pair, so a pair another process refreshed is
    taken instead of refreshing again with a refresh token that is no longer valid.
    """

    def __init__(self, account: str, pair: TokenPair | None, *,
                 refresh_fn: Callable[[str], TokenPair] | None = None,
                 save_fn: Callable[[TokenPair], None] | None = None,
                 reload_fn: Callable[[], TokenPair | None] | None = None,
                 margin: timedelta = REFRESH_MARGIN) -> None:
        self.account = account
        self._pair = pair
        self.refresh_fn = refresh_fn
        self.save_fn = save_fn
        self.reload_fn = reload_fn
        self.margin = margin
        self._lock = threading.RLock()
        self.refreshes = 0

    @property
    def pair(self) -> TokenPair | None:
        return self._pair

    def use(self, pair: TokenPair) -> None:
        """Work with a pair just obtained by an authorisation (the caller saves it with the account)."""
        with self._lock:
            self._pair = pair

    def access_token(self) -> str:
        """The access token, refreshed first when it expires within the margin."""
        with self._lock:
            pair = self._pair
            if pair is None:
                raise NeedsRelogin(self.account, detail="no token")
            if _expiring(pair.access_expires_at, self.margin):
                pair = self.refresh(stale=pair.access_token)
            return pair.access_token

    def refresh(self, stale: str | None = None) -> TokenPair:
        """Refresh now, unless the pair already changed since ``stale`` was read (another thread or
        process refreshed it). Raises NeedsRelogin when the refresh token is expired or refused."""
        with self._lock:
            current = self._pair
            if current is not None and stale is not None and current.access_token != stale:
                return current
            if self.reload_fn is not None:
                saved = self.reload_fn()
                if saved is not None and current is not None and saved.access_token != current.access_token \
                        and not _expiring(saved.access_expires_at, self.margin):
                    self._pair = saved
                    return saved
                if saved is not None and current is None:
                    current = saved
            if current is None or not current.refresh_token:
                raise NeedsRelogin(self.account, detail="no refresh token")
            if current.refresh_expires_at is not None and current.refresh_expires_at <= clock.now_utc():
                raise NeedsRelogin(self.account, detail="refresh token expired")
            if self.refresh_fn is None:
                raise NeedsRelogin(self.account, detail="cannot refresh")
            new = self.refresh_fn(current.refresh_token)
            if not new.refresh_token:  # some platforms keep the refresh token and do not repeat it
                new = TokenPair(new.access_token, current.refresh_token, new.access_expires_at,
                                current.refresh_expires_at if new.refresh_expires_at is None else new.refresh_expires_at)
            if self.save_fn is not None:
                self.save_fn(new)  # before anyone uses it
            self._pair = new
            self.refreshes += 1
            return new


def _expiring(when, margin: timedelta) -> bool:
    return when is not None and when - margin <= clock.now_utc()
