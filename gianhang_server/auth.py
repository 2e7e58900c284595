"""Signature check of every protected request: key, clock, nonce (shared through the database), HMAC."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import anyio.to_thread
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from gianhang_server import signing
from gianhang_server.db import Database
from gianhang_server.errors import log, send_error
from gianhang_server.gateway import header, is_protected
from gianhang_server.models import AppKey, IdempotencyRecord, SeenNonce
from gianhang_server.settings import Settings


@dataclass(frozen=True)
class Caller:
    """Who signed the request."""

    key_id: int
    shop_id: int
    key: str
    device: str | None = None


class AuthFailure(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Authenticator:
    """Verify the signature headers and consume the nonce, in one short write transaction."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self._last_cleanup = 0.0
        self._cleanup_lock = threading.Lock()

    def verify(self, method: str, path: str, raw_query: str, headers: dict[str, str | None], body: bytes) -> Caller:
        key, timestamp, nonce, signature, device = (
            headers.get("x-gh-key"),
            headers.get("x-gh-timestamp"),
            headers.get("x-gh-nonce"),
            headers.get("x-gh-signature"),
            headers.get("x-gh-device"),
        )
        missing = [name for name, value in (("X-GH-Key", key), ("X-GH-Timestamp", timestamp), ("X-GH-Nonce", nonce), ("X-GH-Signature", signature)) if not value]
        if missing:
            raise AuthFailure("missing_signature", "Missing signature headers: " + ", ".join(missing) + ".")
        try:
            stamp = int(timestamp)
        except ValueError:
            raise AuthFailure("bad_timestamp", "X-GH-Timestamp must be Unix seconds.") from None
        now = time.time()
        if abs(now - stamp) > self.settings.clock_skew:
            raise AuthFailure("stale_timestamp", f"X-GH-Timestamp is more than {self.settings.clock_skew} s from the server clock ({int(now)}).")
        if not signing.NONCE_PATTERN.fullmatch(nonce):
            raise AuthFailure("bad_nonce", "X-GH-Nonce must be 16 to 64 characters of A-Z a-z 0-9 - _.")
        if device is not None and not signing.DEVICE_PATTERN.fullmatch(device):
            raise AuthFailure("bad_device", "X-GH-Device must be 8 to 64 characters of A-Z a-z 0-9 - _.")
        self._maybe_clean_up(now)
        with self.db.writer() as session:
            app_key = session.scalars(select(AppKey).where(AppKey.key == key)).one_or_none()
            if app_key is None:
                raise AuthFailure("unknown_key", "X-GH-Key is not a key this server issued.")
            expected = signing.sign(app_key.secret, method, path, signing.query_pairs(raw_query), timestamp, nonce, body, device)
            if not signing.signature_matches(expected, signature):
                raise AuthFailure("bad_signature", "X-GH-Signature does not match the request.")
            caller = Caller(key_id=app_key.id, shop_id=app_key.shop_id, key=app_key.key, device=device)
            seen_at = datetime.now(UTC)
            session.add(SeenNonce(key_id=app_key.id, nonce=nonce, seen_at=seen_at))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                self._reuse_expired_nonce(session, caller.key_id, nonce, seen_at)
            return caller

    def _reuse_expired_nonce(self, session, key_id: int, nonce: str, seen_at: datetime) -> None:
        row = session.get(SeenNonce, (key_id, nonce))
        window = timedelta(seconds=self.settings.nonce_window)
        if row is None or row.seen_at > seen_at - window:
            raise AuthFailure("replayed_nonce", "X-GH-Nonce was already used with this key.")
        row.seen_at = seen_at
        session.commit()

    def _maybe_clean_up(self, now: float) -> None:
        if now - self._last_cleanup < 60 or not self._cleanup_lock.acquire(blocking=False):
            return
        try:
            self._last_cleanup = now
            current = datetime.now(UTC)
            with self.db.writer() as session:
                session.execute(delete(SeenNonce).where(SeenNonce.seen_at < current - timedelta(seconds=self.settings.nonce_window)))
                session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < current - timedelta(seconds=self.settings.idempotency_ttl)))
                session.commit()
        except Exception:  # cleanup must never fail a request
            log.exception("cleanup of nonces and idempotency records failed")
        finally:
            self._cleanup_lock.release()


class SignatureCheck:
    """ASGI layer: 401 unless the request is signed; puts the caller into ``scope['state']``."""

    def __init__(self, app, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope, receive, send) -> None:
        if not is_protected(scope):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        headers = {name: header(scope, name.encode())
                   for name in ("x-gh-key", "x-gh-timestamp", "x-gh-nonce", "x-gh-signature", "x-gh-device")}
        try:
            caller = await anyio.to_thread.run_sync(
                self.authenticator.verify,
                scope["method"],
                raw_path.decode("latin-1"),
                scope.get("query_string", b"").decode("latin-1"),
                headers,
                state.get("body", b""),
            )
        except AuthFailure as failure:
            await send_error(scope, send, 401, failure.code, failure.message, None, {"WWW-Authenticate": "GH-HMAC-SHA256"})
            return
        state["caller"] = caller
        await self.app(scope, receive, send)
