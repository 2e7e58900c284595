"""Stock in-out-balance (báo cáo xuất-nhập-tồn) over a period, per product, one warehouse or all,
in units and at cost.

Balances are worked back from today rather than summed from the beginning of time: the closing
balance of the period is today's balance less what moved after the period, and its opening is
the closing less what moved in it. Only the ledger lines from the period's first day on are read,
so a month of a large shop is quick however long its history. Values are the ledger lines' own
values at cost (core/stock/costing.py; lines written before costing began at the catalogue cost),
today's value is each lot's average cost times what is on hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select

from ..catalog.models import Product
from ..database import Database
from ..i18n import msg
from ..periods import read_period
from ..spreadsheet.xlsx import Column
from ..stock.costing import NO_LOT, CostPool
from ..stock.models import StockBalance, StockMovement
from ..stock.service import resolve_warehouse
from ..tasks import CancelToken, ProgressFn, report
from .facts import Period
from .tables import ReportDocument, ReportTable

# Kinds of ledger lines, as the report's columns group them (sign decides in or out).
IN_KINDS = {"receipt": "purchase", "return": "return", "transfer_in": "transfer", "adjustment": "adjustment"}
OUT_KINDS = {"shipment": "sale", "transfer_out": "transfer", "adjustment": "adjustment", "return": "return"}


@dataclass(slots=True)  # not frozen: 100,000 of them are built at a time, frozen ones cost 5× more
class FlowRow:
    """One product: units and values (đồng) at the period's start, in, out, at its end; `ins` and
    `outs` split the units by kind (purchase/receipt, return, transfer, adjustment; sale…)."""

    product_id: int
    sku: str
    name: str
    unit: str
    opening_qty: int
    opening_value: int
    in_qty: int
    in_value: int
    out_qty: int
    out_value: int
    closing_qty: int
    closing_value: int
    ins: dict[str, int]
    outs: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"sku": self.sku, "name": self.name, "unit": self.unit,
                "opening": {"quantity": self.opening_qty, "value": self.opening_value},
                "in": {"quantity": self.in_qty, "value": self.in_value, **{f"{k}_quantity": v for k, v in self.ins.items()}},
                "out": {"quantity": self.out_qty, "value": self.out_value,
                        **{f"{k}_quantity": v for k, v in self.outs.items()}},
                "closing": {"quantity": self.closing_qty, "value": self.closing_value}}


@dataclass(frozen=True)
class StockFlow:
    date_from: date
    date_to: date
    warehouse: str | None
    rows: tuple[FlowRow, ...]

    def totals(self) -> dict[str, int]:
        keys = ("opening_qty", "opening_value", "in_qty", "in_value", "out_qty", "out_value", "closing_qty",
                "closing_value")
        return {k: sum(getattr(r, k) for r in self.rows) for k in keys}

    def to_json(self) -> dict[str, Any]:
        t = self.totals()
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "warehouse": self.warehouse,
                "rows": [r.to_json() for r in self.rows],
                "total": {"opening": {"quantity": t["opening_qty"], "value": t["opening_value"]},
                          "in": {"quantity": t["in_qty"], "value": t["in_value"]},
                          "out": {"quantity": t["out_qty"], "value": t["out_value"]},
                          "closing": {"quantity": t["closing_qty"], "value": t["closing_value"]}}}

    def document(self) -> ReportDocument:
        t = msg
        q, v = "int", "money"
        columns = (Column(t("Mã SP", "SKU").text()), Column(t("Tên sản phẩm", "Product").text()),
                   Column(t("ĐVT", "Unit").text()),
                   Column(t("Tồn đầu SL", "Opening qty").text(), q), Column(t("Tồn đầu giá trị", "Opening value").text(), v),
                   Column(t("Nhập SL", "In qty").text(), q), Column(t("Nhập giá trị", "In value").text(), v),
                   Column(t("Xuất SL", "Out qty").text(), q), Column(t("Xuất giá trị", "Out value").text(), v),
                   Column(t("Tồn cuối SL", "Closing qty").text(), q),
                   Column(t("Tồn cuối giá trị", "Closing value").text(), v))
        rows = tuple((r.sku, r.name, r.unit, r.opening_qty, r.opening_value, r.in_qty, r.in_value, r.out_qty,
                      r.out_value, r.closing_qty, r.closing_value) for r in self.rows)
        tot = self.totals()
        total = (t("Tổng cộng", "Total").text(), "", "", tot["opening_qty"], tot["opening_value"], tot["in_qty"],
                 tot["in_value"], tot["out_qty"], tot["out_value"], tot["closing_qty"], tot["closing_value"])
        title = t("Báo cáo xuất - nhập - tồn", "Stock in-out-balance").text()
        place = self.warehouse or t("Tất cả kho", "All warehouses").text()
        subtitle = t("Từ {a:%d/%m/%Y} đến {b:%d/%m/%Y} — {w}", "From {a:%d/%m/%Y} to {b:%d/%m/%Y} — {w}",
                     a=self.date_from, b=self.date_to, w=place).text()
        return ReportDocument(title, subtitle, (ReportTable(title, columns, rows, total),))


def stock_flow(db: Database, date_from: date | str | None = None, date_to: date | str | None = None, *,
               warehouse: str | None = None, progress: ProgressFn | None = None,
               cancel: CancelToken | None = None) -> StockFlow:
    """The in-out-balance of every product that had stock or movements in the shop days
    [date_from, date_to] (default: this month so far), in `warehouse` (code or name) or all.

    Raises:
        ValidationError: dates unreadable or in the wrong order ("to"); an unknown "warehouse".
    """
    start, end = read_period(date_from, date_to, default_days=1)
    if date_from in (None, ""):
        start = end.replace(day=1)
    period = Period(start, end)
    report(progress, 0.0, msg("Đang đọc tồn kho…", "Reading stock on hand…").text())
    with db.read_session() as session:
        wh = resolve_warehouse(session, warehouse) if warehouse else None
        names: dict[int, tuple[str, str, str]] = {}
        now: dict[int, tuple[int, int]] = {}
        # Core execution, not the ORM's: plain rows, without the ORM's per-row work (100,000 rows).
        connection = session.connection()
        for pid, sku, name, unit, qty, val in connection.execute(_today(wh.id if wh else None)).all():
            names[pid] = (sku, name, unit)
            now[pid] = (int(qty or 0), int(val or 0))
        if cancel is not None:
            cancel.raise_if_cancelled()
        report(progress, 0.4, msg("Đang đọc thẻ kho…", "Reading the ledger…").text())
        # per product: [in units, in value, out units, out value, units after, value after, ins, outs]
        flows: dict[int, list] = {}
        for pid, kind, incoming, inside, qty, val in connection.execute(_movements(period, wh.id if wh else None)).all():
            f = flows.get(pid)
            if f is None:
                f = flows[pid] = [0, 0, 0, 0, 0, 0, {}, {}]
            qty, val = int(qty), int(val or 0)
            if not inside:
                f[4] += qty
                f[5] += val
            elif incoming:
                f[0] += qty
                f[1] += val
                group = IN_KINDS.get(kind, kind)
                f[6][group] = f[6].get(group, 0) + qty
            else:
                f[2] -= qty
                f[3] -= val
                group = OUT_KINDS.get(kind, kind)
                f[7][group] = f[7].get(group, 0) - qty
        missing = [pid for pid in flows if pid not in names]
        for i in range(0, len(missing), 500):
            for pid, sku, name, unit in connection.execute(select(Product.id, Product.sku, Product.name, Product.unit)
                                                        .where(Product.id.in_(missing[i:i + 500]))):
                names[pid] = (sku, name, unit)
    report(progress, 0.8, msg("Đang tổng hợp…", "Adding up…").text())
    rows = []
    for pid, (in_qty, in_val, out_qty, out_val, after_qty, after_val, ins, outs) in flows.items():
        qty_now, val_now = now.pop(pid, (0, 0))
        closing_qty, closing_value = qty_now - after_qty, val_now - after_val
        opening_qty, opening_value = closing_qty - in_qty + out_qty, closing_value - in_val + out_val
        if not (opening_qty or closing_qty or in_qty or out_qty):
            continue
        sku, name, unit = names[pid]
        rows.append(FlowRow(pid, sku, name, unit, opening_qty, opening_value, in_qty, in_val, out_qty, out_val,
                            closing_qty, closing_value, ins, outs))
    # Products with stock that did not move since the period began: their balance all along.
    for pid, (qty, val) in now.items():
        sku, name, unit = names[pid]
        rows.append(FlowRow(pid, sku, name, unit, qty, val, 0, 0, 0, 0, qty, val, {}, {}))
    rows.sort(key=lambda r: r.sku.casefold())
    report(progress, 1.0, "")
    return StockFlow(start, end, wh.code if wh else None, tuple(rows))


def _movements(period: Period, warehouse_id: int | None):
    """The ledger since the period began, summed per product, kind, direction (in: 1) and
    whether inside the period (1) or after it: units and value at cost."""
    inside = case((StockMovement.created_at < period.utc_end, 1), else_=0)
    incoming = case((StockMovement.quantity > 0, 1), else_=0)
    # Lines written before costing began have no value: the catalogue cost, looked up only for them.
    catalogue = select(Product.cost).where(Product.id == StockMovement.product_id).scalar_subquery()
    value = func.coalesce(StockMovement.cost_value, StockMovement.quantity * func.coalesce(catalogue, 0))
    # "+ 0": group the period's lines found through the created_at index; grouping on the bare
    # column lets SQLite walk the whole ledger in product order instead (several times slower).
    product = (StockMovement.product_id + 0).label("pid")
    stmt = (select(product, StockMovement.kind, incoming, inside, func.sum(StockMovement.quantity), func.sum(value))
            .where(StockMovement.created_at >= period.utc_start)
            .group_by(product, StockMovement.kind, incoming, inside))
    if warehouse_id is not None:
        stmt = stmt.where(StockMovement.warehouse_id == warehouse_id)
    return stmt


def _today(warehouse_id: int | None):
    """Per product with stock: units and value at cost on hand now (in one warehouse or all).

    A lot's value is its cost pool's value × on hand / pool units, rounded half up to the đồng
    exactly as `costing.share` does (integer division written out for both engines); an empty
    pool uses its last average, stock without a pool the catalogue cost."""
    on_hand = StockBalance.on_hand
    twice = (2 * CostPool.quantity).self_group()
    x = (2 * CostPool.value * on_hand + CostPool.quantity).self_group()
    shared = case((x >= 0, x.op("/")(twice)), else_=-((-x + twice - 1).self_group().op("/")(twice)).self_group())
    catalogue = select(Product.cost).where(Product.id == StockBalance.product_id).scalar_subquery()
    # The usual lot sits whole in one warehouse: its value is its pool's (what `shared` gives, cheaper).
    lot_value = case((CostPool.product_id.is_(None), on_hand * func.coalesce(catalogue, 0)),
                     (CostPool.quantity == on_hand, CostPool.value),
                     (CostPool.quantity > 0, shared), else_=on_hand * CostPool.unit_cost)
    sums = (select(StockBalance.product_id.label("pid"), func.sum(on_hand).label("qty"),
                   func.sum(lot_value).label("value"))
            .outerjoin(CostPool, and_(CostPool.product_id == StockBalance.product_id,
                                      CostPool.lot_key == func.coalesce(StockBalance.lot_id, NO_LOT)))
            .where(on_hand != 0)
            .group_by(StockBalance.product_id))
    if warehouse_id is not None:
        sums = sums.where(StockBalance.warehouse_id == warehouse_id)
    sums = sums.subquery()
    return (select(sums.c.pid, Product.sku, Product.name, Product.unit, sums.c.qty, sums.c.value)
            .join(Product, Product.id == sums.c.pid))
