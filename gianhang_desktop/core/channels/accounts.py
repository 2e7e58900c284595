"""Channel accounts: add (credentials to the keyring, checked against the platform), list, rules,
state ("Cần đăng nhập lại"), remove."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from .. import clock
from ..changes import Changed, Changes
from ..database import Database
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import msg
from ..orders.states import LOCAL_CHANNELS, STORE_CHANNEL
from ..text import clean, fold
from . import credentials, outbox
from .credentials import ChannelSecrets
from .model import AccountState, TokenPair
from .models import ChannelAccount, ChannelLink, ChannelOutbox, ChannelPush, ChannelUnit
from .registry import connector_class
from .stock import StockRule

TOKEN_FIELDS = ("access_token", "refresh_token")
# A new channel keeps 2 units back: with orders polled every half second, the buyers of the other
# channels in the moment before their stock is lowered are covered (bench/bench_channels.py: 0
# oversold in a 100-buyer flash sale of 20 units on 3 channels). `channel rule --buffer 0` removes it.
DEFAULT_BUFFER = 2
# Optional expiry keys, named as the platforms answer them (seconds, or a time).
EXPIRY_FIELDS = ("expire_in", "expires_in", "refresh_expires_in", "access_token_expire_in",
                 "refresh_token_expire_in", "access_expires_at", "refresh_expires_at")
STATE_LABELS = {
    AccountState.ACTIVE: ("Đang hoạt động", "Active"),
    AccountState.NEEDS_RELOGIN: ("Cần đăng nhập lại", "Sign in again"),
    AccountState.BAD_CREDENTIALS: ("Sai thông tin ứng dụng", "Wrong app credentials"),
    AccountState.DISABLED: ("Tạm dừng", "Paused"),
}


@dataclass(frozen=True)
class AccountView:
    """An account as `channel list` and the "Kênh bán" page show it (no secret)."""

    name: str
    platform: str
    shop_id: str | None
    base_url: str | None
    state: str
    state_label: str
    state_detail: str | None
    auto_sync: bool
    percent: int
    buffer: int
    zero_below: int
    warehouses: str
    access_expires_at: datetime | None
    refresh_expires_at: datetime | None
    last_sync_at: datetime | None
    last_error: str | None
    linked: int = 0
    units: int = 0
    pending: int = 0
    refused: int = 0
    credentials_saved: bool = True
    errors: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        def iso(t):
            return t.isoformat() if t else None
        return {
            "name": self.name, "platform": self.platform, "shop_id": self.shop_id, "base_url": self.base_url,
            "state": self.state, "state_label": self.state_label, "state_detail": self.state_detail,
            "auto_sync": self.auto_sync,
            "rule": {"percent": self.percent, "buffer": self.buffer, "zero_below": self.zero_below},
            "warehouses": [c for c in self.warehouses.split(",") if c],
            "token_expires_at": iso(self.access_expires_at), "refresh_expires_at": iso(self.refresh_expires_at),
            "last_sync_at": iso(self.last_sync_at), "last_error": self.last_error,
            "linked": self.linked, "units": self.units, "pending": self.pending, "refused": self.refused,
            "credentials_saved": self.credentials_saved, "errors": list(self.errors),
        }


def state_label(state: str, lang: str | None = None) -> str:
    from ..i18n import current_language

    vi, en = STATE_LABELS.get(AccountState(state), (state, state)) if state in set(AccountState) else (state, state)
    return en if (lang or current_language()) == "en" else vi


# -- validation ---------------------------------------------------------------------------------------

def validate_name(name: str) -> str:
    text = clean(name)
    if not text:
        raise ValidationError("name", msg("Chưa đặt tên kênh", "The channel needs a name"))
    if len(text) > 64:
        raise ValidationError("name", msg("Tên kênh dài quá 64 ký tự", "The channel name is over 64 characters"))
    if fold(text) in {fold(c) for c in (*LOCAL_CHANNELS, STORE_CHANNEL)}:
        raise ValidationError("name", msg("Tên '{n}' đã dùng cho kênh có sẵn; hãy chọn tên khác",
                                          "'{n}' names a built-in channel; pick another name", n=text))
    return text


def validate_base_url(url: str | None) -> str | None:
    """https://… or, for a local simulator only, http://127.0.0.1… (TLS everywhere else)."""
    if url is None or not url.strip():
        return None
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("base_url", msg("Địa chỉ không hợp lệ: '{u}'", "Invalid address: '{u}'", u=url))
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise ValidationError("base_url", msg("Chỉ dùng https (http chỉ cho máy này, 127.0.0.1): '{u}'",
                                              "Use https (plain http only for this computer, 127.0.0.1): '{u}'",
                                              u=url))
    return url


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _expiry(value: Any, field_name: str, now: datetime) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(f"credentials.{field_name}", msg("Giá trị không hợp lệ", "Invalid value"))
    if isinstance(value, int | float):
        seconds = float(value)
        # Lifetimes in seconds (Shopee expire_in) or an epoch time (TikTok access_token_expire_in).
        return datetime.fromtimestamp(seconds, UTC) if seconds > 10**9 else now + timedelta(seconds=seconds)
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"credentials.{field_name}", msg("Thời điểm không hợp lệ: '{v}'",
                                                               "Invalid time: '{v}'", v=value)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_credentials(platform: str, data: Any) -> ChannelSecrets:
    """The `channel add` JSON (the platform's own key names) → secrets. Raises ValidationError
    naming the missing, empty or unknown key."""
    cls = connector_class(platform)
    if not isinstance(data, Mapping):
        raise ValidationError("credentials", msg("Thông tin đăng nhập phải là một đối tượng JSON",
                                                 "The credentials must be a JSON object"))
    required = (*cls.app_fields, *TOKEN_FIELDS)
    for key in data:
        if key not in required and key not in EXPIRY_FIELDS:
            raise ValidationError(f"credentials.{key}", msg(
                "Khoá không dùng cho {p}: '{k}' (cần {need})", "Key not used by {p}: '{k}' (needs {need})",
                p=cls.display_name, k=key, need=", ".join(required)))
    now = clock.now_utc()
    if cls.app_only_refresh and not any(str(data.get(k) or "").strip() for k in TOKEN_FIELDS):
        # An in-house app gets its tokens with its own credentials: an expired placeholder makes
        # the token keeper ask for the first one before any call.
        data = {**data, "access_token": "-", "refresh_token": cls.app_only_refresh,
                "access_expires_at": (now - timedelta(seconds=1)).isoformat()}
    app: dict[str, str] = {}
    for key in required:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
            raise ValidationError(f"credentials.{key}", msg("Thiếu '{k}' cho {p}", "'{k}' is missing for {p}",
                                                            k=key, p=cls.display_name))
        app[key] = str(value).strip()
    access_at = _expiry(data.get("access_expires_at"), "access_expires_at", now) or next(
        (_expiry(data[k], k, now) for k in ("expire_in", "expires_in", "access_token_expire_in") if k in data), None)
    refresh_at = _expiry(data.get("refresh_expires_at"), "refresh_expires_at", now) or next(
        (_expiry(data[k], k, now) for k in ("refresh_expires_in", "refresh_token_expire_in") if k in data), None)
    tokens = TokenPair(app.pop("access_token"), app.pop("refresh_token"), access_at, refresh_at)
    return ChannelSecrets(app, tokens)


