"""Fault injection for client tests: errors, stalls and connections dropped after the commit."""

from __future__ import annotations

import asyncio
import logging
import random
import threading

from gianhang_server.errors import send_error
from gianhang_server.gateway import PUBLIC_PATHS
from gianhang_server.settings import Settings

log = logging.getLogger("gianhang_server.faults")


class FaultInjector:
    """ASGI layer (outermost): with probability ``fault_rate`` a request meets one fault.

    ``500``, ``503`` and ``429`` answer at once without doing the work. ``stall`` waits
    ``fault_stall_seconds`` and then does the work (the client has usually given up by then).
    ``drop`` does the work, commits, and closes the connection without a response.
    """

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.rate = settings.fault_rate
        self.kinds = settings.fault_kinds
        self.stall_seconds = settings.fault_stall_seconds
        self.random = random.Random(settings.fault_seed)
        self._lock = threading.Lock()

    def draw(self) -> str | None:
        with self._lock:
            if self.random.random() >= self.rate:
                return None
            return self.random.choice(self.kinds)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS or self.rate <= 0:
            await self.app(scope, receive, send)
            return
        fault = self.draw()
        if fault is None:
            await self.app(scope, receive, send)
            return
        log.info("injecting fault %s into %s %s", fault, scope["method"], scope["path"])
        if fault in ("500", "503"):
            status = int(fault)
            code = "server_error" if status == 500 else "unavailable"
            await send_error(scope, send, status, code, f"Injected fault {fault}.", {"injected": True}, {"Retry-After": "1"} if status == 503 else None)
        elif fault == "429":
            await send_error(scope, send, 429, "rate_limited", "Injected fault 429.", {"injected": True, "retry_after_seconds": 1}, {"Retry-After": "1"})
        elif fault == "stall":
            await asyncio.sleep(self.stall_seconds)
            await self.app(scope, receive, send)
        else:
            await self._drop_after_commit(scope, receive, send)

    async def _drop_after_commit(self, scope, receive, send) -> None:
        async def swallow(message) -> None:
            # The inner layers have committed by the time they send; the response is thrown away.
            return None

        await self.app(scope, receive, swallow)
        cycle = getattr(send, "__self__", None)
        transport = getattr(cycle, "transport", None)
        if transport is not None:
            # uvicorn: mark the cycle disconnected so it does not answer 500 itself, then cut the line.
            cycle.disconnected = True
            transport.abort()
            return
        raise ConnectionAbortedError("injected fault: drop after commit")
