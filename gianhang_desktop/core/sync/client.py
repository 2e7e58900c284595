"""The store API client: signed requests, timeouts, and retries with backoff, jitter and Retry-After."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

import certifi
import requests
from urllib3.exceptions import MaxRetryError, ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from ..errors import SyncError, ValidationError
from ..i18n import msg
from ..net import PlainHttpRefused, SecureSession, is_loopback, path_segment, rfc3986
from ..tasks import CancelToken

API_PREFIX = "/api/v1"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def path_segments(segments: str | Sequence[str]) -> str:
    """The wire path for API path segments: each one percent-encoded whole (a "/" inside a SKU is
    %2F, never a separator). A plain string is a fixed path of our own ("/products/batch").

    Raises:
        SyncError: an empty, "." or ".." segment (the HTTP stack would collapse it into another path).
    """
    parts = segments.strip("/").split("/") if isinstance(segments, str) else list(segments)
    try:
        return "/" + "/".join(path_segment(part) for part in parts)
    except ValueError:
        bad = next(part for part in parts if str(part) in ("", ".", ".."))
        raise SyncError(msg("Không gửi được tới đường dẫn có phần '{p}'", "Cannot send to a path with a '{p}' part",
                            p=bad)) from None


def check_server_url(url: str) -> SplitResult:
    """The parts of a store server address the client may talk to: https://, or http:// to this
    machine only (docs/store-api.md: buyers' names, phones and addresses never cross a network
    unencrypted).

    Raises:
        ValidationError("server"): not an http(s) address, credentials in it, or http:// elsewhere.
    """
    try:
        split = urlsplit((url or "").strip().rstrip("/"))
        host = split.hostname or ""
        split.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        host, split = "", None
    if split is None or split.scheme not in ("http", "https") or not host or split.username or split.password:
        raise ValidationError("server", msg("Địa chỉ máy chủ không hợp lệ: '{url}' (dạng https://tên-máy-chủ)",
                                            "Invalid server address: '{url}' (use https://server-name)", url=url))
    if split.scheme == "http" and not is_loopback(host):
        raise ValidationError("server", PlainHttpRefused(host).msg)
    return split


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Every name=value pair encoded, sorted by name then value, joined by ``&``."""
    encoded = sorted((rfc3986(str(k)), rfc3986(str(v))) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def signature(secret: str, method: str, path: str, query: str, timestamp: str, nonce: str, body: bytes,
              device: str | None = None) -> str:
    """Lower-case hex HMAC-SHA256 of the six contract parts joined by newlines, and the device id
    as a seventh when the request carries X-GH-Device (docs/store-api.md, Signing)."""
    parts = [method.upper(), path, query, timestamp, nonce, hashlib.sha256(body).hexdigest()]
    message = "\n".join([*parts, device] if device else parts)
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def new_nonce() -> str:
    return "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(24))


@dataclass(frozen=True)
class Credentials:
    key: str
    secret: str

    def __repr__(self) -> str:  # never print the secret
        return f"Credentials(key={self.key!r}, secret=***)"


@dataclass
class Response:
    """A final answer from the store (after retries): status and decoded JSON body."""

    status: int
    body: Any
    headers: dict[str, str]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error_code(self) -> str:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return str(self.body["error"].get("code", ""))
        return ""

    @property
    def error_details(self) -> Any:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return self.body["error"].get("details")
        return None


class StoreUnreachable(SyncError):
    """The store did not answer within the retry budget (offline, or down): a normal state."""


class StoreClient:
    """One `requests` session to one store. Each attempt is signed afresh (new nonce and timestamp),
    so a retry of a request the server already saw is never refused as a replay."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        retries: int = 6,
        backoff_factor: float = 0.5,
        backoff_max: float = 30.0,
        jitter: float = 0.5,
        verify: bool | str = True,
        cancel: CancelToken | None = None,
        device_id: str | None = None,
    ) -> None:
        """Raises ValidationError("server") for an address `check_server_url` refuses, and
        ValueError for a false `verify`: TLS verification cannot be turned off."""
        split = check_server_url(base_url)
        self.origin = f"{split.scheme}://{split.netloc}"
        path = split.path.rstrip("/")
        self.prefix = path if path.endswith(API_PREFIX) else path + API_PREFIX
        self.credentials = credentials
        self.timeout = timeout
        self.retry = Retry(
            total=retries, connect=retries, read=retries, status=retries, other=retries,
            allowed_methods=None,  # every method: POSTs carry an Idempotency-Key, PUTs are idempotent
            status_forcelist=RETRY_STATUSES, backoff_factor=backoff_factor, backoff_max=backoff_max,
            backoff_jitter=jitter, respect_retry_after_header=True, raise_on_status=False,
        )
        self.cancel = cancel
        # This installation's X-GH-Device: with it, the feed leaves out only this device's changes.
        self.device_id = device_id
        if not verify:
            raise ValueError("TLS verification cannot be turned off")
        # An explicit CA file, passed with every request: requests lets REQUESTS_CA_BUNDLE or
        # CURL_CA_BUNDLE replace `verify=True`, so a variable set for some other tool (a debugging
        # proxy's CA) would silently decide whom the app trusts with buyers' data.
        self.verify: str = certifi.where() if verify is True else str(verify)
        self.session = SecureSession()
        self.session.verify = self.verify
        self.session.headers["User-Agent"] = "GianHangDesktop-sync"
        self.requests_sent = 0
        self.bytes_sent = 0
        self.on_request: Callable[[str, str, int], None] | None = None

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> StoreClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- requests -------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str | Sequence[str],
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        data: bytes | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> Response:
        """Send a signed request, retrying per the budget; the final answer (any status).

        `path` is a tuple of segments when any part comes from data (("products", sku)): each is
        percent-encoded whole; a string is a fixed path.

        Raises:
            StoreUnreachable: the budget is spent on connection errors, 5xx or 429.
            SyncError: the server's TLS certificate is not trusted (not retried).
        """
        method = method.upper()
        wire_path = self.prefix + path_segments(path)
        pairs = [(k, str(v).lower() if isinstance(v, bool) else str(v)) for k, v in (params or {}).items() if v is not None]
        query = canonical_query(pairs)
        body = data if data is not None else (
            json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode("utf-8") if json_body is not None else b""
        )
        base_headers = dict(headers or {})
        if json_body is not None:
            base_headers["Content-Type"] = "application/json"
        elif content_type:
            base_headers["Content-Type"] = content_type
        if idempotency_key:
            base_headers["Idempotency-Key"] = idempotency_key
        url = self.origin + wire_path + (f"?{query}" if query else "")
        retry = self.retry.new()
        while True:
            if self.cancel is not None:
                self.cancel.raise_if_cancelled()
            timestamp, nonce = str(int(time.time())), new_nonce()
            signed = {
                **base_headers,
                "X-GH-Key": self.credentials.key,
                "X-GH-Timestamp": timestamp,
                "X-GH-Nonce": nonce,
                "X-GH-Signature": signature(self.credentials.secret, method, wire_path, query, timestamp, nonce, body,
                                            self.device_id),
            }
            if self.device_id:
                signed["X-GH-Device"] = self.device_id
            self.requests_sent += 1
            self.bytes_sent += len(body)
            if self.on_request is not None:
                self.on_request(method, wire_path, len(body))
            try:
                raw = self.session.request(method, url, data=body or None, headers=signed, timeout=self.timeout,
                                           stream=False, verify=self.verify, allow_redirects=False)
            except requests.exceptions.SSLError as error:
                raise SyncError(msg("Máy chủ {url} không có chứng chỉ TLS hợp lệ; không gửi dữ liệu.",
                                    "The server {url} has no valid TLS certificate; nothing was sent.",
                                    url=self.origin)) from error
            except requests.Timeout as error:
                retry = self._next(retry, method, url, error=ReadTimeoutError(None, url, str(error)))
                retry.sleep()
                continue
            except requests.ConnectionError as error:
                retry = self._next(retry, method, url, error=ProtocolError(str(error)))
                retry.sleep()
                continue
            if raw.status_code in RETRY_STATUSES:
                retry = self._next(retry, method, url, response=raw.raw)
                retry.sleep(raw.raw)
                continue
            if raw.is_redirect:  # the store API never redirects: a signed request is not re-sent elsewhere
                raise SyncError(msg("Máy chủ {url} chuyển hướng sang '{to}'; không gửi theo.",
                                    "The server {url} redirects to '{to}'; nothing was sent there.",
                                    url=self.origin, to=raw.headers.get("Location", "?")[:200]))
            return _response(raw)

    def _next(self, retry: Retry, method: str, url: str, *, error=None, response=None) -> Retry:
        try:
            return retry.increment(method, url, response=response, error=error)
        except MaxRetryError:
            raise StoreUnreachable(
                msg("Không kết nối được gian hàng ({url}); sẽ thử lại lần sau.",
                    "Cannot reach the store ({url}); will try again later.", url=self.origin)
            ) from error

    # -- conveniences ---------------------------------------------------------------------------

    def get(self, path: str | Sequence[str], **params: Any) -> Response:
        return self.request("GET", path, params=params)

    def health(self) -> bool:
        """True when the server answers its unsigned health check (one try, short timeout)."""
        try:
            return self.session.get(self.origin + self.prefix + "/health", timeout=(2.0, 5.0),
                                    verify=self.verify, allow_redirects=False).status_code == 200
        except requests.RequestException:
            return False


def _response(raw: requests.Response) -> Response:
    try:
        body = raw.json() if raw.content else None
    except ValueError:
        body = {"error": {"code": "not_json", "message": raw.text[:200]}}
    return Response(raw.status_code, body, dict(raw.headers))
