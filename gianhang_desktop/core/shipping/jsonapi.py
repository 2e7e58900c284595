"""What the four carrier clients share: JSON calls over the shared channel HTTP (retries for reads,
one attempt for creates), and matching our place names to a carrier's own master-data ids."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from ..channels.errors import BadCredentials, BadResponse
from ..channels.http import HttpAnswer, HttpRequest
from ..text import fold
from .carrier import Carrier, CarrierEndpoint

_PREFIXES = ("thanh pho ", "tp. ", "tp ", "tinh ", "quan ", "huyen ", "thi xa ", "phuong ", "xa ", "thi tran ",
             "dac khu ", "t. ", "q. ", "h. ", "p. ", "tx. ")


def short_key(name: str) -> str:
    """A place name without its kind and tones: "Thành phố Hà Nội" → "ha noi", "Phường 05" → "5"."""
    text = fold(name or "").strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    text = re.sub(r"\b0+(\d)", r"\1", text)
    return " ".join(text.replace("-", " ").split())


def match_name(name: str, options: Iterable[tuple[Any, Iterable[str]]]) -> Any | None:
    """The id whose names (its name and any aliases the carrier lists) match ``name`` exactly after
    folding; a kind prefix ("Quận", "Xã") is ignored only when that leaves one match."""
    wanted_full, wanted_short = fold(name or "").strip(), short_key(name)
    shorts = []
    for ident, names in options:
        names = [n for n in names if n]
        if any(fold(n).strip() == wanted_full for n in names):
            return ident
        if any(short_key(n) == wanted_short for n in names):
            shorts.append(ident)
    return shorts[0] if len(shorts) == 1 else None


class JsonCarrier(Carrier):
    """A carrier whose API is JSON over HTTPS with a token header."""

    def headers(self) -> dict[str, str]:
        """The auth headers of every call (the carrier's own names)."""
        return {}

    def send_json(self, method: str, path: str, endpoint: CarrierEndpoint, *, body: Any = None,
                  params: dict[str, Any] | None = None, once: bool = False, base: str | None = None,
                  auth: bool = True) -> HttpAnswer:
        url = (base or self.base_url) + path
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")

        def build() -> HttpRequest:
            headers = {"Content-Type": "application/json", "Accept": "application/json, application/pdf",
                       **(self.headers() if auth else {})}
            clean_params = {k: str(v) for k, v in (params or {}).items() if v is not None}
            return HttpRequest(method, url, params=clean_params or None, headers=headers, body=data)

        http = self.http_once if once else self.http
        return http.send(build, endpoint)

    def json_of(self, answer: HttpAnswer) -> Any:
        """The JSON body; 401/403 are BadCredentials (the token was refused)."""
        if answer.status in (401, 403):
            raise BadCredentials(str(answer.status), _snippet(answer))
        data = answer.json()
        if data is None:
            raise BadResponse(self.display_name, answer.status, "empty answer")
        return data


def _snippet(answer: HttpAnswer) -> str:
    return answer.content[:200].decode("utf-8", "replace")


class MasterData:
    """A carrier's provinces/districts/wards, fetched once per process and base URL (as the carriers'
    SDKs cache them): ``lookup(level, parent, loader)`` returns the loaded list for a parent id."""

    _cache: dict[tuple[str, str, str], Any] = {}
    _lock = threading.Lock()

    @classmethod
    def lookup(cls, base_url: str, level: str, parent: Any, loader: Callable[[], Any]) -> Any:
        key = (base_url, level, str(parent))
        with cls._lock:
            if key in cls._cache:
                return cls._cache[key]
        value = loader()
        with cls._lock:
            cls._cache[key] = value
        return value

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls._cache.clear()


class LoginTokens:
    """Tokens got by logging in with the account's user name and password (Viettel Post, VNPost),
    kept in this process's memory per (address, user) and fetched again when refused."""

    _tokens: dict[tuple[str, str], str] = {}
    _lock = threading.Lock()

    @classmethod
    def get(cls, base_url: str, user: str, login: Callable[[], str]) -> str:
        key = (base_url, user)
        with cls._lock:
            token = cls._tokens.get(key)
        if token:
            return token
        token = login()
        with cls._lock:
            cls._tokens[key] = token
        return token

    @classmethod
    def forget(cls, base_url: str, user: str, stale: str | None = None) -> None:
        with cls._lock:
            if stale is None or cls._tokens.get((base_url, user)) == stale:
                cls._tokens.pop((base_url, user), None)

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls._tokens.clear()
