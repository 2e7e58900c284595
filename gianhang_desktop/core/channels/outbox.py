"""The channel outbox: one queue per account, written in the transaction that makes the change.

Rows carry no quantity or price: the whole current state is computed when the row is sent, so a
row sent twice (after a crash) sends the same truth twice. A row is marked done only in the
transaction that records the channel's answer (core/channels/push.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..catalog.models import Product
from .models import OUTBOX_KINDS, ChannelAccount, ChannelLink, ChannelOutbox

_SEEN = "channels.enqueued"  # session.info: (account, kind, key) already queued in this transaction
_ANY_LINK = "channels.any_link"


def new_key(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex}"


def enqueue(session: Session, account_id: int, kind: str, key: str) -> None:
    """Queue ``kind`` (stock, price: key = product id; ship: key = order code) for one account,
    unless the same change is already waiting unsent."""
    if kind not in OUTBOX_KINDS:
        raise ValueError(f"unknown channel outbox kind {kind!r}")
    seen: set = session.info.setdefault(_SEEN, set())
    if (account_id, kind, key) in seen:
        return
    seen.add((account_id, kind, key))
    waiting = session.scalar(select(ChannelOutbox.id).where(
        ChannelOutbox.account_id == account_id, ChannelOutbox.kind == kind, ChannelOutbox.key == key,
        ChannelOutbox.done_at.is_(None), ChannelOutbox.attempts == 0).limit(1))
    if waiting is None:
        session.add(ChannelOutbox(account_id=account_id, kind=kind, key=key, idempotency_key=new_key(kind)))


def _any_link(session: Session) -> bool:
    # Asked once per transaction: most shops have no channel, and bulk loads post many movements.
    if _ANY_LINK not in session.info:
        session.info[_ANY_LINK] = session.scalar(select(ChannelLink.id).limit(1)) is not None
    return session.info[_ANY_LINK]


def stock_changed(session: Session, product_ids: Iterable[int] = (), skus: Iterable[str] = ()) -> None:
    """Every account that sells these products must learn their new stock (called by the ledger,
    by order status changes and by order pulls, inside their transaction)."""
    if not _any_link(session):
        return
    ids = set(product_ids)
    skus = [s for s in skus if s]
    if skus:
        ids.update(session.scalars(select(Product.id).where(Product.sku.in_(skus))))
    if not ids:
        return
    pairs = session.execute(select(ChannelLink.account_id, ChannelLink.product_id).distinct()
                            .where(ChannelLink.product_id.in_(ids))).all()
    for account_id, product_id in sorted(pairs):
        enqueue(session, account_id, "stock", str(product_id))


def enqueue_all(session: Session, account_id: int, kind: str = "stock") -> int:
    """Queue every linked product of the account (a new rule, a first push); returns the count."""
    product_ids = sorted(set(session.scalars(select(ChannelLink.product_id).where(ChannelLink.account_id == account_id))))
    session.execute(delete(ChannelOutbox).where(
        ChannelOutbox.account_id == account_id, ChannelOutbox.kind == kind, ChannelOutbox.done_at.is_(None),
        ChannelOutbox.attempts == 0))
    rows = [{"account_id": account_id, "kind": kind, "key": str(pid), "idempotency_key": new_key(kind)}
            for pid in product_ids]
    for start in range(0, len(rows), 1000):
        session.execute(insert(ChannelOutbox), rows[start:start + 1000])
    session.info.setdefault(_SEEN, set()).update((account_id, kind, str(pid)) for pid in product_ids)
    return len(rows)


def forget_links_cache(session: Session) -> None:
    """After a first link is made in this transaction, later changes must see it."""
    session.info.pop(_ANY_LINK, None)


def active_accounts(session: Session) -> list[ChannelAccount]:
    return list(session.scalars(select(ChannelAccount).order_by(ChannelAccount.name)))
