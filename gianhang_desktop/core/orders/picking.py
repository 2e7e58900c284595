"""FEFO lot allocation and pick lists: which lot each unit comes from, in walking order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LotStock:
    """Units of one product available in one lot (``lot_id`` None: stock without a lot)."""

    lot_id: int | None
    lot_code: str
    expiry: dt.date | None
    quantity: int

    def fefo_key(self) -> tuple:
        # Oldest expiry first; lots without expiry last; then the older lot (smaller id).
        return (self.expiry is None, self.expiry or dt.date.max,
                self.lot_id is None, self.lot_id or 0)


class ShortOfStock(ValueError):
    """Not enough units in the lots offered; ``missing`` says how many are lacking."""

    def __init__(self, needed: int, available: int):
        super().__init__(f"need {needed}, have {available}")
        self.needed, self.available, self.missing = needed, available, needed - available


def allocate_fefo(lots: Iterable[LotStock], quantity: int) -> list[tuple[LotStock, int]]:
    """Take ``quantity`` units from ``lots``, first expiry first. Raises :class:`ShortOfStock`."""
    if quantity <= 0:
        return []
    ordered = sorted((lot for lot in lots if lot.quantity > 0), key=LotStock.fefo_key)
    available = sum(lot.quantity for lot in ordered)
    if available < quantity:
        raise ShortOfStock(quantity, available)
    taken: list[tuple[LotStock, int]] = []
    remaining = quantity
    for lot in ordered:
        take = min(lot.quantity, remaining)
        taken.append((lot, take))
        remaining -= take
        if remaining == 0:
            break
    return taken


@dataclass(frozen=True)
class Demand:
    """One order line to pick."""

    order_code: str
    sku: str
    quantity: int


@dataclass(frozen=True)
class ProductPlace:
    """Where a product lives: its name and bin location (e.g. "A-01-03")."""

    name: str
    bin_location: str = ""
    warehouse: str = ""


@dataclass(frozen=True)
class PickLine:
    """Units of one SKU from one lot for one or more orders."""

    warehouse: str
    bin_location: str
    sku: str
    name: str
    lot_code: str
    expiry: dt.date | None
    quantity: int
    order_codes: tuple[str, ...] = field(default=())


def plan_picks(demands: Sequence[Demand], lots_by_sku: Mapping[str, Sequence[LotStock]],
               places: Mapping[str, ProductPlace]) -> tuple[list[PickLine], dict[str, int]]:
    """Allocate ``demands`` over the lots FEFO, consuming lots as orders take them.

    Returns the pick lines in walking order (warehouse, bin, SKU, expiry) and the
    units that could not be allocated per SKU (empty when everything is in stock).
    """
    left = {sku: {lot.lot_id: lot.quantity for lot in lots} for sku, lots in lots_by_sku.items()}
    merged: dict[tuple[str, int | None], list] = {}
    short: dict[str, int] = {}
    for demand in demands:
        lots = [LotStock(lot.lot_id, lot.lot_code, lot.expiry, left[demand.sku][lot.lot_id])
                for lot in lots_by_sku.get(demand.sku, ())]
        try:
            taken = allocate_fefo(lots, demand.quantity)
        except ShortOfStock as error:
            short[demand.sku] = short.get(demand.sku, 0) + error.missing
            taken = allocate_fefo(lots, error.available)
        for lot, quantity in taken:
            left[demand.sku][lot.lot_id] -= quantity
            entry = merged.setdefault((demand.sku, lot.lot_id), [lot, 0, []])
            entry[1] += quantity
            if demand.order_code not in entry[2]:
                entry[2].append(demand.order_code)
    lines = []
    for (sku, _lot_id), (lot, quantity, orders) in merged.items():
        place = places.get(sku, ProductPlace(sku))
        lines.append(PickLine(place.warehouse, place.bin_location, sku, place.name, lot.lot_code,
                              lot.expiry, quantity, tuple(orders)))
    lines.sort(key=lambda line: (line.warehouse, line.bin_location == "", line.bin_location,
                                 line.sku, line.expiry is None, line.expiry or dt.date.max))
    return lines, short
