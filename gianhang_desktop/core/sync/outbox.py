"""Writing to the outbox: called by services inside the transaction that makes the change."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from .models import OUTBOX_KINDS, OutboxEntry

# Kinds whose later entry carries the whole current state, so an unsent earlier entry for the
# same key is redundant and is replaced (order status changes are steps and are all kept).
COALESCING_KINDS = frozenset({"product", "photos", "stock", "listing"})


def enqueue(session: Session, kind: str, key: str, payload: dict[str, Any] | None = None) -> OutboxEntry:
    """Record that the store must learn about a change of `kind` to `key` (a SKU or order code)."""
    if kind not in OUTBOX_KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    if kind in COALESCING_KINDS:
        session.execute(
            delete(OutboxEntry).where(
                OutboxEntry.kind == kind,
                OutboxEntry.key == key,
                OutboxEntry.done_at.is_(None),
                OutboxEntry.attempts == 0,
            )
        )
    entry = OutboxEntry(
        kind=kind,
        key=key,
        payload=json.dumps(payload, ensure_ascii=False, sort_keys=True) if payload is not None else None,
        idempotency_key=f"{kind}-{uuid.uuid4().hex}",
    )
    session.add(entry)
    return entry
