"""Stock health: lots expiring soon or already expired, and slow-moving stock, each valued at cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from .. import clock
from ..catalog.models import Product
from ..database import Database
from ..errors import ValidationError
from ..i18n import msg
from ..spreadsheet.xlsx import Column
from ..stock.costing import unit_costs
from ..stock.models import Lot, StockBalance, StockMovement, Warehouse
from ..stock.sellable import LotStatus, lot_status
from .tables import ReportDocument, ReportTable

MAX_DAYS = 3650
STATUS_LABELS = {LotStatus.EXPIRED: ("Đã hết hạn", "Expired"), LotStatus.STOP_SELLING: ("Ngừng bán", "Held back"),
                 LotStatus.SELLABLE: ("Sắp hết hạn", "Expiring")}


@dataclass(frozen=True)
class ExpiringRow:
    """A lot in one warehouse with stock: its expiry, days left (negative once expired), status
    ("expired", "stop_selling", "sellable"), units and value at cost."""

    sku: str
    name: str
    unit: str
    warehouse: str
    lot: str
    expiry: date
    days_left: int
    status: str
    quantity: int
    value: int

    def to_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "name": self.name, "unit": self.unit, "warehouse": self.warehouse, "lot": self.lot,
                "expiry": self.expiry.isoformat(), "days_left": self.days_left, "status": self.status,
                "expired": self.status == LotStatus.EXPIRED, "quantity": self.quantity, "value": self.value}


@dataclass(frozen=True)
class SlowRow:
    """A product with stock that has not sold for a while: units, value, last sale or shipment."""

    sku: str
    name: str
    quantity: int
    value: int
    last_out: date | None
    idle_days: int | None

    def to_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "name": self.name, "quantity": self.quantity, "value": self.value,
                "last_sold": self.last_out.isoformat() if self.last_out else None, "idle_days": self.idle_days}


@dataclass(frozen=True)
class StockHealth:
    day: date
    days: int
    slow_days: int
    expiring: tuple[ExpiringRow, ...]
    slow: tuple[SlowRow, ...]

    def to_json(self) -> dict[str, Any]:
        expired = [r for r in self.expiring if r.status == LotStatus.EXPIRED]
        return {"date": self.day.isoformat(), "days": self.days, "slow_days": self.slow_days,
                "expiring": [r.to_json() for r in self.expiring if r.status != LotStatus.EXPIRED],
                "expired": [r.to_json() for r in expired], "slow_moving": [r.to_json() for r in self.slow],
                "expired_value": sum(r.value for r in expired)}

    def document(self) -> ReportDocument:
        t = msg
        lots = ReportTable(t("Hàng sắp hết hạn và đã hết hạn", "Expiring and expired stock").text(), (
            Column(t("Mã SP", "SKU").text()), Column(t("Tên sản phẩm", "Product").text()), Column(t("Kho", "Warehouse").text()),
            Column(t("Lô", "Lot").text()), Column(t("HSD", "Expiry").text(), "date"), Column(t("Còn (ngày)", "Days left").text(), "int"),
            Column(t("Tình trạng", "Status").text()), Column(t("Số lượng", "Units").text(), "int"),
            Column(t("Giá trị vốn", "Value at cost").text(), "money")),
            tuple((r.sku, r.name, r.warehouse, r.lot, r.expiry, r.days_left,
                   t(*STATUS_LABELS[LotStatus(r.status)]).text(), r.quantity, r.value) for r in self.expiring))
        slow = ReportTable(t("Hàng chậm bán", "Slow-moving stock").text(), (
            Column(t("Mã SP", "SKU").text()), Column(t("Tên sản phẩm", "Product").text()),
            Column(t("Tồn", "On hand").text(), "int"), Column(t("Giá trị vốn", "Value at cost").text(), "money"),
            Column(t("Bán lần cuối", "Last sold").text(), "date"), Column(t("Số ngày không bán", "Idle days").text(), "int")),
            tuple((r.sku, r.name, r.quantity, r.value, r.last_out, r.idle_days) for r in self.slow))
        return ReportDocument(t("Tình trạng hàng tồn", "Stock health").text(), f"{self.day:%d/%m/%Y}", (lots, slow))


@dataclass(frozen=True)
class ExpiringReport:
    """Lots expiring within `days` of `day`, and those already expired."""

    day: date
    days: int
    lots: tuple[ExpiringRow, ...]

    def to_json(self) -> dict[str, Any]:
        rows = [r.to_json() for r in self.lots]
        return {"date": self.day.isoformat(), "days": self.days, "lots": rows,
                "expired_value": sum(r["value"] for r in rows if r["expired"]),
                "expiring_value": sum(r["value"] for r in rows if not r["expired"])}

    def document(self) -> ReportDocument:
        whole = StockHealth(self.day, self.days, 0, self.lots, ()).document()
        return ReportDocument(whole.tables[0].title, whole.subtitle, whole.tables[:1])


def expiring_report(db: Database, days: int = 30) -> ExpiringReport:
    """`expiring` as a report (JSON, .xlsx, PDF). Raises ValidationError("days")."""
    today = clock.today()
    return ExpiringReport(today, days, tuple(expiring(db, days, today=today)))


def _check_days(field: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
        raise ValidationError(field, msg("Số ngày phải từ 0 đến {max}: {value}", "Days must be 0 to {max}: {value}",
                                         max=MAX_DAYS, value=value))
    return value


def expiring(db: Database, days: int = 30, *, today: date | None = None) -> list[ExpiringRow]:
    """Lots with stock whose expiry falls within `days` from the shop's today, expired ones first
    (longest expired first), with their status under the sellable rule and their value at cost.
    Raises ValidationError("days")."""
    days = _check_days("days", days)
    today = today or clock.today()
    with db.read_session() as session:
        rows = session.execute(
            select(Product.id, Product.sku, Product.name, Product.unit, Product.stop_selling_days, Warehouse.code,
                   Lot.id, Lot.code, Lot.expiry_date, StockBalance.on_hand)
            .join(Lot, Lot.id == StockBalance.lot_id).join(Product, Product.id == StockBalance.product_id)
            .join(Warehouse, Warehouse.id == StockBalance.warehouse_id)
            .where(StockBalance.on_hand > 0, Lot.expiry_date.is_not(None),
                   Lot.expiry_date <= today + timedelta(days=days))
            .order_by(Lot.expiry_date, Product.sku_key, Warehouse.code)).all()
        costs = unit_costs(session, [(r[0], r[6]) for r in rows])
    return [ExpiringRow(sku, name, unit, wh, lot, expiry, (expiry - today).days,
                        lot_status(expiry, stop, today).value, qty, qty * costs[(pid, lot_id)])
            for pid, sku, name, unit, stop, wh, lot_id, lot, expiry, qty in rows]


def slow_moving(db: Database, idle_days: int = 60, *, today: date | None = None, limit: int = 200) -> list[SlowRow]:
    """Products with stock on hand that nothing has been sold or shipped of for `idle_days` or more
    (never sold: idle since they came in), largest value first. Raises ValidationError("slow_days")."""
    idle_days = _check_days("slow_days", idle_days)
    today = today or clock.today()
    since = clock.local_day_bounds(today - timedelta(days=idle_days))[0]
    with db.read_session() as session:
        last_out = (select(StockMovement.product_id, func.max(StockMovement.created_at).label("last"))
                    .where(StockMovement.kind == "shipment").group_by(StockMovement.product_id).subquery())
        rows = session.execute(
            select(StockBalance.product_id, StockBalance.lot_id, Product.sku, Product.name, StockBalance.on_hand,
                   last_out.c.last)
            .join(Product, Product.id == StockBalance.product_id)
            .join(last_out, last_out.c.product_id == StockBalance.product_id, isouter=True)
            .where(StockBalance.on_hand > 0, Product.status == "active",
                   (last_out.c.last.is_(None)) | (last_out.c.last < since))).all()
        costs = unit_costs(session, [(r[0], r[1]) for r in rows])
    found: dict[int, list] = {}
    for pid, lot_id, sku, name, qty, last in rows:
        entry = found.setdefault(pid, [sku, name, 0, 0, last])
        entry[2] += qty
        entry[3] += qty * costs[(pid, lot_id)]
    out = []
    for sku, name, qty, value, last in found.values():
        last_day = clock.to_local(last).date() if last else None
        out.append(SlowRow(sku, name, qty, value, last_day, (today - last_day).days if last_day else None))
    out.sort(key=lambda r: (-r.value, r.sku))
    return out[:limit]


def stock_health(db: Database, days: int = 30, slow_days: int = 60) -> StockHealth:
    """Expiring (within `days`) and expired lots, and stock idle for `slow_days` or more."""
    today = clock.today()
    return StockHealth(today, days, slow_days, tuple(expiring(db, days, today=today)),
                       tuple(slow_moving(db, slow_days, today=today)))
