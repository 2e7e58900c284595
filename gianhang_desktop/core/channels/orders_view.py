"""The channel side of one order, for the order's detail (window) and `order show`."""

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