# -- services -----------------------------------------------------------------------------------------

def add_account(db: Database, platform: str, name: str, raw_credentials: Any, *, shop_id: str | None = None,
                base_url: str | None = None, verify: bool = True) -> Changed[AccountView]:
    """Add a channel account: credentials to the keyring, the account row, then (``verify``) one
    cheap call proving the credentials open the shop. Wrong or revoked credentials leave nothing
    behind.

    Raises:
        ValidationError: a bad field (named), or credentials the platform refuses ("credentials").
        Conflict("name"): a channel of that name exists.
        ChannelError: the platform could not be asked (``verify``); nothing is kept.
    """
    platform = (platform or "").strip().lower()
    cls = connector_class(platform)
    name = validate_name(name)
    url = validate_base_url(base_url)
    shop = clean(str(shop_id)) if shop_id not in (None, "") else None
    if cls.shop_id_required and not shop:
        raise ValidationError("shop_id", msg("{p} cần mã cửa hàng (--shop-id)", "{p} needs the shop id (--shop-id)",
                                             p=cls.display_name))
    secrets = parse_credentials(platform, raw_credentials)
    with db.session() as session:
        _check_name_free(session, name)
        ref = f"{platform}-{uuid.uuid4().hex}"
        pair = secrets.tokens
        account = ChannelAccount(name=name, platform=platform, shop_id=shop, base_url=url, secret_ref=ref,
                                 state=AccountState.ACTIVE.value, buffer=DEFAULT_BUFFER,
                                 access_expires_at=pair.access_expires_at,
                                 refresh_expires_at=pair.refresh_expires_at)
        session.add(account)
        session.flush()
        saved = credentials.save(ref, secrets)
    if verify:
        try:
            from .service import check_account

            check_account(db, name)
        except (ValidationError, Conflict):
            raise
        except Exception as error:
            from .errors import BadCredentials

            if isinstance(error, BadCredentials):
                remove_account(db, name)
                raise ValidationError("credentials", error.msg) from error
            # Offline or the platform is down: keep the account, the state says what happened.
    view = get_account(db, name)
    return Changed(view if saved else _replace_saved(view, False), Changes(channels=True))


