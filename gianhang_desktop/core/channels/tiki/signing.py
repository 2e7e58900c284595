"""Tiki Open API authentication and webhook signatures.

Tiki signs no API request: calls carry an OAuth 2.0 bearer token ("Obtain access token",
https://open.tiki.vn/docs/docs/current/getting-started/obtain-access-token/). The app's own
credentials reach the token endpoint ``POST https://api.tiki.vn/sc/oauth2/token`` in an HTTP Basic
header ("Client credentials" and "Refresh token" flows,
https://open.tiki.vn/docs/docs/current/oauth-2-0/auth-flows/client-credentials/), which
`basic_authorization` builds.

Tiki does sign what it pushes: webhook bodies carry ``x-signature: sha1=<hex>``, an HMAC-SHA1 of
the raw body keyed by the webhook secret ("Webhook FD/CR", https://open.tiki.vn/docs/docs/
tikinow-smart-logistics/logistics-services/fulfillment-service/inventory/webhook-fd-cr/). `sign`
computes that header value and `verify` checks one in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

SIGNATURE_HEADER = "x-signature"


def sign(payload: bytes | str, secret: str) -> str:
    """``"sha1=" + hex(HMAC-SHA1(secret, payload))``: the value of Tiki's ``x-signature`` header."""
    raw = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
    return "sha1=" + hmac.new(secret.encode("utf-8"), raw, hashlib.sha1).hexdigest()


def verify(payload: bytes | str, secret: str, header_value: str | None) -> bool:
    """True when `header_value` is the signature of `payload` under `secret`."""
    return bool(header_value) and hmac.compare_digest(sign(payload, secret), header_value.strip())


def basic_authorization(client_id: str, client_secret: str) -> str:
    """The ``Authorization`` header value for the token endpoint (``client_secret_basic``)."""
    token = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")
    return f"Basic {token}"
