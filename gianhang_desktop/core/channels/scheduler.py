"""The one scheduler: every call to a platform waits for its (account, endpoint class) token bucket,
so each platform's documented rate limit and concurrency are kept however many syncs run."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

from ..tasks import CancelToken
from .limits import ChannelLimits, Endpoint, EndpointLimit

T = TypeVar("T")
B = TypeVar("B")


class TokenBucket:
    """``rate`` tokens a second up to ``burst``; ``acquire`` blocks until one is free.

    ``clock`` and ``sleep`` are injectable so tests run on a fake clock (no real waiting)."""

    def __init__(self, rate: float, burst: int = 1, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.burst = max(1, int(burst))
        self.clock, self.sleep = clock, sleep
        self._tokens = float(self.burst)
        self._stamp = clock()
        self._blocked_until = 0.0
        self._lock = threading.Lock()
        self.waited = 0.0

    def _reserve(self) -> float:
        """Take a token now or book the next one; returns how long the caller must wait."""
        with self._lock:
            now = self.clock()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= 1
            wait_for = 0.0 if self._tokens >= 0 else -self._tokens / self.rate
            return max(wait_for, self._blocked_until - now)

    def acquire(self, cancel: CancelToken | None = None) -> float:
        """Wait for a token (polling ``cancel``); returns the seconds waited."""
        delay = self._reserve()
        waited = delay
        while delay > 0:
            if cancel is not None:
                cancel.raise_if_cancelled()
            step = min(delay, 0.25)
            self.sleep(step)
            delay -= step
        self.waited += waited
        return waited

    def hold_off(self, seconds: float) -> None:
        """The platform said "slow down": no call for ``seconds``."""
        with self._lock:
            self._blocked_until = max(self._blocked_until, self.clock() + max(0.0, seconds))


class Scheduler:
    """Token buckets and in-flight limits per (account, endpoint class), shared by every sync of
    this process. Use ``call`` for one request and ``map`` for batches run concurrently."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.clock, self.sleep = clock, sleep
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._slots: dict[tuple[str, str], threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def bucket(self, account: str, endpoint: Endpoint | str, limit: EndpointLimit) -> TokenBucket:
        key = (account, str(endpoint))
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None or bucket.rate != limit.rate or bucket.burst != max(1, limit.burst):
                bucket = self._buckets[key] = TokenBucket(limit.rate, limit.burst, clock=self.clock, sleep=self.sleep)
                self._slots[key] = threading.BoundedSemaphore(max(1, limit.concurrency))
            return bucket

    def call(self, account: str, limits: ChannelLimits, endpoint: Endpoint, fn: Callable[..., T], *args,
             cancel: CancelToken | None = None, **kwargs) -> T:
        """Run ``fn`` once its endpoint's limits allow."""
        limit = limits.of(endpoint)
        bucket = self.bucket(account, endpoint, limit)
        slots = self._slots[(account, str(endpoint))]
        with slots:
            bucket.acquire(cancel)
            return fn(*args, **kwargs)

    def map(self, account: str, limits: ChannelLimits, endpoint: Endpoint, fn: Callable[[B], T],
            batches: Iterable[B], cancel: CancelToken | None = None) -> Iterator[tuple[B, T | BaseException]]:
        """Run ``fn`` on every batch, up to the endpoint's concurrency at once, each waiting for the
        bucket; yields (batch, result or the exception it raised) as they finish."""
        concurrency = max(1, limits.of(endpoint).concurrency)
        pending: dict[Future, B] = {}
        work = iter(batches)
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=f"channel-{account}") as pool:
            def submit() -> bool:
                batch = next(work, _END)
                if batch is _END:
                    return False
                pending[pool.submit(self.call, account, limits, endpoint, fn, batch, cancel=cancel)] = batch
                return True

            for _ in range(concurrency):
                if not submit():
                    break
            while pending:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    batch = pending.pop(future)
                    error = future.exception()
                    if cancel is None or not cancel.cancelled:
                        submit()  # keep the calls flowing while the caller records this answer
                    yield batch, (error if error is not None else future.result())


_END = object()
SHARED = Scheduler()  # the process's scheduler: rate limits are a fact about the process, not a sync
