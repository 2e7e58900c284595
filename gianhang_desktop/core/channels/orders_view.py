"""The channel side of orders: one order's detail (window, `order show`) and the orders needing the clerk's eye."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from ..database import Database
from ..orders.models import Order
from .models import ChannelAccount, ChannelOrderRecord


def channel_order_info(db: Database, code: str) -> dict[str, Any] | None:
    """{channel, platform, channel_order_id, status, fees, payout, total, oversold, unlinked,
    warning, original_address, arranged_at} of a marketplace order; None for any other order."""
    with db.read_session() as session:
        row = session.execute(
            select(ChannelOrderRecord, ChannelAccount.name, ChannelAccount.platform)
            .join(Order, Order.id == ChannelOrderRecord.order_id)
            .join(ChannelAccount, ChannelAccount.id == ChannelOrderRecord.account_id)
            .where((Order.code == code) | (ChannelOrderRecord.channel_order_id == code))).first()
        if row is None:
            return None
        record, name, platform = row
        return {"channel": name, "platform": platform, "channel_order_id": record.channel_order_id,
                "platform_status": record.status, "fees": json.loads(record.fees or "{}"), "payout": record.payout,
                "total": record.total, "oversold": record.oversold, "unlinked": record.unlinked,
                "warning": record.warning, "original_address": record.address_text,
                "arranged_at": record.arranged_at.isoformat() if record.arranged_at else None}


def flagged_orders(db: Database, name: str | None = None, *, limit: int = 500) -> list[dict[str, Any]]:
    """Marketplace orders that need the clerk's eye, newest first: oversold (the platform sold more
    than was available) or holding an unlinked SKU (its stock untouched until the SKU is linked).

    ``name``: one account (any case), or every account. Each row is {code, channel, channel_order_id,
    status, created_at (UTC), oversold (units), unlinked, warning}. Raises NotFound for an unknown name.
    """
    from sqlalchemy import or_

    from .accounts import account_row

    with db.read_session() as session:
        stmt = (select(Order.code, Order.status, Order.created_at, ChannelAccount.name, ChannelOrderRecord)
                .join(Order, Order.id == ChannelOrderRecord.order_id)
                .join(ChannelAccount, ChannelAccount.id == ChannelOrderRecord.account_id)
                .where(or_(ChannelOrderRecord.oversold > 0, ChannelOrderRecord.unlinked.is_(True)))
                .order_by(Order.created_at.desc(), Order.id.desc()).limit(limit))
        if name is not None:
            stmt = stmt.where(ChannelOrderRecord.account_id == account_row(session, name).id)
        return [{"code": code, "channel": channel, "channel_order_id": record.channel_order_id, "status": status,
                 "created_at": created_at, "oversold": record.oversold, "unlinked": record.unlinked,
                 "warning": record.warning}
                for code, status, created_at, channel, record in session.execute(stmt)]
