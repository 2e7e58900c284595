"""One transaction per request, with the Idempotency-Key record written in that same transaction."""

from __future__ import annotations

import hashlib
import re

import anyio.to_thread
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gianhang_server import signing
from gianhang_server.changes import lock_shop
from gianhang_server.db import Database
from gianhang_server.errors import log, send_error
from gianhang_server.models import IdempotencyRecord, utcnow

KEY_PATTERN = re.compile(r"[\x20-\x7e]{1,128}")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def fingerprint(method: str, path: str, raw_query: str, body: bytes) -> str:
    query = signing.canonical_query(signing.query_pairs(raw_query))
    return hashlib.sha256("\n".join([method, path, query, signing.body_sha256(body)]).encode()).hexdigest()


def storable(status: int) -> bool:
    """Responses a retry must see again: everything but server errors and rate limiting."""
    return status < 500 and status != 429


class Replay(Exception):
    def __init__(self, record: IdempotencyRecord) -> None:
        self.record = record


class Reused(Exception):
    pass


class RequestTransaction:
    """ASGI layer next to the routes: opens the session the routes use and ends it.

    Writes take the database's write lock up front (SQLite) or a transaction-scoped advisory lock
    on the idempotency key (PostgreSQL), so two retries of one request never both do the work;
    then the shop's row lock, so one shop has one writer at a time (see changes.lock_shop).
    The routes only flush; this layer commits 2xx/3xx answers, rolls back the rest, and stores the
    answer under the Idempotency-Key before the commit so the record and the work land together.
    """

    def __init__(self, app, db: Database) -> None:
        self.app = app
        self.db = db

    async def __call__(self, scope, receive, send) -> None:
        state = scope.get("state", {})
        caller = state.get("caller")
        if scope["type"] != "http" or caller is None:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        write = method in WRITE_METHODS
        idem_key = None
        for name, value in scope.get("headers", ()):
            if name.lower() == b"idempotency-key":
                idem_key = value.decode("latin-1")
        if method == "POST" and idem_key is None:
            await send_error(scope, send, 400, "idempotency_key_required", "POST requests need an Idempotency-Key header.", {"header": "Idempotency-Key"})
            return
        if idem_key is not None and not KEY_PATTERN.fullmatch(idem_key):
            await send_error(scope, send, 400, "bad_idempotency_key", "Idempotency-Key must be 1 to 128 printable ASCII characters.", {"header": "Idempotency-Key"})
            return
        if not write:
            idem_key = None

        session = (self.db.writer if write else self.db.reader)()
        state["db"] = session
        try:
            await self._run(scope, receive, send, session, caller.shop_id, idem_key)
        finally:
            # Normally closed already by the worker thread that ended the transaction (one thread
            # hop less per request); closing a session that holds no connection does no I/O.
            if session.in_transaction():
                await anyio.to_thread.run_sync(session.close)
            else:
                session.close()

    async def _run(self, scope, receive, send, session: Session, shop_id: int, idem_key: str | None) -> None:
        request_print = None
        nested = None
        if idem_key is not None:
            request_print = fingerprint(scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1"), scope["state"].get("body", b""))
        if scope["method"] in WRITE_METHODS:
            try:
                nested = await anyio.to_thread.run_sync(self._begin_write, session, shop_id, idem_key, request_print)
            except (Replay, Reused) as repeat:
                await self._answer_repeat(scope, send, repeat)
                return

        messages: list[dict] = []

        async def capture(message) -> None:
            messages.append(message)

        try:
            await self.app(scope, receive, capture)
        except Exception:
            log.exception("request failed: %s %s", scope["method"], scope["path"])
            if not messages:
                await anyio.to_thread.run_sync(session.rollback)
                await send_error(scope, send, 500, "server_error", "The server failed; retry later.")
                return
        status = messages[0]["status"] if messages else 500
        body = b"".join(m.get("body", b"") for m in messages[1:])
        content_type = "application/json"
        for name, value in messages[0].get("headers", ()) if messages else ():
            if name.lower() == b"content-type":
                content_type = value.decode("latin-1")
        try:
            await anyio.to_thread.run_sync(self._finish, session, nested, shop_id, idem_key, request_print, status, content_type, body)
        except (Replay, Reused) as repeat:
            await self._answer_repeat(scope, send, repeat)
            return
        except Exception:
            log.exception("commit failed: %s %s", scope["method"], scope["path"])
            await send_error(scope, send, 500, "server_error", "The server failed; retry later.")
            return
        for message in messages:
            await send(message)

    async def _answer_repeat(self, scope, send, repeat: Replay | Reused) -> None:
        """A key seen before: the first answer again, or 422 when the request is not the same one."""
        if isinstance(repeat, Replay):
            await self._send_record(send, repeat.record)
        else:
            await send_error(scope, send, 422, "idempotency_key_reused",
                             "This Idempotency-Key was used with a different request.", {"header": "Idempotency-Key"})

    def _begin_write(self, session: Session, shop_id: int, idem_key: str | None, request_print: str | None):
        try:
            if idem_key is not None:
                self._claim(session, shop_id, idem_key, request_print)
            lock_shop(session, shop_id)
        except BaseException:
            session.close()
            raise
        if idem_key is None:
            return None
        # The work runs in a savepoint so a refused request can be undone while its answer is kept.
        return session.begin_nested()

    def _claim(self, session: Session, shop_id: int, idem_key: str, request_print: str) -> None:
        if self.db.is_postgresql:
            lock_id = int.from_bytes(hashlib.sha256(f"{shop_id}\n{idem_key}".encode()).digest()[:8], "big", signed=True)
            session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})
        record = self._find(session, shop_id, idem_key)
        if record is not None:
            if record.fingerprint != request_print:
                raise Reused()
            raise Replay(record)

    @staticmethod
    def _find(session: Session, shop_id: int, idem_key: str) -> IdempotencyRecord | None:
        return session.scalars(
            select(IdempotencyRecord).where(IdempotencyRecord.shop_id == shop_id, IdempotencyRecord.idempotency_key == idem_key)
        ).one_or_none()

    def _finish(self, session, nested, shop_id, idem_key, request_print, status, content_type, body) -> None:
        try:
            self._end_transaction(session, nested, shop_id, idem_key, request_print, status, content_type, body)
        finally:
            session.close()

    def _end_transaction(self, session, nested, shop_id, idem_key, request_print, status, content_type, body) -> None:
        ok = 200 <= status < 400
        if not ok:
            if nested is not None:
                nested.rollback()
            else:
                session.rollback()
        if idem_key is not None and storable(status):
            session.add(IdempotencyRecord(shop_id=shop_id, idempotency_key=idem_key, fingerprint=request_print, status=status, content_type=content_type, body=body, created_at=utcnow()))
        if not ok and (idem_key is None or not storable(status)):
            session.rollback()
            return
        try:
            session.commit()
        except IntegrityError:
            # Another process stored the same key first: answer what it answered.
            session.rollback()
            record = self._find(session, shop_id, idem_key) if idem_key else None
            if record is None:
                raise
            if record.fingerprint != request_print:
                raise Reused() from None
            raise Replay(record) from None

    @staticmethod
    async def _send_record(send, record: IdempotencyRecord) -> None:
        headers = [
            (b"content-type", record.content_type.encode("latin-1")),
            (b"content-length", str(len(record.body)).encode()),
            (b"idempotent-replayed", b"true"),
        ]
        await send({"type": "http.response.start", "status": record.status, "headers": headers})
        await send({"type": "http.response.body", "body": record.body})
