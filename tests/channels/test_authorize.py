"""Authorising with the cooperative's own app: the platform's code comes back to a loopback
address (or is pasted), is exchanged for tokens (to the keyring), and an account works; an account
that needs signing in again is signed in again. Against the simulators over loopback HTTP."""

from __future__ import annotations

import pytest
import requests

from gianhang_desktop.core.channels import authorize
from gianhang_desktop.core.channels.accounts import get_account
from gianhang_desktop.core.channels.service import check_account, sync_channels
from gianhang_desktop.core.errors import ValidationError

from .connecting import running

APP_KEYS = {"shopee": ("partner_id", "partner_key"), "lazada": ("app_key", "app_secret"),
            "tiktok": ("app_key", "app_secret"), "tiki": ("client_id", "client_secret")}


@pytest.mark.parametrize("platform", ["shopee", "lazada", "tiktok", "tiki"])
def test_code_through_the_loopback_gives_a_working_account(db, platform, memory_keyring):
    with running(platform) as sim:
        app = {k: v for k, v in sim.credentials().items() if k in APP_KEYS[platform]}
        receiver = authorize.LoopbackReceiver(port=0)
        try:
            link = authorize.authorization_link(platform, app, receiver.redirect, receiver.state,
                                                shop_id=sim.shop_id, base_url=sim.url)
            assert link.startswith(("http://", "https://"))
            # The owner approves on the platform's page; the browser comes back to this computer.
            query = {"code": sim.issue_code(), "state": receiver.state}
            if sim.shop_id:
                query["shop_id"] = sim.shop_id
            answer = requests.get(receiver.redirect, params=query, timeout=5)
            assert answer.status_code == 200 and "quay lại" in answer.text
            callback = receiver.wait(5)
        finally:
            receiver.close()
        auth = authorize.exchange(platform, app, callback, receiver.redirect, base_url=sim.url)
        view, _ = authorize.add_authorized(db, platform, f"{platform} shop", app, auth, base_url=sim.url)
        assert view.state == "active"
        assert check_account(db, f"{platform} shop").value.shop_id
        assert auth.tokens.access_token in " ".join(memory_keyring.store.values())


def test_a_wrong_state_is_not_taken():
    receiver = authorize.LoopbackReceiver(port=0)
    try:
        answer = requests.get(receiver.redirect, params={"code": "abc", "state": "forged"}, timeout=5)
        assert answer.status_code == 400
        assert receiver.wait(0.6) is None
    finally:
        receiver.close()


@pytest.mark.parametrize("text, expected", [
    ("http://127.0.0.1:8765/callback?code=XYZ&shop_id=14701711&state=s", {"code": "XYZ", "shop_id": "14701711", "state": "s"}),
    ("code=XYZ&shop_id=1", {"code": "XYZ", "shop_id": "1"}),
    ("  0_123456_abcdef  ", {"code": "0_123456_abcdef"}),
])
def test_pasted_codes(text, expected):
    assert authorize.parse_callback(text) == expected


def test_pasted_address_without_code_names_the_field():
    with pytest.raises(ValidationError) as caught:
        authorize.parse_callback("http://127.0.0.1:8765/callback?error=access_denied")
    assert caught.value.field == "code"


def test_needs_relogin_then_signed_in_again(db, memory_keyring):
    from gianhang_desktop.core.channels.accounts import add_account

    with running("lazada") as sim:
        add_account(db, "lazada", "Lazada HTX", sim.credentials(), base_url=sim.url)
        sim.expire_access_token()
        sim.expire_refresh_token()
        assert sync_channels(db).channels[0].state == "needs_relogin"
        assert get_account(db, "Lazada HTX").state_label == "Cần đăng nhập lại"
        app = {k: v for k, v in sim.credentials().items() if k in APP_KEYS["lazada"]}
        auth = authorize.exchange("lazada", app, authorize.parse_callback(sim.issue_code()), authorize.redirect_uri(),
                                  base_url=sim.url)
        view, _ = authorize.relogin(db, "Lazada HTX", auth)
        assert view.state == "active"
        report = sync_channels(db).channels[0]
        assert report.error is None and report.state == "active"
