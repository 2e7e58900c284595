"""Plain read models of stock: balances per warehouse and lot, ledger lines, dashboard rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class LotBalance:
    """One balance of a stock report; `status` is a sellable.LotStatus value."""

    lot: str | None
    expiry_date: date | None
    harvest_date: date | None
    on_hand: int
    status: str = "sellable"
    last_sale_day: date | None = None


@dataclass(frozen=True)
class WarehouseBalance:
    warehouse: str
    name: str
    on_hand: int
    lots: tuple[LotBalance, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class StockReport:
    sku: str
    name: str
    unit: str
    on_hand: int
    warehouses: tuple[WarehouseBalance, ...]

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class MovementView:
    id: int
    sku: str
    warehouse: str
    lot: str | None
    kind: str
    quantity: int
    reason: str
    user_name: str
    reference: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class ExpiringLot:
    product_id: int
    sku: str
    name: str
    lot: str
    expiry_date: date
    warehouse: str
    on_hand: int


@dataclass(frozen=True)
class ExpiredLot:
    """An expired lot still in stock, with what it cost (integer đồng) for the write-off."""

    product_id: int
    sku: str
    name: str
    unit: str
    warehouse: str
    warehouse_name: str
    lot: str
    expiry_date: date
    days_expired: int
    quantity: int
    unit_cost: int
    cost_value: int

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True)
class LowStockRow:
    product_id: int
    sku: str
    name: str
    on_hand: int
    threshold: int


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
