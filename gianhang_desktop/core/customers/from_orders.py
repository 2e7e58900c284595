"""Every order's buyer becomes a customer, whichever way the order came in.

Orders are written by the order dialog, the store's sync and the marketplace imports; a mapper
event on `Order` inserts (never updates) the buyer as a customer in the same flush, so no path
can forget it. A phone that is not a Vietnamese number (a marketplace's masked "84*****123") is
left out; an existing customer is left as they are.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite

from ..db.base import utcnow
from ..orders.models import Order
from ..phone import PhoneError, normalize_phone
from ..text import clean, words
from .models import Customer


def search_words(name: str, phone: str) -> str:
    """The folded words a customer is found by (name and phone)."""
    return " ".join(words(f"{name} {phone}"))


@event.listens_for(Order, "after_insert")
def _buyer_is_a_customer(_mapper, connection, order: Order) -> None:
    try:
        number = normalize_phone(order.phone or "")
    except PhoneError:
        return
    now = utcnow()
    insert = (sqlite.insert if connection.dialect.name == "sqlite" else postgresql.insert)(Customer.__table__)
    connection.execute(insert.values(
        phone=number, name=clean(order.buyer_name)[:200], address=clean(order.address_line)[:255], email="",
        note="", debt=0, search_text=search_words(order.buyer_name or "", number), created_at=now, updated_at=now,
    ).on_conflict_do_nothing(index_elements=["phone"]))
