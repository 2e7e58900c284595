"""TokenKeeper: refresh before expiry, after "token expired", save before use, re-login state."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gianhang_desktop.core import clock
from gianhang_desktop.core.channels import credentials
from gianhang_desktop.core.channels.errors import NeedsRelogin
from gianhang_desktop.core.channels.model import TokenPair
from gianhang_desktop.core.channels.tokens import TokenKeeper

NOW = "2026-11-30T09:00:00+07:00"


def pair(n: int, minutes: int = 240, refresh_days: int = 30) -> TokenPair:
    now = clock.now_utc()
    return TokenPair(f"access-{n}", f"refresh-{n}", now + timedelta(minutes=minutes), now + timedelta(days=refresh_days))


class Platform:
    """Hands out pairs like Shopee: every refresh replaces the refresh token, the old one dies."""

    def __init__(self) -> None:
        self.valid_refresh = "refresh-0"
        self.issued = 0
        self.log: list[str] = []

    def refresh(self, token: str) -> TokenPair:
        self.log.append(f"refresh {token}")
        if token != self.valid_refresh:
            raise NeedsRelogin("shop", code="error_auth", detail="invalid refresh_token")
        self.issued += 1
        self.valid_refresh = f"refresh-{self.issued}"
        return pair(self.issued)


def test_fresh_token_is_used_without_refresh():
    with clock.frozen(NOW):
        platform = Platform()
        keeper = TokenKeeper("shop", pair(0), refresh_fn=platform.refresh)
        assert keeper.access_token() == "access-0"
        assert platform.log == []


def test_refreshes_before_expiry_and_saves_before_use():
    saved: list[TokenPair] = []
    with clock.frozen(NOW):
        platform = Platform()
        keeper = TokenKeeper("shop", pair(0, minutes=5), refresh_fn=platform.refresh,
                             save_fn=lambda p: (saved.append(p), platform.log.append(f"save {p.access_token}")))
        assert keeper.access_token() == "access-1"
    assert platform.log == ["refresh refresh-0", "save access-1"]
    assert saved[0].refresh_token == "refresh-1"


def test_a_failed_save_means_the_new_pair_is_not_used():
    def broken_save(_pair):
        raise OSError("keyring locked")

    with clock.frozen(NOW):
        keeper = TokenKeeper("shop", pair(0, minutes=5), refresh_fn=Platform().refresh, save_fn=broken_save)
        with pytest.raises(OSError):
            keeper.access_token()
        assert keeper.pair.access_token == "access-0"


def test_refresh_after_token_expired_answer_only_once_for_many_threads():
    with clock.frozen(NOW):
        platform = Platform()
        keeper = TokenKeeper("shop", pair(0), refresh_fn=platform.refresh)
        stale = keeper.access_token()
        keeper.refresh(stale=stale)
        keeper.refresh(stale=stale)  # a second thread saw the same expired token: no second refresh
    assert platform.log == ["refresh refresh-0"]
    assert keeper.pair.access_token == "access-1"


def test_pair_refreshed_by_another_process_is_taken_not_refreshed_again():
    with clock.frozen(NOW):
        platform = Platform()
        elsewhere = platform.refresh("refresh-0")  # another process refreshed and saved
        keeper = TokenKeeper("shop", pair(0, minutes=5), refresh_fn=platform.refresh, reload_fn=lambda: elsewhere)
        assert keeper.access_token() == "access-1"
    assert platform.log == ["refresh refresh-0"]


def test_expired_refresh_token_needs_relogin_without_calling_the_platform():
    with clock.frozen(NOW):
        platform = Platform()
        expired = TokenPair("a", "r", clock.now_utc() - timedelta(hours=1), clock.now_utc() - timedelta(minutes=1))
        keeper = TokenKeeper("HTX Shopee", expired, refresh_fn=platform.refresh)
        with pytest.raises(NeedsRelogin) as caught:
            keeper.access_token()
    assert platform.log == []
    assert "cần đăng nhập lại" in str(caught.value)


def test_refused_refresh_token_needs_relogin():
    with clock.frozen(NOW):
        platform = Platform()
        platform.valid_refresh = "something-else"  # revoked in the seller centre
        keeper = TokenKeeper("shop", pair(0, minutes=1), refresh_fn=platform.refresh)
        with pytest.raises(NeedsRelogin):
            keeper.access_token()


def test_no_tokens_at_all_needs_relogin():
    with pytest.raises(NeedsRelogin):
        TokenKeeper("shop", None).access_token()


def test_a_platform_that_keeps_the_refresh_token_keeps_it(memory_keyring):
    with clock.frozen(NOW):
        keeper = TokenKeeper("shop", pair(0, minutes=1),
                             refresh_fn=lambda _t: TokenPair("access-9", "", clock.now_utc() + timedelta(hours=4)))
        assert keeper.access_token() == "access-9"
        assert keeper.pair.refresh_token == "refresh-0"


def test_credentials_round_trip_in_keyring_and_token_save_keeps_app(memory_keyring):
    with clock.frozen(NOW):
        secrets = credentials.ChannelSecrets({"partner_id": "2001887", "partner_key": "k" * 64}, pair(0))
        assert credentials.save("ref-1", secrets) is True
        credentials.save_tokens("ref-1", pair(1))
        loaded = credentials.load("ref-1")
    assert loaded.app == {"partner_id": "2001887", "partner_key": "k" * 64}
    assert loaded.tokens.access_token == "access-1"
    assert "k" * 64 not in repr(loaded) and "access-1" not in repr(loaded.tokens)
    assert all("k" * 64 not in value for key, value in memory_keyring.store.items() if key[1] != "ref-1")
    credentials.forget("ref-1")
    assert credentials.load("ref-1") is None


def test_without_keyring_credentials_live_for_the_session_only(no_keyring):
    assert credentials.save("ref-2", credentials.ChannelSecrets({"app_key": "1"}, None)) is False
    assert credentials.persistent() is False
    assert credentials.load("ref-2").app == {"app_key": "1"}
    credentials.forget("ref-2")
