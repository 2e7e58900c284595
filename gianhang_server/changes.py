"""The per-shop changes feed: recording changes in commit order and reading them back by cursor."""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from gianhang_server.errors import ApiError
from gianhang_server.models import Change, Shop, utcnow

if TYPE_CHECKING:
    from gianhang_server.auth import Caller


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def page_json(rows: list, next_cursor: str, has_more: bool) -> str:
    """The body of a changes page, with each change's stored JSON spliced in as it is."""
    items = ",".join(
        f'{{"seq":{c.seq},"type":{to_json(c.type)},"key":{to_json(c.key)},"data":{c.data}}}' for c in rows
    )
    return f'{{"changes":[{items}],"next_cursor":{to_json(next_cursor)},"has_more":{"true" if has_more else "false"}}}'


def source_of(source: Caller | None) -> dict[str, Any]:
    """The ``source`` member of a change's data: who made it (a key, and its device if it sent one)."""
    if source is None:
        return {"key": None, "actor": "server", "device": None}
    return {"key": source.key, "actor": "client", "device": source.device}


def record_change(
    session: Session, shop_id: int, type_: str, key: str, data: dict[str, Any], source: Caller | None
) -> int:
    """Append a change with the shop's next ``seq``; ``source`` is the caller whose request made
    it (None for the server's own processes), so that the feed can leave out its own echo.

    Incrementing the shop row locks it until the transaction ends, so a second writer for the
    same shop waits for the first to commit before it gets the next number: seqs of one shop become
    visible in order and a reader that has seen ``seq = n`` can never later find a smaller one.
    """
    seq = session.execute(
        update(Shop).where(Shop.id == shop_id).values(change_seq=Shop.change_seq + 1).returning(Shop.change_seq)
    ).scalar_one()
    session.add(Change(shop_id=shop_id, seq=seq, type=type_, key=key, data=to_json(data),
                       source_key_id=source.key_id if source else None, source_device=source.device if source else None))
    return seq


def record_changes(session: Session, shop_id: int, entries: list[tuple[str, str, dict[str, Any], Caller | None]]) -> None:
    """Append several changes with consecutive seqs in two statements (see :func:`record_change`)."""
    if not entries:
        return
    last = session.execute(
        update(Shop).where(Shop.id == shop_id).values(change_seq=Shop.change_seq + len(entries)).returning(Shop.change_seq)
    ).scalar_one()
    first = last - len(entries) + 1
    session.execute(
        insert(Change),
        [
            {"shop_id": shop_id, "seq": first + n, "type": type_, "key": key, "data": to_json(data),
             "source_key_id": source.key_id if source else None, "source_device": source.device if source else None,
             "created_at": utcnow()}
            for n, (type_, key, data, source) in enumerate(entries)
        ],
    )


def lock_shop(session: Session, shop_id: int) -> None:
    """Take the shop's row lock first: one writer per shop at a time, and always the same lock
    order (shop, then its rows), so writers never deadlock."""
    session.execute(select(Shop.id).where(Shop.id == shop_id).with_for_update())


def encode_cursor(kind: str, shop_id: int, position: int) -> str:
    """An opaque cursor; it names its list and shop so that it cannot be used elsewhere by mistake."""
    raw = f"{kind}:{shop_id}:{position}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, shop_id: int, cursor: str | None) -> int:
    """The position in a cursor of ``kind`` for this shop (0 for none); 400 when it is not one."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
        prefix, owner, number = raw.split(":")
        position = int(number)
        if prefix != kind or int(owner) != shop_id or not 0 <= position <= 2**62:
            raise ValueError(raw)
    except (ValueError, UnicodeError, binascii.Error):
        raise ApiError(400, "bad_cursor", "The cursor is not one this server gave out for this list and shop.", {"field": "cursor"}) from None
    return position


def read_changes(
    session: Session, shop_id: int, caller: Caller, after: int, limit: int, include_own: bool
) -> tuple[list, int]:
    """Changes after ``after`` in seq order and the seq to continue from.

    Without ``include_own`` the caller's own echo is left out: changes made with its key *and* its
    device (X-GH-Device, or none). Another device sharing the key sees them.
    """
    # Read the committed head first: every change up to it is visible to the query below, so when
    # the page is not full the reader may jump to the head (past its own, filtered-out changes).
    head = session.scalar(select(Shop.change_seq).where(Shop.id == shop_id)) or 0
    query = select(Change.seq, Change.type, Change.key, Change.data).where(Change.shop_id == shop_id, Change.seq > after)
    if not include_own:
        other_device = (Change.source_device.is_not(None) if caller.device is None
                        else or_(Change.source_device.is_(None), Change.source_device != caller.device))
        query = query.where(or_(Change.source_key_id.is_(None), Change.source_key_id != caller.key_id, other_device))
    rows = list(session.execute(query.order_by(Change.seq).limit(limit)))
    last = rows[-1].seq if rows else after
    if len(rows) < limit:
        last = max(last, head)
    return rows, last
