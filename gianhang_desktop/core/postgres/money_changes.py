"""The other PCs' counter sales, customers and debts, cash book and purchases, heard on the change
feed (core/postgres/changefeed.py) and told as `Changes` (the tables' triggers: 0019_counter)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..changes import Changes
from .connection import APPLICATION_NAME

# table -> the Changes field it moves: a set of ids (sales, customers) or a flag (cashbook, purchases)
TABLES = {
    "sales": "sales",
    "sale_returns": "sales",
    "customers": "customers",
    "customer_debts": "customers",
    "cash_entries": "cashbook",
    "purchases": "purchases",
    "suppliers": "purchases",
}
ID_FIELDS = ("sales", "customers")


def money_changes_from(payloads: Iterable[str], own_name: str = APPLICATION_NAME) -> Changes:
    """What the notifications of the money-side tables say changed, other processes' only; a bulk
    statement (ids null) on sales or customers means every screen reads everything again."""
    found: dict[str, set[int]] = {field: set() for field in ID_FIELDS}
    flags = {"cashbook": False, "purchases": False, "reset": False}
    for payload in payloads:
        try:
            note = json.loads(payload)
            writer, field, ids = note.get("s"), TABLES.get(note.get("t")), note.get("ids")
        except (ValueError, AttributeError):
            continue  # the main feed logs unreadable notifications
        if writer == own_name or field is None:
            continue
        if field in flags:
            flags[field] = True
        elif isinstance(ids, list):
            found[field].update(i for i in ids if isinstance(i, int))
        else:
            flags["reset"] = True
    return Changes(sales=frozenset(found["sales"]), customers=frozenset(found["customers"]), **flags)
