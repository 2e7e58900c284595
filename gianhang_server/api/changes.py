"""The changes feed and the small endpoints around it (health, who am I)."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from gianhang_server.api.deps import CallerDep, SessionDep
from gianhang_server.changes import decode_cursor, encode_cursor, page_json, read_changes
from gianhang_server.models import Shop
from gianhang_server.schemas import ChangePage, Health, ShopOut

router = APIRouter()


@router.get("/changes", response_model=ChangePage, tags=["changes"])
def list_changes(
    caller: CallerDep, session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    include_own: Annotated[bool, Query(description="Also return the changes made with the calling key and device.")] = False,
):
    """Everything that changed for the shop after ``cursor``, in order; the cursor never goes back."""
    after = decode_cursor("c", caller.shop_id, cursor)
    rows, last = read_changes(session, caller.shop_id, caller, after, limit, include_own)
    body = page_json(rows, encode_cursor("c", caller.shop_id, last), len(rows) == limit)
    return Response(body.encode("utf-8"), media_type="application/json")


@router.get("/shop", response_model=ShopOut, tags=["shop"])
def who_am_i(caller: CallerDep, session: SessionDep):
    """The shop the signing key belongs to (a cheap way to check credentials)."""
    shop = session.scalars(select(Shop).where(Shop.id == caller.shop_id)).one()
    return {"shop_id": shop.id, "name": shop.name, "key": caller.key}


health_router = APIRouter(tags=["health"])


@health_router.get("/health", response_model=Health)
def health():
    """Unsigned liveness check; never rate limited nor faulted."""
    return {"status": "ok", "time": int(time.time())}
