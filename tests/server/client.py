"""A small signing client for the tests (the desktop app has its own)."""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import requests

from gianhang_server import signing

AUTO = object()


class GHAuth(requests.auth.AuthBase):
    """Sign a prepared request the way docs/store-api.md describes."""

    def __init__(self, key: str, secret: str, clock_offset: int = 0, device: str | None = None) -> None:
        self.key = key
        self.secret = secret
        self.clock_offset = clock_offset
        self.device = device
        self.last_nonce: str | None = None

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        parts = urlsplit(request.url)
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        timestamp = int(time.time()) + self.clock_offset
        nonce = secrets.token_urlsafe(24)
        self.last_nonce = nonce
        request.headers["X-GH-Key"] = self.key
        request.headers["X-GH-Timestamp"] = str(timestamp)
        request.headers["X-GH-Nonce"] = nonce
        if self.device is not None:
            request.headers["X-GH-Device"] = self.device
        request.headers["X-GH-Signature"] = signing.sign(
            self.secret, request.method, parts.path, signing.query_pairs(parts.query), timestamp, nonce, body, self.device
        )
        return request


class StoreClient:
    """A shop's view of the server."""

    def __init__(self, base_url: str, key: str, secret: str, shop_id: int | None = None, timeout: float = 30,
                 device: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.secret = secret
        self.shop_id = shop_id
        self.timeout = timeout
        self.http = requests.Session()
        self.auth = GHAuth(key, secret, device=device)

    def request(self, method: str, path: str, *, json: Any = None, data: bytes | None = None, params=None,
                headers: dict[str, str] | None = None, idempotency_key: Any = AUTO, timeout: float | None = None,
                auth: Any = AUTO) -> requests.Response:
        headers = dict(headers or {})
        if idempotency_key is AUTO:
            if method.upper() == "POST":
                headers["Idempotency-Key"] = uuid.uuid4().hex
        elif idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return self.http.request(
            method, self.base_url + path, json=json, data=data, params=params, headers=headers,
            auth=self.auth if auth is AUTO else auth, timeout=timeout or self.timeout,
        )

    def get(self, path: str, **kw) -> requests.Response:
        return self.request("GET", path, **kw)

    def put(self, path: str, json: Any = None, **kw) -> requests.Response:
        return self.request("PUT", path, json=json, **kw)

    def post(self, path: str, json: Any = None, **kw) -> requests.Response:
        return self.request("POST", path, json=json, **kw)

    def delete(self, path: str, **kw) -> requests.Response:
        return self.request("DELETE", path, **kw)
