"""The HTTP every connector's ``client.py`` uses: one requests session, timeouts, urllib3 ``Retry``
(backoff with jitter, 429/5xx, ``Retry-After``), a fresh signature on every attempt, and answers
that are checked to be what was expected (JSON, or PDF bytes) before a connector reads them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from urllib3.exceptions import MaxRetryError, ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from .. import clock
from ..net import SecureSession
from ..net import path_segment as _segment
from ..tasks import CancelToken
from .errors import BadResponse, Unavailable
from .limits import Endpoint

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class HttpOptions:
    """Time-outs (connect, read) in seconds and the retry budget of one call."""

    timeout: tuple[float, float] = (5.0, 30.0)
    retries: int = 4
    backoff_factor: float = 0.5
    backoff_max: float = 30.0
    jitter: float = 0.5
    verify: bool | str = True  # TLS verification stays on; a CA bundle path for tests


@dataclass(frozen=True)
class HttpRequest:
    """One attempt, built (and signed) afresh for every try: ``params`` go in the query string."""

    method: str
    url: str
    params: dict[str, str] | list[tuple[str, str]] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(frozen=True)
class HttpAnswer:
    """The final answer of a call (after retries), any status."""

    status: int
    headers: dict[str, str]
    content: bytes
    platform: str = ""

    @property
    def content_type(self) -> str:
        for key, value in self.headers.items():
            if key.lower() == "content-type":
                return value.lower()
        return ""

    def json(self) -> Any:
        """The decoded JSON body. Raises BadResponse for an HTML page or anything not JSON."""
        if "html" in self.content_type or self.content.lstrip()[:1] == b"<":
            raise BadResponse(self.platform, self.status, _snippet(self.content))
        try:
            return json.loads(self.content.decode("utf-8")) if self.content else None
        except (ValueError, UnicodeDecodeError):
            raise BadResponse(self.platform, self.status, _snippet(self.content)) from None

    def pdf(self) -> bytes:
        """The body when it is a PDF document. Raises BadResponse otherwise."""
        if not self.content.startswith(b"%PDF"):
            raise BadResponse(self.platform, self.status, _snippet(self.content))
        return self.content


def _without_query(text: str) -> str:
    """`text` with every URL query string cut (tokens and signatures travel there)."""
    return re.sub(r"\?[^\s'\")]*", "?…", text)


def _snippet(content: bytes) -> str:
    text = content[:400].decode("utf-8", "replace")
    return " ".join(text.split())


def path_segment(platform: str, value: object) -> str:
    """A platform's id (an order code, a package or product id) as one percent-encoded URL path
    segment (core/net.py): a "/" or "?" inside it can never reach another address.

    Raises:
        BadResponse: an empty, "." or ".." id (no address can be built from it).
    """
    try:
        return _segment(value)
    except ValueError:
        raise BadResponse(platform, None, f"unusable id {value!r}") from None


class ChannelHttp:
    """One session to one platform. ``send`` retries connection errors, time-outs, 429 and 5xx with
    backoff (honouring ``Retry-After``), calling ``build`` again each time so every attempt carries
    a fresh timestamp and signature. Every method is retried: stock and price carry whole states."""

    def __init__(self, platform: str, options: HttpOptions | None = None, *,
                 cancel: CancelToken | None = None, user_agent: str = "GianHangDesktop-channels") -> None:
        self.platform = platform
        self.options = options or HttpOptions()
        self.cancel = cancel
        self.session = SecureSession()  # plain http:// only to this machine (simulators), redirects too
        self.session.verify = self.options.verify
        self.session.headers["User-Agent"] = user_agent
        # Seconds to add to this computer's clock for the platform's time window (set when the
        # platform tells its own time).
        self.clock_offset = 0.0
        self.requests_sent = 0
        self.calls: Counter[str] = Counter()  # per endpoint class, for the scheduler and the benchmark
        self.on_request: Callable[[str, str, str], None] | None = None  # (endpoint, method, url)

    def close(self) -> None:
        self.session.close()

    def timestamp(self) -> int:
        """Whole seconds since the epoch on the platform's clock as far as we know it."""
        return int(clock.now_utc().timestamp() + self.clock_offset)

    def timestamp_ms(self) -> int:
        return int((clock.now_utc().timestamp() + self.clock_offset) * 1000)

    def _retry(self) -> Retry:
        o = self.options
        return Retry(
            total=o.retries, connect=o.retries, read=o.retries, status=o.retries, other=o.retries,
            allowed_methods=None, status_forcelist=RETRY_STATUSES, backoff_factor=o.backoff_factor,
            backoff_max=o.backoff_max, backoff_jitter=o.jitter, respect_retry_after_header=True,
            raise_on_status=False,
        )

    def send(self, build: Callable[[], HttpRequest], endpoint: Endpoint | str = "") -> HttpAnswer:
        """Send the request ``build()`` makes until a final answer; Unavailable when the budget is spent."""
        retry = self._retry()
        while True:
            if self.cancel is not None:
                self.cancel.raise_if_cancelled()
            request = build()
            self.requests_sent += 1
            self.calls[str(endpoint)] += 1
            if self.on_request is not None:
                self.on_request(str(endpoint), request.method, request.url)
            failure: Exception | None = None
            try:
                raw = self.session.request(request.method, request.url, params=request.params, data=request.body,
                                           headers=request.headers, timeout=self.options.timeout)
            except requests.Timeout as error:  # the message names the URL with its query: cut it
                failure = ReadTimeoutError(None, request.url, _without_query(str(error)))
            except requests.ConnectionError as error:
                failure = ProtocolError(_without_query(str(error)))
            if failure is not None:  # outside the except: a raised Unavailable chains nothing with a token
                retry = self._next(retry, request, error=failure)
                retry.sleep()
                continue
            if raw.status_code in RETRY_STATUSES:
                retry = self._next(retry, request, response=raw.raw)
                retry.sleep(raw.raw)
                continue
            return HttpAnswer(raw.status_code, dict(raw.headers), raw.content, self.platform)

    def _next(self, retry: Retry, request: HttpRequest, *, error=None, response=None) -> Retry:
        try:
            return retry.increment(request.method, request.url, response=response, error=error)
        except MaxRetryError:
            pass
        # Raised outside the except, and with the query cut: Shopee and Lazada carry the access
        # token in the URL, and neither the message nor a chained exception may show it.
        detail = str(error) if error is not None else f"HTTP {getattr(response, 'status', '?')}"
        raise Unavailable(self.platform, _without_query(detail)[:200])