def _replace_saved(view: AccountView, saved: bool) -> AccountView:
    from dataclasses import replace

    return replace(view, credentials_saved=saved)


def _check_name_free(session, name: str) -> None:
    for existing in session.scalars(select(ChannelAccount.name)):
        if fold(existing) == fold(name):
            raise Conflict(msg("Đã có kênh tên '{n}'", "A channel named '{n}' already exists", n=existing), field="name")


def account_row(session, name: str) -> ChannelAccount:
    """The account named ``name`` (case and tone marks ignored). Raises NotFound."""
    wanted = fold(clean(name))
    for account in session.scalars(select(ChannelAccount)):
        if fold(account.name) == wanted:
            return account
    raise NotFound(msg("Không có kênh '{n}' (xem: gianhang channel list)", "No channel '{n}' (see: gianhang channel list)",
                       n=name))


def _view(session, account: ChannelAccount) -> AccountView:
    linked = session.scalar(select(func.count()).select_from(ChannelLink).where(ChannelLink.account_id == account.id))
    units = session.scalar(select(func.count()).select_from(ChannelUnit).where(ChannelUnit.account_id == account.id))
    pending = session.scalar(select(func.count()).select_from(ChannelOutbox).where(
        ChannelOutbox.account_id == account.id, ChannelOutbox.done_at.is_(None)))
    from ..catalog.models import Product

    refused_rows = session.execute(
        select(Product.sku, ChannelPush.kind, ChannelPush.value, ChannelPush.code, ChannelPush.message, ChannelPush.outcome)
        .join(Product, Product.id == ChannelPush.product_id)
        .where(ChannelPush.account_id == account.id, ChannelPush.outcome != "ok")
        .order_by(Product.sku).limit(200)).all()
    errors = tuple({"sku": sku, "kind": kind, "value": value, "code": code, "message": message, "outcome": outcome}
                   for sku, kind, value, code, message, outcome in refused_rows)
    return AccountView(
        name=account.name, platform=account.platform, shop_id=account.shop_id, base_url=account.base_url,
        state=account.state, state_label=state_label(account.state), state_detail=account.state_detail,
        auto_sync=account.auto_sync, percent=account.percent, buffer=account.buffer, zero_below=account.zero_below,
        warehouses=account.warehouses or "", access_expires_at=account.access_expires_at,
        refresh_expires_at=account.refresh_expires_at, last_sync_at=account.last_sync_at,
        last_error=account.last_error, linked=linked or 0, units=units or 0, pending=pending or 0,
        refused=len(errors), credentials_saved=credentials.load(account.secret_ref) is not None, errors=errors)


