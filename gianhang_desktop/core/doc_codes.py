"""Codes of the shop's own papers: a kind, the shop's day, a running number (HD-261130-0001).

HD hóa đơn (counter sale), TH trả hàng (return), PN phiếu nhập (purchase receipt), PT phiếu thu
and PC phiếu chi (cash book in and out). The day is the shop's local day (core/clock.py); the
number restarts each day, so a cashier reads "the 12th bill of today" off the code, and a
code fits a VietQR transfer description (25 characters) with room to spare.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from .db import locks

SALE, RETURN, PURCHASE, CASH_IN, CASH_OUT = "HD", "TH", "PN", "PT", "PC"


def next_code(session: Session, column: InstrumentedAttribute, kind: str, day: date) -> str:
    """The next free code of `kind` on `day` for the unique `column` (e.g. `Sale.code`).

    Serialised across PCs (an advisory lock per kind on PostgreSQL; SQLite's write lock is
    already held), so two tills never take one number.
    """
    locks.serialise(session, f"gianhang:codes:{kind}")
    prefix = f"{kind}-{day:%y%m%d}-"
    last = session.scalar(
        select(column).where(column >= prefix, column < prefix + "~")
        .order_by(func.length(column).desc(), column.desc()).limit(1))
    number = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{number:04d}"
