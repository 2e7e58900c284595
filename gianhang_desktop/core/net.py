"""Addresses our HTTP clients build: path segments from data, and plain http:// only to this machine.

The store sync client (core/sync/client.py) and every marketplace connector (core/channels/http.py)
use these, so that an identifier from a user, a file or a platform can never change which address
a request goes to, and buyers' data never crosses a network unencrypted.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import quote, urljoin, urlsplit

import requests

from .errors import SyncError
from .i18n import msg


def rfc3986(text: str) -> str:
    """Percent-encode leaving only ``A-Z a-z 0-9 - . _ ~`` bare (UTF-8, upper-case hex)."""
    return quote(text, safe="-._~", encoding="utf-8")


def path_segment(value: object) -> str:
    """One URL path segment made from data (a SKU, an order code, a platform's id), percent-encoded
    whole: "/", "\\", "?", "#", "%" and spaces inside it are data, never structure.

    Raises:
        ValueError: an empty, "." or ".." segment (the HTTP stack would collapse it into another path).
    """
    text = str(value)
    if text in ("", ".", ".."):
        raise ValueError(f"unusable path segment {text!r}")
    return rfc3986(text)


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) or the name localhost: this machine."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def plain_http_elsewhere(url: str) -> str | None:
    """The host of `url` when it is plain http:// to another machine (what we refuse), else None."""
    try:
        split = urlsplit(url.strip())
        host = split.hostname or ""
    except ValueError:
        return None  # not a URL at all: the HTTP library refuses it
    return host or "?" if split.scheme.lower() == "http" and not is_loopback(host) else None


class PlainHttpRefused(SyncError):
    """A request (or a redirect) would go over plain http:// to another machine."""

    def __init__(self, host: str) -> None:
        super().__init__(msg(
            "Không dùng http:// tới {host}: dữ liệu người mua phải đi qua https:// (http:// chỉ cho máy này: 127.0.0.1, ::1, localhost)",
            "Refusing http:// to {host}: buyers' data must go over https:// (http:// only to this machine: 127.0.0.1, ::1, localhost)",
            host=host))
        self.host = host


def refuse_plain_http(url: str) -> None:
    """Raises PlainHttpRefused when `url` is plain http:// to another machine."""
    host = plain_http_elsewhere(url)
    if host is not None:
        raise PlainHttpRefused(host)


class SecureSession(requests.Session):
    """A requests session that never sends plain http:// beyond this machine: neither a request
    nor a redirect's next hop (an https:// address answering "go to http://…" is refused before
    anything is sent there). TLS verification stays as requests has it: on."""

    def request(self, method, url, *args, **kwargs):
        refuse_plain_http(str(url))
        return super().request(method, url, *args, **kwargs)

    def get_redirect_target(self, resp):
        target = super().get_redirect_target(resp)
        if target:
            refuse_plain_http(urljoin(resp.url, target))
        return target