def get_account(db: Database, name: str) -> AccountView:
    with db.read_session() as session:
        return _view(session, account_row(session, name))


def list_accounts(db: Database) -> list[AccountView]:
    """Every channel account, by name."""
    with db.read_session() as session:
        return [_view(session, a) for a in session.scalars(select(ChannelAccount).order_by(ChannelAccount.name))]


def account_names(db: Database) -> list[tuple[str, str]]:
    """(name, platform) of every channel account, by name: cheap (no keyring), for filters."""
    with db.read_session() as session:
        return [(n, p) for n, p in session.execute(
            select(ChannelAccount.name, ChannelAccount.platform).order_by(ChannelAccount.name))]


def rule_of(account: ChannelAccount) -> StockRule:
    return StockRule(account.percent, account.buffer, account.zero_below)


def _whole(value: Any, field_name: str, low: int, high: int | None = None) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.lstrip("-").isdigit():
        raise ValidationError(field_name, msg("'{v}' không phải số nguyên", "'{v}' is not a whole number", v=value))
    number = int(text)
    if number < low or (high is not None and number > high):
        raise ValidationError(field_name, msg("Giá trị phải từ {lo} đến {hi}", "The value must be {lo} to {hi}",
                                              lo=low, hi=high if high is not None else "∞"))
    return number


def set_rule(db: Database, name: str, *, percent: Any = None, buffer: Any = None, zero_below: Any = None,
             warehouses: str | None = None, auto_sync: bool | None = None) -> Changed[AccountView]:
    """Change the account's stock rule (percent 0–100 rounded down, buffer ≥ 0, zero below N ≥ 0) or
    its warehouses; every linked product is pushed again.

    Raises:
        ValidationError: a bad percent, buffer, zero_below or warehouse (named).
        NotFound: no channel ``name``.
    """
    values = {}
    if percent is not None:
        values["percent"] = _whole(percent, "percent", 0, 100)
    if buffer is not None:
        values["buffer"] = _whole(buffer, "buffer", 0, 10_000_000)
    if zero_below is not None:
        values["zero_below"] = _whole(zero_below, "zero_below", 0, 10_000_000)
    with db.session() as session:
        account = account_row(session, name)
        if warehouses is not None:
            from ..stock.models import Warehouse

            codes = [c.strip() for c in warehouses.split(",") if c.strip()]
            known = set(session.scalars(select(Warehouse.code)))
            for code in codes:
                if code not in known:
                    raise ValidationError("warehouses", msg("Không có kho '{c}'", "No warehouse '{c}'", c=code))
            values["warehouses"] = ",".join(codes)
        if auto_sync is not None:
            values["auto_sync"] = bool(auto_sync)
        for key, value in values.items():
            setattr(account, key, value)
        outbox.enqueue_all(session, account.id, "stock")
        view_name = account.name
    return Changed(get_account(db, view_name), Changes(channels=True))


def set_state(db: Database, name: str, state: AccountState, detail: str | None = None) -> Changes:
    """Set the account's state (and what the clerk is told about it).

    Raises:
        NotFound: no channel ``name``.
    """
    with db.session() as session:
        account = account_row(session, name)
        account.state, account.state_detail = state.value, detail
    return Changes(channels=True)


def remove_account(db: Database, name: str) -> Changes:
    """Remove the account, its links, outbox and secrets (imported orders stay, with their channel name)."""
    with db.session() as session:
        account = account_row(session, name)
        ref = account.secret_ref
        from .models import ChannelOrderRecord

        for model in (ChannelLink, ChannelUnit, ChannelOutbox, ChannelPush, ChannelOrderRecord):
            session.query(model).filter(model.account_id == account.id).delete()
        session.delete(account)
    credentials.forget(ref)
    return Changes(channels=True)
