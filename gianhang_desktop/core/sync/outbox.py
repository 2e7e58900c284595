"""Writing to the outbox: called by services inside the transaction that makes the change."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..db.base import utcnow
from ..db.bulk import insert_many
from .models import OUTBOX_KINDS, OutboxEntry

# Kinds whose later entry carries the whole current state, so an unsent earlier entry for the
# same key is redundant and is replaced (order status changes are steps and are all kept).
COALESCING_KINDS = frozenset({"product", "photos", "stock", "listing"})


def enqueue(session: Session, kind: str, key: str, payload: dict[str, Any] | None = None) -> OutboxEntry:
    """Record that the store must learn about a change of `kind` to `key` (a SKU or order code).

    Raises:
        ValueError: `kind` is not an outbox kind.
    """
    if kind not in OUTBOX_KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    if kind == "stock":  # one stock: the marketplaces learn it in the same transaction
        from ..channels.outbox import stock_changed

        stock_changed(session, skus=[key])
    if kind in COALESCING_KINDS:
        _replace_unsent(session, kind, [key])
    entry = OutboxEntry(
        kind=kind,
        key=key,
        payload=json.dumps(payload, ensure_ascii=False, sort_keys=True) if payload is not None else None,
        idempotency_key=f"{kind}-{uuid.uuid4().hex}",
    )
    session.add(entry)
    return entry


def enqueue_many(session: Session, kind: str, keys: Sequence[str]) -> None:
    """`enqueue` for many keys at once (bulk loads: one multi-row insert), by the same rules.

    Raises:
        ValueError: `kind` is not an outbox kind.
    """
    if kind not in OUTBOX_KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    if kind in COALESCING_KINDS:
        _replace_unsent(session, kind, keys)
    now = utcnow()
    insert_many(session.connection(), OutboxEntry.__table__, [
        {"kind": kind, "key": key, "payload": None, "idempotency_key": f"{kind}-{uuid.uuid4().hex}",
         "created_at": now, "attempts": 0}
        for key in keys
    ])


def _replace_unsent(session: Session, kind: str, keys: Sequence[str]) -> None:
    """A later entry carries the whole current state: drop the unsent ones it makes redundant (an
    entry already attempted stays, its idempotency key may have reached the store)."""
    session.flush()  # entries added earlier in this transaction count too, even under no_autoflush
    for start in range(0, len(keys), 500):
        session.execute(
            delete(OutboxEntry).where(
                OutboxEntry.kind == kind,
                OutboxEntry.key.in_(keys[start:start + 500]),
                OutboxEntry.done_at.is_(None),
                OutboxEntry.attempts == 0,
            )
        )
