"""Sending an account's outbox (stock, price): whole states computed at send time, batched as the
platform's limits say, each answer recorded per SKU in the transaction that marks its rows done.

- OK → done. REFUSED (Lazada's campaign lock, an unknown id…) → done with the platform's code and
  message kept per SKU; the next change of that SKU sends it again (not retried forever).
- RETRYABLE, 5xx, time-outs, rate limits → the rows stay, not before a backoff.
- A kill at any moment: rows not yet recorded are sent again with the then-current whole state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from ..catalog.models import Product
from ..database import Database
from ..db.base import utcnow
from ..killpoints import reached
from ..tasks import CancelToken
from .accounts import rule_of
from .connector import ChannelConnector
from .errors import BadCredentials, ChannelError, NeedsRelogin, RateLimited
from .limits import Endpoint
from .model import Outcome, PriceUpdate, PushResult, StockUpdate
from .models import ChannelAccount, ChannelLink, ChannelOutbox, ChannelPush
from .report import AccountReport
from .scheduler import Scheduler
from .stock import available, warehouse_ids

CHUNK = 500
MAX_BACKOFF = 600.0


def backoff(attempts: int) -> timedelta:
    """How long a row waits after its ``attempts``-th retryable failure (5 s doubling, ≤ 10 min)."""
    return timedelta(seconds=min(MAX_BACKOFF, 5.0 * 2 ** max(0, attempts - 1)))


@dataclass
class Run:
    """One sync of one account: what every step needs."""

    db: Database
    account_id: int
    name: str
    connector: ChannelConnector
    scheduler: Scheduler
    report: AccountReport
    cancel: CancelToken | None = None
    hook: Callable[[str], None] | None = None  # kill points for the crash tests
    stop: BaseException | None = field(default=None)

    def at(self, point: str) -> None:
        """A kill point: ``channels.<account id>.<point>`` for crash tests of a child process
        (core/killpoints.py), and the in-process ``hook`` with "<account name>:<point>"."""
        reached(f"channels.{self.account_id}.{point}")
        if self.hook is not None:
            self.hook(f"{self.name}:{point}")

    def call(self, endpoint: Endpoint, fn, *args):
        return self.scheduler.call(self.name, self.connector.limits, endpoint, self.connector.with_auth, fn, *args,
                                   cancel=self.cancel)


@dataclass
class _Sku:
    product_id: int
    sku: str
    entry_ids: list[int]
    keys: list[str]
    units: list[tuple[str, str]] = field(default_factory=list)
    answered: int = 0
    outcomes: list[PushResult] = field(default_factory=list)


def _pending(session: Session, account_id: int, kind: str) -> dict[int, _Sku]:
    now = utcnow()
    rows = session.execute(
        select(ChannelOutbox.id, ChannelOutbox.key, ChannelOutbox.idempotency_key)
        .where(ChannelOutbox.account_id == account_id, ChannelOutbox.kind == kind, ChannelOutbox.done_at.is_(None),
               or_(ChannelOutbox.not_before.is_(None), ChannelOutbox.not_before <= now))
        .order_by(ChannelOutbox.id)).all()
    wanted: dict[int, _Sku] = {}
    for entry_id, key, idem in rows:
        pid = int(key)
        entry = wanted.setdefault(pid, _Sku(pid, "", [], []))
        entry.entry_ids.append(entry_id)
        entry.keys.append(idem)
    ids = list(wanted)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for pid, sku in session.execute(select(Product.id, Product.sku).where(Product.id.in_(chunk))):
            wanted[pid].sku = sku
        for pid, item_id, variation_id in session.execute(
                select(ChannelLink.product_id, ChannelLink.item_id, ChannelLink.variation_id)
                .where(ChannelLink.account_id == account_id, ChannelLink.product_id.in_(chunk))
                .order_by(ChannelLink.item_id, ChannelLink.variation_id)):
            wanted[pid].units.append((item_id, variation_id))
    return wanted


def _done(session: Session, ids: list[int], error: str | None = None) -> None:
    now = utcnow()
    for start in range(0, len(ids), CHUNK):
        session.execute(update(ChannelOutbox).where(ChannelOutbox.id.in_(ids[start:start + CHUNK]))
                        .values(done_at=now, last_error=error))


def _later(session: Session, ids: list[int], error: str) -> None:
    rows = session.execute(select(ChannelOutbox.id, ChannelOutbox.attempts).where(ChannelOutbox.id.in_(ids))).all()
    now = utcnow()
    for entry_id, attempts in rows:
        session.execute(update(ChannelOutbox).where(ChannelOutbox.id == entry_id)
                        .values(last_error=error[:1000], not_before=now + backoff(attempts)))


def _batches(updates: list, limit) -> list[list]:
    size = max(1, limit.batch)
    if not limit.per_item:
        return [updates[i:i + size] for i in range(0, len(updates), size)]
    by_item: dict[str, list] = defaultdict(list)
    for update_ in updates:
        by_item[update_.item_id].append(update_)
    return [group[i:i + size] for group in by_item.values() for i in range(0, len(group), size)]


def push(run: Run, kind: str = "stock") -> None:
    """Send the account's pending ``kind`` rows (stock or price)."""
    endpoint = Endpoint.STOCK if kind == "stock" else Endpoint.PRICE
    with run.db.read_session() as session:
        wanted = _pending(session, run.account_id, kind)
        account = session.get(ChannelAccount, run.account_id)
        linked = [w for w in wanted.values() if w.units and w.sku]
        values: dict[int, int] = {}
        if linked and kind == "stock":
            values = available(session, [w.product_id for w in linked], rule_of(account),
                               warehouse_ids(session, account.warehouses))
        elif linked:
            values = dict(session.execute(select(Product.id, Product.price).where(
                Product.id.in_([w.product_id for w in linked]))).all())
    idle = [i for w in wanted.values() if not (w.units and w.sku) for i in w.entry_ids]
    if idle:  # nothing linked any more: nothing to tell the channel
        with run.db.session() as session:
            _done(session, idle)
    if not linked:
        return
    updates = []
    for w in linked:
        for item_id, variation_id in w.units:
            if kind == "stock":
                updates.append(StockUpdate(w.sku, item_id, variation_id or None, values[w.product_id], change_key=w.keys[-1]))
            else:
                updates.append(PriceUpdate(w.sku, item_id, variation_id or None, values[w.product_id], change_key=w.keys[-1]))
    by_unit = {(item, var): w for w in linked for item, var in w.units}
    with run.db.session() as session:  # these rows are in flight: later changes queue new rows
        ids = [i for w in linked for i in w.entry_ids]
        for start in range(0, len(ids), CHUNK):
            session.execute(update(ChannelOutbox).where(ChannelOutbox.id.in_(ids[start:start + CHUNK]))
                            .values(attempts=ChannelOutbox.attempts + 1))
    run.at(f"{kind}:attempted")
    limit = run.connector.limits.of(endpoint)
    method = run.connector.push_stock if kind == "stock" else run.connector.push_price
    batches = _batches(updates, limit)

    def send(batch):
        return run.connector.with_auth(method, batch)

    for batch, outcome in run.scheduler.map(run.name, run.connector.limits, endpoint, send, batches, run.cancel):
        run.at(f"{kind}:answered")
        if isinstance(outcome, BaseException):
            if isinstance(outcome, NeedsRelogin | BadCredentials) or not isinstance(outcome, ChannelError):
                run.stop = run.stop or outcome
                continue
            if isinstance(outcome, RateLimited):
                run.scheduler.bucket(run.name, endpoint, limit).hold_off(outcome.retry_after or 1.0)
            results = [PushResult(u.sku, u.item_id, u.variation_id,
                                  Outcome.RETRYABLE if outcome.retryable else Outcome.REFUSED,
                                  outcome.code, outcome.message()) for u in batch]
        else:
            got = {(r.item_id, r.variation_id or ""): r for r in outcome}
            results = [got.get((u.item_id, u.variation_id or "")) or
                       PushResult(u.sku, u.item_id, u.variation_id, Outcome.RETRYABLE, "no_result",
                                  "the platform gave no answer for this unit") for u in batch]
        _record(run, kind, batch, results, by_unit, values)
        run.at(f"{kind}:recorded")


