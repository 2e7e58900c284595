"""Authorising the app on a marketplace with the cooperative's own app credentials: the platform's
own page opens in the browser and sends the owner back to a loopback address on this computer
(http://127.0.0.1:PORT/callback) — or the owner pastes the address (or just the code) it showed.

No secret ships with the app: the cooperative registers its own app (Shopee and Lazada in-house
seller app, TikTok Shop custom app, Tiki Open API app), sets the redirect address shown here, and
types its key and secret once; they and the tokens go to the OS keyring only.
"""

from __future__ import annotations

import html
import secrets
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from ..changes import Changed, Changes
from ..database import Database
from ..errors import ValidationError
from ..i18n import msg
from . import credentials
from .accounts import AccountView, account_row, add_account, get_account, validate_base_url
from .connector import AccountRef
from .credentials import ChannelSecrets
from .model import AccountState, Authorization
from .registry import connector_class, make_connector

DEFAULT_PORT = 8765
AFTER_AUTHORISATION = frozenset({"shop_cipher"})  # learnt from the authorisation itself (TikTok)
CALLBACK_PATH = "/callback"


def redirect_uri(port: int = DEFAULT_PORT) -> str:
    """The address to register as the app's redirect URL in the platform's console."""
    return f"http://127.0.0.1:{port}{CALLBACK_PATH}"


def _connector(platform: str, app: Mapping[str, str], *, shop_id: str | None = None, base_url: str | None = None):
    missing = [k for k in connector_class(platform).app_fields
               if k not in AFTER_AUTHORISATION and not str(app.get(k) or "").strip()]
    if missing:
        raise ValidationError(f"credentials.{missing[0]}", msg("Thiếu '{k}'", "'{k}' is missing", k=missing[0]))
    account = AccountRef("authorise", platform, shop_id, validate_base_url(base_url))
    return make_connector(account, ChannelSecrets({k: str(v) for k, v in app.items()}, None))


def authorization_link(platform: str, app: Mapping[str, str], redirect: str, state: str, *,
                       shop_id: str | None = None, base_url: str | None = None) -> str:
    """The platform's authorisation page for this app (opened in the browser)."""
    connector = _connector(platform, app, shop_id=shop_id, base_url=base_url)
    try:
        return connector.authorization_url(redirect, state)
    finally:
        connector.close()


def parse_callback(text: str) -> dict[str, str]:
    """What the owner pasted: the whole address the platform showed, its query, or just the code."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("code", msg("Chưa dán mã hoặc địa chỉ trả về", "Paste the code or the returned address"))
    query = urlsplit(text).query if "://" in text else text.lstrip("?")
    pairs = dict(parse_qsl(query, keep_blank_values=True)) if "=" in query else {}
    if not pairs:
        return {"code": text}
    if not pairs.get("code"):
        raise ValidationError("code", msg("Địa chỉ không có mã cấp quyền (code)", "The address carries no code"))
    return pairs


@dataclass
class LoopbackReceiver:
    """A one-shot HTTP server on 127.0.0.1 that waits for the platform's redirect."""

    port: int = DEFAULT_PORT
    state: str = ""

    def __post_init__(self) -> None:
        self.state = self.state or secrets.token_urlsafe(16)
        self.params: dict[str, str] | None = None
        self._got = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                params = dict(parse_qsl(parts.query, keep_blank_values=True))
                good = parts.path == CALLBACK_PATH and params.get("code") and params.get("state", receiver.state) == receiver.state
                text = ("Đã nhận quyền truy cập. Hãy quay lại Gian Hàng Desktop." if good else
                        "Địa chỉ trả về không đúng (thiếu mã hoặc sai phiên). Hãy thử lại từ ứng dụng.")
                body = f"<!DOCTYPE html><meta charset='utf-8'><title>Gian Hàng</title><p>{html.escape(text)}</p>".encode()
                self.send_response(200 if good else 400)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                if good:
                    receiver.params = params
                    receiver._got.set()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True, name="oauth-loopback").start()

    @property
    def redirect(self) -> str:
        return redirect_uri(self.port)

    def wait(self, timeout: float, cancel=None) -> dict[str, str] | None:
        """The redirect's query parameters, or None when ``timeout`` passes (or ``cancel``)."""
        waited = 0.0
        while waited < timeout:
            if self._got.wait(min(0.5, timeout - waited)):
                return self.params
            waited += 0.5
            if cancel is not None and cancel.cancelled:
                return None
        return None

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def exchange(platform: str, app: Mapping[str, str], callback: Mapping[str, str], redirect: str, *,
             shop_id: str | None = None, base_url: str | None = None) -> Authorization:
    """The token pair for the returned code. Raises BadCredentials, Refused (code used or expired)."""
    connector = _connector(platform, app, shop_id=shop_id or callback.get("shop_id"), base_url=base_url)
    try:
        return connector.exchange_code(callback, redirect)
    finally:
        connector.close()


