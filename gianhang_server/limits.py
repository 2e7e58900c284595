"""Request body limits, enforced before anything parses the body."""

from __future__ import annotations

from gianhang_server import API_PREFIX
from gianhang_server.errors import send_error
from gianhang_server.gateway import header, replay_body
from gianhang_server.settings import Settings

# Past this many bytes an oversized body is not read to the end: the connection is closed instead.
DRAIN_LIMIT = 16 * 1024 * 1024


class BodyLimit:
    """Read the whole body up to the limit of its route (413 beyond) and keep it in the scope."""

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def limit_for(self, scope: dict) -> int:
        if scope["method"] == "POST" and scope["path"] == f"{API_PREFIX}/images":
            return self.settings.max_image_body
        return self.settings.max_json_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = header(scope, b"content-length")
        if declared is not None:
            try:
                declared_size = int(declared)
            except ValueError:
                await send_error(scope, send, 400, "malformed", "Content-Length is not a number.")
                return
            if declared_size > limit:
                if declared_size <= DRAIN_LIMIT:
                    await self._drain(receive)
                await self._too_large(scope, send, limit)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                if size <= DRAIN_LIMIT and message.get("more_body", False):
                    await self._drain(receive, size)
                await self._too_large(scope, send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        scope.setdefault("state", {})["body"] = body
        await self.app(scope, replay_body(body), send)

    @staticmethod
    async def _drain(receive, already: int = 0) -> None:
        # Reading the rest lets a client that is still uploading see the 413 instead of a reset.
        size = already
        while size <= DRAIN_LIMIT:
            message = await receive()
            if message["type"] != "http.request":
                return
            size += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    @staticmethod
    async def _too_large(scope, send, limit: int) -> None:
        await send_error(
            scope, send, 413, "body_too_large", f"The body is larger than {limit} bytes.", {"limit_bytes": limit}
        )
