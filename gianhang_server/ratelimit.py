"""Per-shop rate limit: a token bucket per shop, kept in this process's memory."""

from __future__ import annotations

import math
import threading
import time

from gianhang_server.errors import send_error
from gianhang_server.settings import RateLimit


class ShopBuckets:
    """Token buckets keyed by shop id."""

    def __init__(self, limit: RateLimit, clock=time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, shop_id: int) -> float:
        """Take one token; return 0 when allowed, else the seconds until a token is available."""
        now = self.clock()
        with self._lock:
            tokens, stamp = self._buckets.get(shop_id, (self.limit.capacity, now))
            tokens = min(self.limit.capacity, tokens + (now - stamp) * self.limit.per_second)
            if tokens >= 1.0:
                self._buckets[shop_id] = (tokens - 1.0, now)
                return 0.0
            self._buckets[shop_id] = (tokens, now)
            return (1.0 - tokens) / self.limit.per_second


class RateLimiter:
    """ASGI layer after the signature check: 429 with ``Retry-After`` once a shop's bucket is empty."""

    def __init__(self, app, limit: RateLimit | None) -> None:
        self.app = app
        self.buckets = ShopBuckets(limit) if limit else None

    async def __call__(self, scope, receive, send) -> None:
        caller = scope.get("state", {}).get("caller") if scope["type"] == "http" else None
        if self.buckets is not None and caller is not None:
            wait = self.buckets.take(caller.shop_id)
            if wait > 0:
                retry_after = max(1, math.ceil(wait))
                await send_error(
                    scope, send, 429, "rate_limited", "Too many requests for this shop; slow down.",
                    {"retry_after_seconds": retry_after}, {"Retry-After": str(retry_after)},
                )
                return
        await self.app(scope, receive, send)
