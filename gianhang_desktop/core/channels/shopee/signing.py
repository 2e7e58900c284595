"""Shopee Open Platform v2 request signing.

Source: "API calls" (https://open.shopee.com/developer-guide/16), section "Signature calculation",
and "Authorization and Authentication" (https://open.shopee.com/developer-guide/20):

* Shop API base string: partner_id, api path, timestamp, access_token, shop_id (concatenated);
* Public API base string: partner_id, api path, timestamp;
* sign = HMAC-SHA256(base string, partner_key), "hexadecimal all-lowercase".

The timestamp is in seconds and "each API request needs to be requested within 5 minutes of a
timestamp". The request body is not part of the signature.
"""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_WINDOW_S = 300


def base_string(
    partner_id: int, api_path: str, timestamp: int, access_token: str | None = None, shop_id: int | None = None
) -> str:
    """The documented base string: partner_id + api path + timestamp [+ access_token + shop_id]."""
    text = f"{partner_id}{api_path}{timestamp}"
    if access_token is not None:
        text += access_token
    if shop_id is not None:
        text += str(shop_id)
    return text


def sign(
    partner_id: int,
    api_path: str,
    timestamp: int,
    partner_key: str,
    access_token: str | None = None,
    shop_id: int | None = None,
) -> str:
    """Lower-case hex HMAC-SHA256 of the base string keyed by `partner_key` (used as UTF-8 text).

    Shop APIs pass `access_token` and `shop_id`; public APIs (auth/token/get,
    auth/access_token/get, shop/auth_partner) pass neither.
    """
    message = base_string(partner_id, api_path, timestamp, access_token, shop_id).encode("utf-8")
    return hmac.new(partner_key.encode("utf-8"), message, hashlib.sha256).hexdigest()