def _json_of(app: Mapping[str, str], auth: Authorization) -> dict[str, str]:
    pair = auth.tokens
    data = {**{k: str(v) for k, v in app.items()}, **auth.extra, "access_token": pair.access_token,
            "refresh_token": pair.refresh_token}
    if pair.access_expires_at:
        data["access_expires_at"] = pair.access_expires_at.isoformat()
    if pair.refresh_expires_at:
        data["refresh_expires_at"] = pair.refresh_expires_at.isoformat()
    return data


def add_authorized(db: Database, platform: str, name: str, app: Mapping[str, str], auth: Authorization, *,
                   base_url: str | None = None) -> Changed[AccountView]:
    """A new account from a completed authorisation."""
    return add_account(db, platform, name, _json_of(app, auth), shop_id=auth.shop_id, base_url=base_url)


def relogin(db: Database, name: str, auth: Authorization) -> Changed[AccountView]:
    """Sign an account in again ("Cần đăng nhập lại"): the new pair replaces the old one in the
    keyring and the account is active again; what waited in its outbox goes at the next sync.

    Raises:
        NotFound: no channel ``name``.
        ValidationError("credentials.…"): this computer lacks one of the platform's app fields.
    """
    with db.session() as session:
        account = account_row(session, name)
        ref, platform = account.secret_ref, account.platform
        current = credentials.load(ref) or ChannelSecrets({}, None)
        app = {**current.app, **auth.extra}
        cls = connector_class(platform)
        missing = [k for k in cls.app_fields if not app.get(k)]
        if missing:
            raise ValidationError(f"credentials.{missing[0]}", msg(
                "Máy này chưa có '{k}' của kênh: thêm lại kênh", "This computer lacks the channel's '{k}': add it again",
                k=missing[0]))
        credentials.save(ref, ChannelSecrets(app, auth.tokens))
        account.state, account.state_detail, account.last_error = AccountState.ACTIVE.value, None, None
        account.access_expires_at = auth.tokens.access_expires_at
        account.refresh_expires_at = auth.tokens.refresh_expires_at
        if auth.shop_id and not account.shop_id:
            account.shop_id = auth.shop_id
        account_name = account.name
    return Changed(get_account(db, account_name), Changes(channels=True))


def new_state() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class AccountApp:
    """What signing an account in again needs: its platform, app credentials, shop and address."""

    name: str
    platform: str
    app: dict[str, str]
    shop_id: str | None
    base_url: str | None

    def __repr__(self) -> str:
        return f"AccountApp({self.name!r}, {self.platform!r}, app_keys={sorted(self.app)})"


def account_app(db: Database, name: str) -> AccountApp:
    """The account's app credentials from the keyring (to sign it in again).

    Raises:
        NotFound: no account of that name.
        ValidationError: this computer holds no app credentials for it.
    """
    with db.read_session() as session:
        account = account_row(session, name)
        saved = credentials.load(account.secret_ref)
        if saved is None:
            raise ValidationError("credentials", msg(
                "Máy này chưa có thông tin ứng dụng của kênh {n}: thêm lại kênh",
                "This computer holds no app credentials for {n}: add the channel again", n=account.name))
        return AccountApp(account.name, account.platform, dict(saved.app), account.shop_id, account.base_url)
