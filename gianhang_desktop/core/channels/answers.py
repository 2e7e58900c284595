"""Small readings of platform answers the four marketplace connectors share."""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from email.utils import parsedate_to_datetime
from typing import Any

from .. import clock
from ..errors import ValidationError
from ..i18n import msg
from .errors import Refused
from .model import OrderLine, Outcome, PushResult


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value whatever its case."""
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def server_offset(headers: Mapping[str, str]) -> float | None:
    """Seconds the platform's clock (its ``Date`` header) is ahead of ours; None without one.

    Used when a platform refuses a request's timestamp: the connector then signs with the
    platform's time (``ChannelHttp.clock_offset``) and the ClockSkew error tells the user by how much.
    """
    value = header(headers, "date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp() - clock.now_utc().timestamp()
    except (TypeError, ValueError):
        return None


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The ``Retry-After`` header in seconds (None when absent or not a number)."""
    value = header(headers, "retry-after")
    try:
        return float(value) if value else None
    except ValueError:
        return None


def compact_json(body: Any) -> bytes:
    """UTF-8 JSON without spaces: the exact bytes sent (and, for TikTok, signed)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def pause(seconds: float) -> None:
    """Wait while a platform prepares a document (shipping labels are made asynchronously)."""
    time.sleep(seconds)


def nfc(text: object) -> str:
    """Platform text in NFC (Vietnamese typed on phones often arrives decomposed), trimmed."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


def merge_unit_lines(lines: Iterable[OrderLine]) -> tuple[OrderLine, ...]:
    """Lines per SKU and price from platforms that list one line per unit (Lazada order items,
    TikTok line items); the merged line's ``line_id`` lists the units' ids, comma-separated."""
    merged: dict[tuple[str, str | None, int], OrderLine] = {}
    for line in lines:
        key = (line.seller_sku, line.variation_id, line.unit_price)
        previous = merged.get(key)
        merged[key] = line if previous is None else replace(
            previous, quantity=previous.quantity + line.quantity, line_id=f"{previous.line_id},{line.line_id}")
    return tuple(merged.values())


def refused_batch(units: Iterable[Any], error: Refused) -> list[PushResult]:
    """A whole batch the platform refused (an item deleted or banned, a bad id): the refusal
    stands for every unit, so each SKU shows it and is sent again only on its next change."""
    return [PushResult(u.sku, u.item_id, u.variation_id, Outcome.REFUSED, error.code, error.detail) for u in units]


def require_app_fields(app: Mapping[str, str], fields: Iterable[str], platform: str, *, numeric: Iterable[str] = ()) -> None:
    """Raise ValidationError naming the first app credential missing (or not a number where the
    platform's is one, e.g. Shopee's ``partner_id``) before any call is made."""
    for field in fields:
        if not str(app.get(field) or "").strip():
            raise ValidationError(field, msg("Thiếu '{f}' trong thông tin ứng dụng {p}", "'{f}' is missing from the {p} app credentials",
                                             f=field, p=platform))
    for field in numeric:
        if not str(app.get(field) or "").strip().isdigit():
            raise ValidationError(field, msg("'{f}' của {p} phải là một số", "The {p} '{f}' must be a number", f=field, p=platform))
