"""Lazada Open Platform request signing.

Source: "Signature algorithm", https://open.lazada.com/apps/doc/doc?nodeId=10450&docId=108068, and
the worked example of "HTTP request sample", https://open.lazada.com/apps/doc/doc?nodeId=10451&docId=108069:

1. sort every request parameter except ``sign`` (and byte-array parameters) by name in ASCII order;
2. concatenate ``name`` + ``value`` for each (the official Java/C# samples skip empty values);
3. put the API name (the path, e.g. ``/order/get``) in front;
4. append the request body when there is one (Java sample: "put the body to the end");
5. HMAC-SHA256 over the UTF-8 string keyed with the App Secret, upper-case hex.

"Calling parameters" (docId=108067): ``timestamp`` may differ from UTC by at most 7200 seconds.
"""

from __future__ import annotations

import hashlib
import hmac

SIGN_METHOD = "sha256"
TIMESTAMP_WINDOW_S = 7200


def base_string(api_path: str, params: dict[str, str], body: str | None = None) -> str:
    """The documented string to sign: API path, then sorted ``namevalue`` pairs, then the body."""
    pieces = [api_path]
    for name in sorted(params):  # Python sorts str by code point: ASCII order for ASCII names
        value = params[name]
        if name == "sign" or value is None or value == "" or isinstance(value, bytes | bytearray):
            continue
        pieces.append(f"{name}{value}")
    if body:
        pieces.append(body)
    return "".join(pieces)


def sign(api_path: str, params: dict[str, str], app_secret: str, body: str | None = None) -> str:
    """Upper-case hex HMAC-SHA256 of `base_string(api_path, params, body)` keyed by `app_secret`.

    `params` are the system parameters (app_key, timestamp, sign_method, access_token) and the
    business parameters, as strings; a ``sign`` entry is ignored.
    """
    message = base_string(api_path, params, body).encode("utf-8")
    return hmac.new(app_secret.encode("utf-8"), message, hashlib.sha256).hexdigest().upper()
