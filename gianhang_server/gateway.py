"""Helpers shared by the ASGI layers in front of the API routes."""

from __future__ import annotations

from gianhang_server import API_PREFIX

PUBLIC_PATHS = frozenset({f"{API_PREFIX}/health", "/openapi.json"})


def is_protected(scope: dict) -> bool:
    """True for requests that must be signed (everything under the API prefix but the health check)."""
    path = scope.get("path", "")
    return scope["type"] == "http" and (path == API_PREFIX or path.startswith(API_PREFIX + "/")) and path not in PUBLIC_PATHS


def header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def replay_body(body: bytes):
    """A ``receive`` callable that hands the already-read body to the inner app."""
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
