"""The channel services the window and the command line call: build an account's connector from
the keyring, check it, read its items and link them, sync many accounts at once."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from ..changes import Changed, Changes
from ..database import Database
from ..errors import SyncError
from ..i18n import msg
from ..tasks import Cancelled, CancelToken, ProgressFn, report
from . import credentials
from .accounts import account_row
from .connector import AccountRef, ChannelConnector
from .engine import STOPPED_STATES, begin, finish, pull_orders, push_all, stopped_report
from .errors import BadCredentials, ChannelError, NeedsRelogin
from .http import HttpOptions
from .limits import Endpoint
from .linking import LinkReview, auto_link, store_units
from .model import AccountState, ShopInfo, TokenPair
from .models import ChannelAccount
from .registry import make_connector
from .report import AccountReport, SyncReport
from .scheduler import SHARED, Scheduler

# Tests hand in connectors (name -> connector) instead of building them from the keyring.
ConnectorFactory = Callable[[ChannelAccount], ChannelConnector]


def http_options() -> HttpOptions:
    """Time-outs and retries; GIANHANG_CHANNEL_TIMEOUT / _RETRIES / _BACKOFF change them (tests)."""
    timeout = float(os.environ.get("GIANHANG_CHANNEL_TIMEOUT", "30"))
    return HttpOptions(timeout=(min(5.0, timeout), timeout),
                       retries=int(os.environ.get("GIANHANG_CHANNEL_RETRIES", "4")),
                       backoff_factor=float(os.environ.get("GIANHANG_CHANNEL_BACKOFF", "0.5")))


def connector_for(db: Database, account: ChannelAccount, *, cancel: CancelToken | None = None) -> ChannelConnector:
    """The account's connector; each refreshed token pair goes to the keyring before it is used.

    Raises:
        SyncError: this computer holds no credentials for the account.
    """
    ref, account_id = account.secret_ref, account.id
    secrets = credentials.load(ref)
    if secrets is None:
        raise SyncError(msg("Máy này chưa có thông tin đăng nhập của kênh {n}; thêm lại kênh (channel add) "
                            "hoặc nhập trong trang Kênh bán",
                            "This computer holds no credentials for channel {n}; add it again (channel add) or "
                            "enter them on the Channels page", n=account.name))

    def save(pair: TokenPair) -> None:
        credentials.save_tokens(ref, pair)
        with db.session() as session:
            row = session.get(ChannelAccount, account_id)
            if row is not None:
                row.access_expires_at, row.refresh_expires_at = pair.access_expires_at, pair.refresh_expires_at

    def reload() -> TokenPair | None:
        found = credentials.load(ref)
        return found.tokens if found else None

    return make_connector(AccountRef(account.name, account.platform, account.shop_id, account.base_url, account.id),
                          secrets, save_tokens=save, reload_tokens=reload, http=http_options(), cancel=cancel)


def _factory(db: Database, factory: ConnectorFactory | None, cancel: CancelToken | None) -> ConnectorFactory:
    return factory or (lambda account: connector_for(db, account, cancel=cancel))


def check_account(db: Database, name: str, *, factory: ConnectorFactory | None = None,
                  scheduler: Scheduler = SHARED) -> Changed[ShopInfo]:
    """One cheap call proving the credentials open the shop; the account's state follows the answer
    (and is what `.changes` reports, with the shop id and the tokens' expiry).

    Raises:
        NotFound: no channel ``name``.
        BadCredentials, NeedsRelogin: the platform refused (the account's state says so).
        ChannelError: the platform could not be reached or answered badly.
    """
    with db.read_session() as session:
        account = account_row(session, name)
    connector = _factory(db, factory, None)(account)
    try:
        info = scheduler.call(account.name, connector.limits, Endpoint.AUTH, connector.with_auth, connector.shop_info)
    except NeedsRelogin as error:
        _state(db, account.id, AccountState.NEEDS_RELOGIN, error.message())
        raise
    except BadCredentials as error:
        _state(db, account.id, AccountState.BAD_CREDENTIALS, error.message())
        raise
    finally:
        connector.close()
    with db.session() as session:
        row = session.get(ChannelAccount, account.id)
        row.state, row.state_detail = AccountState.ACTIVE.value, None
        if not row.shop_id and info.shop_id:
            row.shop_id = info.shop_id
        pair = connector.context.tokens.pair
        if pair is not None:
            row.access_expires_at, row.refresh_expires_at = pair.access_expires_at, pair.refresh_expires_at
    return Changed(info, Changes(channels=True))


def _state(db: Database, account_id: int, state: AccountState, detail: str) -> None:
    with db.session() as session:
        row = session.get(ChannelAccount, account_id)
        row.state, row.state_detail = state.value, detail


def refresh_items(db: Database, name: str, *, factory: ConnectorFactory | None = None,
                  scheduler: Scheduler = SHARED, cancel: CancelToken | None = None,
                  progress: ProgressFn | None = None) -> Changed[int]:
    """Read the channel's whole catalogue (items and variations) into the local unit table; how many
    units it holds now.

    Raises:
        NotFound: no channel ``name``.
        NeedsRelogin: the platform wants the account signed in again (its state says so).
        ChannelError: the platform could not be reached or answered badly.
    """
    with db.read_session() as session:
        account = account_row(session, name)
    connector = _factory(db, factory, cancel)(account)
    items, cursor = [], None
    try:
        while True:
            page = scheduler.call(account.name, connector.limits, Endpoint.ITEMS, connector.with_auth,
                                  connector.list_items, cursor, cancel=cancel)
            items.extend(page.items)
            report(progress, 0.5, msg("Đã đọc {n} sản phẩm trên kênh", "{n} items read", n=len(items)).text())
            cursor = page.next_cursor
            if not cursor:
                break
    except NeedsRelogin as error:
        _state(db, account.id, AccountState.NEEDS_RELOGIN, error.message())
        raise
    finally:
        connector.close()
    with db.session() as session:
        return Changed(store_units(session, account.id, items, complete=True), Changes(channels=True))


def link_automatically(db: Database, name: str, *, refresh: bool = True, factory: ConnectorFactory | None = None,
                       scheduler: Scheduler = SHARED) -> Changed[LinkReview]:
    """Read the channel's items (``refresh``), link by seller SKU then GTIN, and report the rest."""
    if refresh:
        refresh_items(db, name, factory=factory, scheduler=scheduler)
    with db.session() as session:
        account = account_row(session, name)
        result = auto_link(session, account.id)
    return Changed(result, Changes(channels=True))


def sync_channels(db: Database, names: Iterable[str] | None = None, *, factory: ConnectorFactory | None = None,
                  scheduler: Scheduler = SHARED, progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                  hook: Callable[[str], None] | None = None, pull: bool = True, send: bool = True) -> SyncReport:
    """Sync the named accounts (all by default) at once: every account pulls its orders, then every
    account sends its outbox, so an order on one channel reaches the others' stock in this sync."""
    started = time.perf_counter()
    with db.read_session() as session:
        if names:
            accounts = [account_row(session, n) for n in dict.fromkeys(names)]
        else:
            accounts = list(session.scalars(select(ChannelAccount).where(
                ChannelAccount.state != AccountState.DISABLED.value).order_by(ChannelAccount.name)))
    if accounts and not getattr(db, "read_only", False):
        from ..stock.sellable import announce_unsellable_lots

        with db.session() as session:  # lots that stopped being sellable overnight: push them too
            announce_unsellable_lots(session)
    make = _factory(db, factory, cancel)
    reports: dict[int, AccountReport] = {}
    runs, errors = {}, {}
    for account in accounts:
        if account.state in STOPPED_STATES:
            reports[account.id] = stopped_report(db, account.id)
            continue
        try:
            connector = make(account)
        except (SyncError, ValueError) as error:
            reports[account.id] = AccountReport(account.name, account.platform, state=account.state,
                                                error=error.message() if isinstance(error, SyncError) else str(error))
            continue
        run = begin(db, account.id, connector, scheduler=scheduler, cancel=cancel, hook=hook)
        runs[account.id] = run
    report(progress, 0.05, msg("Đang nhận đơn từ các kênh…", "Pulling orders…").text())

    def step(fn, run):
        if run.account_id in errors:
            return
        try:
            fn(run)
        except (ChannelError, Cancelled) as error:
            errors[run.account_id] = error

    with ThreadPoolExecutor(max_workers=max(1, len(runs)), thread_name_prefix="channel-sync") as pool:
        if pull:
            list(pool.map(lambda r: step(pull_orders, r), runs.values()))
        report(progress, 0.5, msg("Đang gửi tồn kho…", "Pushing stock…").text())
        if send:
            list(pool.map(lambda r: step(push_all, r), runs.values()))
    for account_id, run in runs.items():
        reports[account_id] = finish(run, errors.get(account_id))
        run.connector.close()
    report(progress, 1.0, msg("Đã đồng bộ các kênh", "Channels synced").text())
    out = SyncReport([reports[a.id] for a in accounts if a.id in reports])
    for item in out.channels:
        item.seconds = item.seconds or (time.perf_counter() - started)
    return out


__all__ = ["BadCredentials", "check_account", "connector_for", "link_automatically", "refresh_items", "sync_channels"]
