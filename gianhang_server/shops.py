"""Shops and their credentials."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from gianhang_server.errors import ApiError
from gianhang_server.models import AppKey, Shop


def create_shop(session: Session, name: str) -> dict[str, object]:
    """A new shop with one app key and secret; the caller commits."""
    shop = Shop(name=name, change_seq=0)
    session.add(shop)
    session.flush()
    key = AppKey(shop_id=shop.id, key="gh_" + secrets.token_hex(12), secret=secrets.token_urlsafe(32))
    session.add(key)
    session.flush()
    return {"shop_id": shop.id, "key": key.key, "secret": key.secret}


def issue_key(session: Session, shop: str) -> dict[str, object]:
    """A new app key and secret for an existing shop, named by its id or by one of its keys
    (one key per desktop: each sees the others' edits in the feed); the caller commits."""
    text = shop.strip()
    if text.isdigit():
        found = session.get(Shop, int(text))
        if found is None:
            raise ApiError(404, "unknown_shop", f"No shop {text}.")
        shop_id = found.id
    else:
        shop_id = shop_for_key(session, text)
    key = AppKey(shop_id=shop_id, key="gh_" + secrets.token_hex(12), secret=secrets.token_urlsafe(32))
    session.add(key)
    session.flush()
    return {"shop_id": shop_id, "key": key.key, "secret": key.secret}


def shop_for_key(session: Session, key: str) -> int:
    app_key = session.scalars(select(AppKey).where(AppKey.key == key)).one_or_none()
    if app_key is None:
        raise ApiError(404, "unknown_key", f"No shop has the key {key}.")
    return app_key.shop_id
