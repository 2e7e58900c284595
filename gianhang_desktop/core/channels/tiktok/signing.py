"""TikTok Shop Partner API (202309 versions) request signing.

Source: "Sign your API request", https://partner.tiktokshop.com/docv2/page/sign-your-api-request:

1. take every query parameter except ``sign`` and ``access_token``, keys in alphabetical order;
2. concatenate them as ``{key}{value}``;
3. put the API path in front (e.g. ``/authorization/202309/shops``);
4. if the content type is not ``multipart/form-data``, append the request body as sent;
5. wrap the string with the app secret on both sides;
6. HMAC-SHA256 keyed by the app secret, lower-case hex.

The same page: "the timestamp is within 5 minutes of the current time ... a 10-digit Unix
timestamp". The access token travels in the ``x-tts-access-token`` header.
"""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_WINDOW_S = 300
UNSIGNED = frozenset({"sign", "access_token"})


def base_string(api_path: str, query: dict[str, str], body: bytes | str = b"") -> bytes:
    """Steps 1-4: path, sorted ``{key}{value}`` of the signed query parameters, then the body."""
    text = api_path + "".join(f"{key}{query[key]}" for key in sorted(query) if key not in UNSIGNED)
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
    return text.encode("utf-8") + raw


def sign(api_path: str, query: dict[str, str], body: bytes | str, app_secret: str) -> str:
    """Lower-case hex HMAC-SHA256 of ``app_secret + base_string + app_secret`` keyed by `app_secret`.

    Pass ``body=b""`` for GET requests and for ``multipart/form-data`` uploads (whose body the
    documentation leaves out of the signature).
    """
    key = app_secret.encode("utf-8")
    return hmac.new(key, key + base_string(api_path, query, body) + key, hashlib.sha256).hexdigest()
