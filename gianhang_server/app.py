"""The application factory: routes, error envelope, and the layers in front of the routes."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gianhang_server import API_PREFIX
from gianhang_server.api import changes, images, listings, orders, products, stock
from gianhang_server.auth import Authenticator, SignatureCheck
from gianhang_server.db import Database, open_database
from gianhang_server.errors import install_error_handlers
from gianhang_server.faults import FaultInjector
from gianhang_server.gateway import is_protected
from gianhang_server.idempotency import RequestTransaction
from gianhang_server.limits import BodyLimit
from gianhang_server.ratelimit import RateLimiter
from gianhang_server.review import AutoReviewer
from gianhang_server.settings import Settings

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"strict-transport-security", b"max-age=31536000"),
]
SIGNATURE_HEADERS = ("X-GH-Key", "X-GH-Timestamp", "X-GH-Nonce", "X-GH-Signature")


class StoreApp(FastAPI):
    """FastAPI with the gateway layers around it, outermost first:
    request id and security headers → body limit → fault injection → signature → rate limit →
    transaction and idempotency → routes. The layers sit outside Starlette's own middleware so
    the fault injector talks to the server's real connection."""

    db: Database
    settings: Settings

    def setup_gateway(self) -> None:
        inner = RequestTransaction(super().__call__, self.db)
        inner = RateLimiter(inner, self.settings.rate_limit)
        inner = SignatureCheck(inner, Authenticator(self.db, self.settings))
        if self.settings.fault_rate > 0:
            inner = FaultInjector(inner, self.settings)
        self.gateway = BodyLimit(inner, self.settings)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        protected = is_protected(scope)
        send_with_headers = _HeaderSend(send, request_id, protected)
        if hasattr(send, "__self__"):
            # Keep the server's cycle reachable for the fault injector's dropped connections.
            send_with_headers.__self__ = send.__self__  # type: ignore[attr-defined]
        await self.gateway(scope, receive, send_with_headers)


class _HeaderSend:
    """Add the request id and the security headers to the answer."""

    def __init__(self, send, request_id: str, protected: bool) -> None:
        self.send = send
        self.extra = [(b"x-request-id", request_id.encode()), *SECURITY_HEADERS]
        if protected:
            self.extra.append((b"cache-control", b"no-store"))

    async def __call__(self, message) -> None:
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers", ())}
            headers = list(message.get("headers", ())) + [(k, v) for k, v in self.extra if k not in present]
            message = {**message, "headers": headers}
        await self.send(message)


def _openapi(app: StoreApp):
    def build() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {})
        components["securitySchemes"] = {
            name: {"type": "apiKey", "in": "header", "name": name, "description": "See docs/store-api.md: every request but /health is signed."}
            for name in SIGNATURE_HEADERS
        }
        for path, operations in schema.get("paths", {}).items():
            if path == f"{API_PREFIX}/health":
                continue
            for method, operation in operations.items():
                operation["security"] = [{name: [] for name in SIGNATURE_HEADERS}]
                for parameter in operation.get("parameters", ()):
                    # A header or query parameter is given or left out; it is never "null".
                    options = parameter.get("schema", {}).pop("anyOf", None)
                    if options:
                        parameter["schema"].update(next(o for o in options if o.get("type") != "null"))
                responses = operation.setdefault("responses", {})
                for status, description in _error_statuses(path, method, operation).items():
                    responses[str(status)] = {"description": description, "content": ERROR_CONTENT}
        components.setdefault("schemas", {})["ErrorEnvelope"] = {
            "type": "object",
            "required": ["error", "request_id"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "details"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {}},
                },
                "request_id": {"type": "string"},
            },
        }
        app.openapi_schema = schema
        return schema

    return build


ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}


def _error_statuses(path: str, method: str, operation: dict) -> dict[int, str]:
    """The error answers an operation can give (docs/store-api.md, Errors), all in the envelope."""
    statuses = {
        400: "Malformed: body not JSON, bad cursor, bad If-Match, missing or bad Idempotency-Key",
        401: "Not signed, or badly signed (WWW-Authenticate: GH-HMAC-SHA256)",
        422: "Validation failed: details.fields names each bad field",
        429: "Rate limited; see Retry-After",
        500: "Server error; retry with the same Idempotency-Key",
        503: "Unavailable; retry after Retry-After with the same Idempotency-Key",
    }
    if "{" in path:
        statuses[404] = "No such resource for this shop"
    if method in ("put", "post", "delete"):
        statuses[409] = "Version or state conflict: details.current is the server's copy"
        statuses[413] = "Body too large: details.limit_bytes"
    if method == "post" and path.endswith("/images"):
        statuses[415] = "Not a JPEG, PNG or WebP image"
    return dict(sorted(statuses.items()))


def create_app(settings: Settings | None = None, db: Database | None = None) -> StoreApp:
    """Build the server for ``settings`` (the database is opened, and created, here)."""
    settings = settings or Settings()
    database = db or open_database(settings.db_url)

    @asynccontextmanager
    async def lifespan(app: StoreApp):
        reviewer = None
        if settings.review_delay is not None:
            reviewer = AutoReviewer(database, settings.review_delay, settings.review_poll_seconds)
            reviewer.start()
        try:
            yield
        finally:
            if reviewer is not None:
                reviewer.stop()

    app = StoreApp(
        title="Gian hàng Việt trực tuyến — store API",
        version="1.0.0",
        description="The national online storefront's seller API (reference server). See docs/store-api.md.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.db = database
    app.settings = settings
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(changes.health_router, prefix=API_PREFIX)
    for module in (products, images, stock, listings, orders, changes):
        app.include_router(module.router, prefix=API_PREFIX)
    app.openapi = _openapi(app)
    app.setup_gateway()
    return app
