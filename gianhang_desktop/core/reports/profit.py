"""Revenue and gross profit over a period, by product, category, channel, customer, staff or period;
and the top products and customers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..catalog.models import Product
from ..database import Database
from ..errors import ValidationError
from ..i18n import msg
from ..periods import days, month_start, read_period, week_start
from ..spreadsheet.xlsx import Column
from .facts import Period, channel_label, facts
from .tables import ReportDocument, ReportTable, margin

BY = ("product", "category", "channel", "customer", "staff", "day", "week", "month")
PERIODS = ("day", "week", "month")
METRICS = ("revenue", "profit", "quantity")
_HEADERS = {"product": ("Sản phẩm", "Product"), "category": ("Danh mục", "Category"),
            "channel": ("Kênh bán", "Channel"), "customer": ("Khách hàng", "Customer"),
            "staff": ("Nhân viên", "Staff"), "day": ("Ngày", "Day"), "week": ("Tuần từ", "Week of"),
            "month": ("Tháng", "Month")}


@dataclass(frozen=True)
class ProfitRow:
    """One group: `key` (SKU, category, channel, phone, staff, ISO date), its label, units sold
    (less returns), revenue and cost of goods sold in đồng."""

    key: str
    label: str
    quantity: int
    revenue: int
    cogs: int

    @property
    def profit(self) -> int:
        return self.revenue - self.cogs

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "quantity": self.quantity, "revenue": self.revenue,
                "cogs": self.cogs, "gross_profit": self.profit, "margin": margin(self.profit, self.revenue)}


@dataclass(frozen=True)
class ProfitReport:
    date_from: date
    date_to: date
    by: str
    rows: tuple[ProfitRow, ...]
    total: ProfitRow

    def to_json(self) -> dict[str, Any]:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "by": self.by,
                "rows": [r.to_json() for r in self.rows], "total": self.total.to_json()}

    def document(self) -> ReportDocument:
        vi, en = _HEADERS[self.by]
        columns = (Column(msg("Mã", "Key").text()), Column(msg(vi, en).text()), Column(msg("Số lượng", "Units").text(), "int"),
                   Column(msg("Doanh thu", "Revenue").text(), "money"),
                   Column(msg("Giá vốn", "Cost of goods").text(), "money"),
                   Column(msg("Lợi nhuận gộp", "Gross profit").text(), "money"),
                   Column(msg("Tỷ suất (%)", "Margin (%)").text(), "percent"))
        rows = tuple((r.key, r.label, r.quantity, r.revenue, r.cogs, r.profit, margin(r.profit, r.revenue))
                     for r in self.rows)
        t = self.total
        total = ("", msg("Tổng cộng", "Total").text(), t.quantity, t.revenue, t.cogs, t.profit, margin(t.profit, t.revenue))
        title = msg("Doanh thu và lợi nhuận gộp theo {by}", "Revenue and gross profit by {by_en}", by=vi.lower(),
                    by_en=en.lower()).text()
        return ReportDocument(title, _period_text(self.date_from, self.date_to), (ReportTable(title, columns, rows, total),))


def _period_text(start: date, end: date) -> str:
    if start == end:
        return msg("Ngày {d:%d/%m/%Y}", "Day {d:%d/%m/%Y}", d=start).text()
    return msg("Từ {a:%d/%m/%Y} đến {b:%d/%m/%Y}", "From {a:%d/%m/%Y} to {b:%d/%m/%Y}", a=start, b=end).text()


def profit_report(db: Database, date_from: date | str | None = None, date_to: date | str | None = None, *,
                  by: str = "product") -> ProfitReport:
    """Revenue (after discounts, less returns), cost of goods sold and gross profit over the shop
    days [date_from, date_to], from counter sales and every order channel (core/reports/facts.py).

    `by`: product, category, channel, customer, staff (groups biggest revenue first), or day,
    week, month (every period of the range, in order, empty ones included).

    Raises:
        ValidationError: "by" unknown; "from"/"to" unreadable or in the wrong order.
    """
    if by not in BY:
        raise ValidationError("by", msg("Nhóm theo một trong: {choices}", "Group by one of: {choices}",
                                        choices=", ".join(BY)))
    start, end = read_period(date_from, date_to)
    period = Period(start, end)
    with db.read_session() as session:
        f = facts(session, period, with_day=by in PERIODS).subquery()
        sums = (func.sum(f.c.quantity), func.sum(f.c.revenue), func.sum(f.c.cogs))
        if by == "product":
            stmt = (select(Product.sku, Product.name, *sums).join(Product, Product.id == f.c.product_id)
                    .group_by(Product.sku, Product.name))
        elif by == "category":
            stmt = select(Product.category, Product.category, *sums).join(Product, Product.id == f.c.product_id) \
                .group_by(Product.category)
        else:
            column = {"channel": f.c.channel, "customer": f.c.customer, "staff": f.c.user_name}[by] \
                if by not in PERIODS else f.c.day
            stmt = select(column, column, *sums).group_by(column)
        found = [(str(key or ""), str(label or ""), int(q or 0), int(r or 0), int(c or 0))
                 for key, label, q, r, c in session.execute(stmt)]
    rows = _periods(found, by, start, end) if by in PERIODS else _labelled(found, by)
    total = ProfitRow("", msg("Tổng cộng", "Total").text(), sum(r.quantity for r in rows),
                      sum(r.revenue for r in rows), sum(r.cogs for r in rows))
    return ProfitReport(start, end, by, tuple(rows), total)


def _labelled(found: list[tuple], by: str) -> list[ProfitRow]:
    rows = []
    for key, label, quantity, revenue, cogs in found:
        if by == "channel":
            label = channel_label(key)
        elif by == "category" and not key:
            label = msg("Chưa phân loại", "Uncategorised").text()
        elif by == "customer" and not key:
            label = msg("Khách lẻ", "Walk-in customers").text()
        elif by == "staff" and not key:
            label = msg("(không rõ)", "(unknown)").text()
        rows.append(ProfitRow(key, label, quantity, revenue, cogs))
    return sorted(rows, key=lambda r: (-r.revenue, r.key))


def _periods(found: list[tuple], by: str, start: date, end: date) -> list[ProfitRow]:
    buckets: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for key, _label, quantity, revenue, cogs in found:
        day = date.fromisoformat(key[:10])
        bucket = {"day": day, "week": week_start(day), "month": month_start(day)}[by]
        for i, value in enumerate((quantity, revenue, cogs)):
            buckets[bucket][i] += value
    keys = sorted({{"day": d, "week": week_start(d), "month": month_start(d)}[by] for d in days(start, end)})
    label = {"day": "%d/%m/%Y", "week": "%d/%m/%Y", "month": "%m/%Y"}[by]
    return [ProfitRow(k.isoformat(), k.strftime(label), *buckets[k]) if k in buckets
            else ProfitRow(k.isoformat(), k.strftime(label), 0, 0, 0) for k in keys]


def top(db: Database, date_from: date | str | None = None, date_to: date | str | None = None, *,
        by: str = "product", metric: str = "revenue", limit: int = 10) -> ProfitReport:
    """The `limit` best products or customers of the period by revenue, gross profit or units.
    Customers are named (phone and name).

    Raises:
        ValidationError: a bad "by", "metric" or date.
    """
    if by not in ("product", "customer", "category", "channel"):
        raise ValidationError("by", msg("Xếp hạng sản phẩm hoặc khách hàng", "Rank products or customers"))
    if metric not in METRICS:
        raise ValidationError("metric", msg("Xếp theo doanh thu, lợi nhuận hoặc số lượng",
                                            "Rank by revenue, profit or quantity"))
    report = profit_report(db, date_from, date_to, by=by)
    key = {"revenue": lambda r: -r.revenue, "profit": lambda r: -r.profit, "quantity": lambda r: -r.quantity}[metric]
    rows = [r for r in sorted(report.rows, key=key) if r.key or by != "customer"][:max(1, limit)]
    if by == "customer":
        rows = _named(db, rows)
    return ProfitReport(report.date_from, report.date_to, by, tuple(rows), report.total)


def _named(db: Database, rows: list[ProfitRow]) -> list[ProfitRow]:
    from ..customers.models import Customer

    with db.read_session() as session:
        names = dict(session.execute(select(Customer.phone, Customer.name).where(
            Customer.phone.in_([r.key for r in rows]))).all())
    return [ProfitRow(r.key, f"{names.get(r.key) or ''} {r.key}".strip(), r.quantity, r.revenue, r.cogs) for r in rows]
