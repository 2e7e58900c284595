"""The request signature of the store API: pure functions shared by the server, tests and docs."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote

NONCE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# X-GH-Device: the id of one installation sharing a key with others (docs/store-api.md, Devices).
DEVICE_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


def encode(text: str) -> str:
    """Percent-encode per RFC 3986, leaving only ``A-Z a-z 0-9 - . _ ~`` bare (UTF-8, upper-case hex)."""
    return quote(text, safe="-._~", encoding="utf-8")


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Encode each name and value, sort by encoded name then encoded value, join with ``&``."""
    encoded = sorted((encode(name), encode(value)) for name, value in pairs)
    return "&".join(f"{name}={value}" for name, value in encoded)


def query_pairs(raw_query: str) -> list[tuple[str, str]]:
    """Decode a raw query string the way the server reads it (``+`` is a space)."""
    return parse_qsl(raw_query, keep_blank_values=True)


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def string_to_sign(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    timestamp: int | str,
    nonce: str,
    body: bytes = b"",
    device: str | None = None,
) -> str:
    """The six parts joined by newlines: method, wire path, canonical query, timestamp, nonce, body
    hash; a seventh, the device id, when the request carries X-GH-Device."""
    parts = [method.upper(), path, canonical_query(query), str(timestamp), nonce, body_sha256(body)]
    if device is not None:
        parts.append(device)
    return "\n".join(parts)


def sign(
    secret: str,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    timestamp: int | str,
    nonce: str,
    body: bytes = b"",
    device: str | None = None,
) -> str:
    """Lower-case hex HMAC-SHA256 of :func:`string_to_sign` keyed with the shop's secret."""
    message = string_to_sign(method, path, query, timestamp, nonce, body, device)
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def signature_matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("ascii"), given.strip().lower().encode("ascii", "replace"))
