"""One channel sync of one account: pull the orders changed since the cursor (each page and its
cursor applied in one transaction), then send the outbox (shipments, stock, prices).

The account's state follows what the platform said: a refused refresh token → "Cần đăng nhập lại"
(needs_relogin), wrong app credentials → bad_credentials; no further call is made until the user
fixes it. Network trouble is a normal state: the report says so and nothing is lost.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import func, select

from ..database import Database
from ..db.base import utcnow
from ..tasks import Cancelled, CancelToken
from .connector import ChannelConnector
from .errors import BadCredentials, ChannelError, NeedsRelogin
from .limits import Endpoint
from .model import AccountState, ChannelOrder, OrderRef
from .models import ChannelAccount, ChannelOrderRecord, ChannelOutbox
from .order_import import import_order
from .push import Run, push
from .report import AccountReport
from .scheduler import SHARED, Scheduler
from .shipping import arrange_pending

STOPPED_STATES = (AccountState.NEEDS_RELOGIN.value, AccountState.BAD_CREDENTIALS.value, AccountState.DISABLED.value)


def begin(db: Database, account_id: int, connector: ChannelConnector, *, scheduler: Scheduler = SHARED,
          cancel: CancelToken | None = None, hook: Callable[[str], None] | None = None) -> Run | None:
    """A run for the account, or None (with nothing called) when its state stops it."""
    with db.read_session() as session:
        account = session.get(ChannelAccount, account_id)
        report = AccountReport(account.name, account.platform, state=account.state)
        if account.state in STOPPED_STATES:
            return None
    return Run(db, account_id, account.name, connector, scheduler, report, cancel, hook)


def stopped_report(db: Database, account_id: int) -> AccountReport:
    from .accounts import state_label

    with db.read_session() as session:
        account = session.get(ChannelAccount, account_id)
        return AccountReport(account.name, account.platform, state=account.state,
                             error=account.state_detail or state_label(account.state))


def pull_orders(run: Run) -> None:
    """Follow the account's order cursor to the end, importing what changed."""
    with run.db.read_session() as session:
        account = session.get(ChannelAccount, run.account_id)
        cursor, since = account.order_cursor, account.orders_since
    limit = run.connector.limits.of(Endpoint.ORDER_DETAIL)
    while True:
        page = run.call(Endpoint.ORDERS, run.connector.pull_orders, cursor, since)
        given = {d.channel_order_id: d for d in page.details}
        refs = list(page.refs) + [OrderRef(d.channel_order_id, d.status, d.updated_at)
                                  for d in page.details if d.channel_order_id not in {r.channel_order_id for r in page.refs}]
        changed = _changed(run, refs)
        details: dict[str, ChannelOrder] = {cid: given[cid] for cid in changed if cid in given}
        need = [cid for cid in changed if cid not in given]
        batches = [need[i:i + max(1, limit.batch)] for i in range(0, len(need), max(1, limit.batch))]

        def fetch(batch):
            return run.connector.with_auth(run.connector.order_detail, batch)

        for _batch, result in run.scheduler.map(run.name, run.connector.limits, Endpoint.ORDER_DETAIL, fetch,
                                                batches, run.cancel):
            if isinstance(result, BaseException):
                raise result
            details.update({d.channel_order_id: d for d in result})
        run.at("orders:fetched")
        with run.db.session() as session:
            account = session.get(ChannelAccount, run.account_id)
            for cid in changed:
                if cid in details:
                    run.report.product_ids |= import_order(session, account, details[cid])
            if changed:
                run.report.order_ids.update(session.scalars(select(ChannelOrderRecord.order_id).where(
                    ChannelOrderRecord.account_id == run.account_id, ChannelOrderRecord.channel_order_id.in_(changed))))
            account.order_cursor = page.next_cursor
        run.at("orders:applied")
        run.report.orders.extend(cid for cid in changed if cid in details)
        cursor = page.next_cursor
        if not page.has_more:
            return
        if run.cancel is not None:
            run.cancel.raise_if_cancelled()


def _changed(run: Run, refs: list[OrderRef]) -> list[str]:
    """Ids whose status or update time differ from what was imported (overlapping windows and
    repeated pages cost nothing more)."""
    ids = list(dict.fromkeys(r.channel_order_id for r in refs))
    if not ids:
        return []
    with run.db.read_session() as session:
        known = {cid: (status, updated) for cid, status, updated in session.execute(
            select(ChannelOrderRecord.channel_order_id, ChannelOrderRecord.status, ChannelOrderRecord.remote_updated_at)
            .where(ChannelOrderRecord.account_id == run.account_id, ChannelOrderRecord.channel_order_id.in_(ids)))}
    out = []
    for ref in {r.channel_order_id: r for r in refs}.values():
        seen = known.get(ref.channel_order_id)
        if seen is None or not ref.status or ref.status != seen[0] or (
                ref.updated_at is not None and (seen[1] is None or ref.updated_at > seen[1])):
            out.append(ref.channel_order_id)
    return out


def push_all(run: Run) -> None:
    """Send the outbox: shipments first (labels wait on them), then stock, then prices."""
    arrange_pending(run)
    for kind in ("stock", "price"):
        push(run, kind)
        if run.stop is not None:
            raise run.stop


def finish(run: Run, error: BaseException | None) -> AccountReport:
    """Record how the run ended on the account (state, last sync, last error) and count what is left."""
    report = run.report
    with run.db.session() as session:
        account = session.get(ChannelAccount, run.account_id)
        now = utcnow()
        account.last_attempt_at = now
        if isinstance(error, NeedsRelogin):
            account.state, account.state_detail = AccountState.NEEDS_RELOGIN.value, error.message()
        elif isinstance(error, BadCredentials):
            account.state, account.state_detail = AccountState.BAD_CREDENTIALS.value, error.message()
        if error is None:
            account.last_sync_at, account.last_error = now, None
        elif not isinstance(error, Cancelled):
            account.last_error = _text(error)
        keeper = run.connector.context.tokens.pair
        if keeper is not None:
            account.access_expires_at, account.refresh_expires_at = keeper.access_expires_at, keeper.refresh_expires_at
        report.state = account.state
        report.pending = session.scalar(select(func.count()).select_from(ChannelOutbox).where(
            ChannelOutbox.account_id == run.account_id, ChannelOutbox.done_at.is_(None))) or 0
    if error is not None:
        report.error = _text(error)
    report.requests = run.connector.http.requests_sent
    return report


def _text(error: BaseException) -> str:
    if isinstance(error, ChannelError | Cancelled):
        return error.message()
    return f"{type(error).__name__}: {error}"


def sync_account(db: Database, account_id: int, connector: ChannelConnector, *, scheduler: Scheduler = SHARED,
                 cancel: CancelToken | None = None, hook: Callable[[str], None] | None = None,
                 pull: bool = True, send: bool = True) -> AccountReport:
    """Pull then push one account. Never raises for the platform's trouble: the report says it."""
    started = time.perf_counter()
    run = begin(db, account_id, connector, scheduler=scheduler, cancel=cancel, hook=hook)
    if run is None:
        return stopped_report(db, account_id)
    error: BaseException | None = None
    try:
        if pull:
            pull_orders(run)
        if send:
            push_all(run)
    except (ChannelError, Cancelled) as caught:
        error = caught
    report = finish(run, error)
    report.seconds = time.perf_counter() - started
    return report
