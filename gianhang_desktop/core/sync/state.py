"""The sync state shown on the Sync page and by `gianhang sync status`: what is left, when, which conflicts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..catalog.service import get_product_row, modify_product
from ..changes import Changed, Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import GianHangError, NotFound, ValidationError
from ..i18n import msg
from . import outbox
from .models import OutboxEntry, RemoteProduct, SyncConflict, SyncState
from .payloads import dumps, loads
from .pull import local_fields


@dataclass(frozen=True)
class ConflictView:
    id: int
    sku: str
    local: dict[str, Any]
    remote: dict[str, Any]
    remote_version: int | None
    created_at: datetime

    @property
    def differing_fields(self) -> list[str]:
        return [k for k in self.local if self.local.get(k) != self.remote.get(k)]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "sku": self.sku, "local": self.local, "remote": self.remote,
                "remote_version": self.remote_version, "fields": self.differing_fields,
                "created_at": self.created_at.isoformat()}


@dataclass(frozen=True)
class SyncStatus:
    server_url: str
    pending: int
    pending_by_kind: dict[str, int]
    failing: list[dict[str, str]]
    last_sync_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None
    last_result: dict[str, Any] | None
    conflicts: list[ConflictView] = field(default_factory=list)
    device_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "server_url": self.server_url, "pending": self.pending, "pending_by_kind": self.pending_by_kind,
            "failing": self.failing,
            "last_sync_at": self.last_sync_at.isoformat() if self.last_sync_at else None,
            "last_attempt_at": self.last_attempt_at.isoformat() if self.last_attempt_at else None,
            "last_error": self.last_error, "last_result": self.last_result,
            "conflicts": [c.to_json() for c in self.conflicts], "device_id": self.device_id,
        }


def sync_status(db: Database) -> SyncStatus:
    """What is waiting to be sent, the last sync, the failures and the open conflicts.

    Raises:
        Nothing of its own (the database's errors as they are).
    """
    with db.read_session() as session:
        rows = session.execute(select(OutboxEntry.kind, OutboxEntry.key, OutboxEntry.last_error)
                               .where(OutboxEntry.done_at.is_(None))).all()
        state = session.get(SyncState, 1)
        conflicts = [
            ConflictView(c.id, c.key, loads(c.local), loads(c.remote), c.remote_version, c.created_at)
            for c in session.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.id))
        ]
    return SyncStatus(
        server_url=state.server_url if state else "",
        pending=len(rows),
        pending_by_kind=dict(Counter(kind for kind, _, _ in rows)),
        failing=[{"kind": k, "key": key, "error": e} for k, key, e in rows if e][:100],
        last_sync_at=state.last_sync_at if state else None,
        last_attempt_at=state.last_attempt_at if state else None,
        last_error=state.last_error if state else None,
        last_result=loads(state.last_result) if state and state.last_result else None,
        conflicts=conflicts,
        device_id=state.device_id if state else None,
    )


def resolve_conflicts(db: Database, conflict_ids: Iterable[int], keep: str) -> Changed[list[GianHangError]]:
    """Resolve each conflict as `resolve_conflict` does, each in its own transaction: one refused
    (e.g. already resolved on another PC) does not hold back the others. Its value is the refusals.

    Raises:
        ValueError: `keep` is neither "local" nor "store".
    """
    changes, refused = Changes(), []
    for conflict_id in conflict_ids:
        try:
            changes = changes | resolve_conflict(db, conflict_id, keep)
        except GianHangError as error:
            refused.append(error)
    return Changed(refused, changes)


def open_conflicts(db: Database) -> list[ConflictView]:
    """The conflicts waiting for a choice, oldest first (what `gianhang sync conflicts` lists)."""
    return sync_status(db).conflicts


def resolve_sku(db: Database, sku: str, keep: str) -> Changed[str]:
    """Resolve the open conflict of product `sku` (any case, as typed): keep "local" or "store".
    Its value is the product's SKU as the catalogue spells it.

    Raises:
        ValidationError("keep"): `keep` is neither.
        NotFound: no such product, or it has no open conflict.
    """
    if keep not in ("local", "store"):
        raise ValidationError("keep", msg("Chọn --keep local (giữ bản ở máy này) hoặc --keep store (lấy bản trên gian hàng)",
                                          "Choose --keep local (this computer's copy) or --keep store (the store's copy)"))
    with db.read_session() as session:
        product_sku = get_product_row(session, sku).sku
        conflict_id = session.scalar(select(SyncConflict.id).where(
            SyncConflict.key == product_sku, SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.id.desc()).limit(1))
    if conflict_id is None:
        raise NotFound(msg("Sản phẩm '{sku}' không có xung đột nào chờ xử lý", "Product '{sku}' has no open conflict",
                           sku=product_sku))
    return Changed(product_sku, resolve_conflict(db, conflict_id, keep))


def resolve_conflict(db: Database, conflict_id: int, keep: str) -> Changes:
    """Keep "local" (sent over the store's copy at the next sync) or "store" (taken into the catalogue).

    Raises:
        ValueError: `keep` is neither "local" nor "store".
        NotFound: no open conflict `conflict_id`.
        ValidationError, Conflict: keeping the store's copy breaks a catalogue rule (e.g. its
            barcode is another product's); nothing is changed.
    """
    if keep not in ("local", "store"):
        raise ValueError(keep)
    with db.session() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.resolved_at is not None:
            raise NotFound(msg("Không có xung đột #{id}", "No conflict #{id}", id=conflict_id))
        remote = loads(conflict.remote)
        row = session.get(RemoteProduct, conflict.key) or RemoteProduct(sku=conflict.key)
        session.add(row)
        row.version, row.base, row.sent = conflict.remote_version, dumps(remote), None
        product = get_product_row(session, conflict.key)
        if keep == "store":
            modify_product(session, conflict.key, **local_fields(remote))
        outbox.enqueue(session, "product", conflict.key)  # the pending entry is re-sent over the new version
        conflict.resolved_at, conflict.resolution = utcnow(), keep
        product_id = product.id
    return Changes(products=frozenset({product_id}), sync=True)