def _record(run: Run, kind: str, batch, results: list[PushResult], by_unit: dict, values: dict[int, int]) -> None:
    """One transaction: the answers per SKU and the outbox rows they finish (a few set-wise
    statements, so recording keeps up with the platform's pace)."""
    now = utcnow()
    finished: list[tuple[_Sku, PushResult]] = []
    for update_, result in zip(batch, results, strict=True):
        w = by_unit[(update_.item_id, update_.variation_id or "")]
        w.answered += 1
        w.outcomes.append(result)
        if w.answered == len(w.units):
            finished.append((w, _worst(w.outcomes)))
    if not finished:
        return
    done, failed, later = [], {}, {}
    rows = []
    for w, worst in finished:
        rows.append({"account_id": run.account_id, "kind": kind, "product_id": w.product_id,
                     "value": values[w.product_id], "outcome": worst.outcome.value, "code": (worst.code or "")[:100],
                     "message": worst.message or "", "sent_at": now})
        if worst.outcome is Outcome.RETRYABLE:
            later[f"{worst.code}: {worst.message}"] = later.get(f"{worst.code}: {worst.message}", []) + w.entry_ids
        elif worst.ok:
            done.extend(w.entry_ids)
        else:
            failed.setdefault(f"{worst.code}: {worst.message}"[:1000], []).extend(w.entry_ids)
    with run.db.session() as session:
        session.execute(delete(ChannelPush).where(
            ChannelPush.account_id == run.account_id, ChannelPush.kind == kind,
            ChannelPush.product_id.in_([w.product_id for w, _ in finished])))
        session.execute(insert(ChannelPush), rows)
        _done(session, done)
        for error, ids in failed.items():
            _done(session, ids, error)
        for error, ids in later.items():
            _later(session, ids, error)
    for w, worst in finished:
        if worst.ok:
            (run.report.stock if kind == "stock" else run.report.prices)[w.sku] = values[w.product_id]
        else:
            run.report.errors.append({"sku": w.sku, "kind": kind, "outcome": worst.outcome.value,
                                      "code": worst.code, "message": worst.message})


def _worst(outcomes: list[PushResult]) -> PushResult:
    order = {Outcome.RETRYABLE: 0, Outcome.REFUSED: 1, Outcome.OK: 2}
    return min(outcomes, key=lambda r: order[r.outcome])
