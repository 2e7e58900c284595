"""The end-of-day report (báo cáo cuối ngày): sales, returns, payments and the cash book of one shop
day, by channel and by staff member."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select

from .. import clock
from ..cashbook.models import CashEntry
from ..cashbook.service import category_label
from ..catalog.models import Product
from ..catalog.validation import parse_date
from ..counter.models import COUNTER_CHANNEL, Sale, SaleLine, SaleReturn
from ..database import Database
from ..i18n import msg
from ..orders.models import Order, OrderItem
from ..spreadsheet.xlsx import Column
from .facts import Period, channel_label, facts
from .tables import ReportDocument, ReportTable, margin


@dataclass(frozen=True)
class EndOfDay:
    day: date
    sales: dict[str, int]
    returns: dict[str, int]
    payments: dict[str, int]
    by_channel: tuple[dict[str, Any], ...]
    by_staff: tuple[dict[str, Any], ...]
    cash: dict[str, Any]
    top_products: tuple[dict[str, Any], ...]

    @property
    def net_revenue(self) -> int:
        return self.sales["revenue"] - self.returns["amount"]

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "sales": self.sales, "returns": self.returns,
                "net_revenue": self.net_revenue, "payments": self.payments, "by_channel": list(self.by_channel),
                "by_staff": list(self.by_staff), "cash": self.cash, "top_products": list(self.top_products)}

    def document(self) -> ReportDocument:
        t = msg
        money, integer = "money", "int"
        s, r, p = self.sales, self.returns, self.payments
        summary = ReportTable(t("Tổng hợp", "Summary").text(), (
            Column(t("Chỉ tiêu", "Item").text()), Column(t("Số lượng", "Count").text(), integer),
            Column(t("Số tiền", "Amount").text(), money)), tuple(
            (t(vi, en).text(), count, value) for vi, en, count, value in (
                ("Hóa đơn tại quầy", "Counter bills", s["count"], s["revenue"]),
                ("Tiền hàng", "Goods", None, s["goods"]), ("Chiết khấu", "Discounts", None, s["discounts"]),
                ("Khách trả hàng", "Returns", r["count"], r["amount"]),
                ("Doanh thu thuần tại quầy", "Net counter revenue", None, self.net_revenue),
                ("Tiền mặt", "Cash", None, p["cash"]), ("Chuyển khoản", "Transfers", None, p["transfer"]),
                ("Chờ chuyển khoản", "Transfers awaited", None, p["awaiting_transfer"]),
                ("Bán nợ", "On credit", None, p["debt"]), ("Thu nợ", "Debt collected", None, p["debt_collected"]))))
        channels = ReportTable(t("Theo kênh bán", "By channel").text(), (
            Column(t("Kênh", "Channel").text()), Column(t("Đơn/hóa đơn", "Orders/bills").text(), integer),
            Column(t("Giá trị đặt", "Ordered").text(), money), Column(t("Doanh thu", "Revenue").text(), money),
            Column(t("Giá vốn", "Cost of goods").text(), money), Column(t("Lợi nhuận gộp", "Gross profit").text(), money)),
            tuple((c["label"], c["orders"], c["value"], c["revenue"], c["cogs"], c["gross_profit"]) for c in self.by_channel))
        staff = ReportTable(t("Theo nhân viên", "By staff member").text(), (
            Column(t("Nhân viên", "Staff").text()), Column(t("Hóa đơn", "Bills").text(), integer),
            Column(t("Doanh thu", "Revenue").text(), money), Column(t("Trả hàng", "Returns").text(), money),
            Column(t("Thu tiền mặt", "Cash in").text(), money), Column(t("Chi tiền mặt", "Cash out").text(), money)),
            tuple((s["user"] or "-", s["sales"], s["revenue"], s["returns"], s["cash_in"], s["cash_out"])
                  for s in self.by_staff))
        c = self.cash
        cash = ReportTable(t("Sổ quỹ", "Cash book").text(), (Column(t("Quỹ", "Fund").text()),
                                                             Column(t("Đầu ngày", "Opening").text(), money),
                                                             Column(t("Thu", "In").text(), money),
                                                             Column(t("Chi", "Out").text(), money),
                                                             Column(t("Cuối ngày", "Closing").text(), money)),
                           tuple((t("Tiền mặt", "Cash").text() if f == "cash" else t("Ngân hàng", "Bank").text(),
                                  v["opening"], v["in"], v["out"], v["closing"]) for f, v in c["by_fund"].items()),
                           (t("Tổng", "Total").text(), c["opening"], c["in"], c["out"], c["closing"]))
        title = t("Báo cáo cuối ngày", "End of day report").text()
        return ReportDocument(title, f"{self.day:%d/%m/%Y}", (summary, channels, staff, cash))


def end_of_day(db: Database, day: date | str | None = None) -> EndOfDay:
    """The report of shop day `day` (dd/mm/yyyy or ISO; default today).

    Raises:
        ValidationError("date"): a date that cannot be read.
    """
    day = parse_date("date", day) if day not in (None, "") else clock.today()
    period = Period(day, day)
    with db.read_session() as session:
        live = Sale.status != "cancelled"
        s = session.execute(select(
            func.count(Sale.id), func.coalesce(func.sum(Sale.subtotal), 0), func.coalesce(func.sum(Sale.discount), 0),
            func.coalesce(func.sum(Sale.total), 0), func.coalesce(func.sum(Sale.cogs), 0),
            func.coalesce(func.sum(Sale.paid_cash), 0), func.coalesce(func.sum(Sale.change_due), 0),
            func.coalesce(func.sum(case((Sale.status == "completed", Sale.paid_transfer), else_=0)), 0),
            func.coalesce(func.sum(case((Sale.status == "awaiting_payment", Sale.paid_transfer), else_=0)), 0),
            func.coalesce(func.sum(Sale.debt), 0)).where(Sale.local_day == day, live)).one()
        count, subtotal, bill_discount, revenue, cogs, cash, change, transfer, awaiting, debt = (int(v) for v in s)
        line_discount = int(session.scalar(select(func.coalesce(func.sum(SaleLine.discount), 0))
                                           .join(Sale, Sale.id == SaleLine.sale_id).where(Sale.local_day == day, live)) or 0)
        cancelled = int(session.scalar(select(func.count(Sale.id)).where(Sale.local_day == day,
                                                                       Sale.status == "cancelled")) or 0)
        r = session.execute(select(func.count(SaleReturn.id), func.coalesce(func.sum(SaleReturn.amount), 0),
                                   func.coalesce(func.sum(SaleReturn.cogs), 0),
                                   func.coalesce(func.sum(SaleReturn.refund_cash + SaleReturn.refund_transfer), 0))
                            .where(SaleReturn.local_day == day)).one()
        cash_rows = session.execute(select(CashEntry.fund, CashEntry.direction, CashEntry.category, CashEntry.user_name,
                                           func.sum(CashEntry.amount))
                                    .where(CashEntry.local_day == day)
                                    .group_by(CashEntry.fund, CashEntry.direction, CashEntry.category,
                                              CashEntry.user_name)).all()
        before = session.execute(select(CashEntry.fund, func.sum(case((CashEntry.direction == "in", CashEntry.amount),
                                                                      else_=-CashEntry.amount)))
                                 .where(CashEntry.local_day < day).group_by(CashEntry.fund)).all()
        f = facts(session, period).subquery()
        by_channel_facts = session.execute(select(f.c.channel, func.sum(f.c.revenue), func.sum(f.c.cogs))
                                           .group_by(f.c.channel)).all()
        top_rows = session.execute(select(Product.sku, Product.name, func.sum(f.c.quantity), func.sum(f.c.revenue))
                                   .join(Product, Product.id == f.c.product_id).group_by(Product.sku, Product.name)
                                   .order_by(func.sum(f.c.revenue).desc()).limit(5)).all()
        start, end = period.utc_start, period.utc_end
        goods = (select(OrderItem.order_id, func.sum(OrderItem.quantity * OrderItem.unit_price).label("goods"))
                 .group_by(OrderItem.order_id).subquery())
        placed = session.execute(select(Order.channel, func.count(Order.id), func.sum(func.coalesce(goods.c.goods, 0)))
                                 .join(goods, goods.c.order_id == Order.id, isouter=True)
                                 .where(Order.created_at >= start, Order.created_at < end, Order.status != "cancelled")
                                 .group_by(Order.channel)).all()
        staff_sales = session.execute(select(Sale.user_name, func.count(Sale.id), func.sum(Sale.total))
                                      .where(Sale.local_day == day, live).group_by(Sale.user_name)).all()
        staff_returns = session.execute(select(SaleReturn.user_name, func.sum(SaleReturn.amount))
                                        .where(SaleReturn.local_day == day).group_by(SaleReturn.user_name)).all()
    return EndOfDay(
        day,
        sales={"count": count, "cancelled": cancelled, "goods": subtotal + line_discount,
               "discounts": line_discount + bill_discount, "revenue": revenue, "cogs": cogs,
               "gross_profit": revenue - cogs},
        returns={"count": int(r[0]), "amount": int(r[1]), "cogs": int(r[2]), "refunded": int(r[3])},
        payments={"cash": cash, "cash_tendered": cash + change, "change": change, "transfer": transfer,
                  "awaiting_transfer": awaiting, "debt": debt,
                  "debt_collected": sum(int(v) for _f, d, cat, _u, v in cash_rows if cat == "debt_payment")},
        by_channel=_channels(by_channel_facts, placed, count, revenue),
        by_staff=_staff(staff_sales, staff_returns, cash_rows),
        cash=_cash(before, cash_rows),
        top_products=tuple({"sku": sku, "name": name, "quantity": int(q or 0), "revenue": int(v or 0)}
                           for sku, name, q, v in top_rows),
    )


def _channels(fact_rows, placed, counter_bills: int, counter_value: int) -> tuple[dict[str, Any], ...]:
    found: dict[str, dict[str, Any]] = {}

    def row(channel: str) -> dict[str, Any]:
        return found.setdefault(channel, {"channel": channel, "label": channel_label(channel), "orders": 0,
                                          "value": 0, "revenue": 0, "cogs": 0, "gross_profit": 0, "margin": None})

    counter = row(COUNTER_CHANNEL)
    counter["orders"], counter["value"] = counter_bills, counter_value
    for channel, n, value in placed:
        entry = row(channel)
        entry["orders"], entry["value"] = int(n), int(value or 0)
    for channel, revenue, cogs in fact_rows:
        entry = row(channel)
        entry["revenue"], entry["cogs"] = int(revenue or 0), int(cogs or 0)
    for entry in found.values():
        entry["gross_profit"] = entry["revenue"] - entry["cogs"]
        entry["margin"] = margin(entry["gross_profit"], entry["revenue"])
    rest = sorted((v for k, v in found.items() if k != COUNTER_CHANNEL), key=lambda e: (-e["revenue"], e["channel"]))
    return (counter, *rest)


def _staff(sales, returns, cash_rows) -> tuple[dict[str, Any], ...]:
    found: dict[str, dict[str, Any]] = defaultdict(lambda: {"sales": 0, "revenue": 0, "returns": 0, "cash_in": 0,
                                                            "cash_out": 0})
    for user, n, total in sales:
        found[user or ""]["sales"] += int(n)
        found[user or ""]["revenue"] += int(total or 0)
    for user, amount in returns:
        found[user or ""]["returns"] += int(amount or 0)
    for fund, direction, _category, user, amount in cash_rows:
        if fund == "cash":
            found[user or ""]["cash_in" if direction == "in" else "cash_out"] += int(amount)
    return tuple({"user": user, **values} for user, values in sorted(found.items(), key=lambda kv: -kv[1]["revenue"]))


def _cash(before, cash_rows) -> dict[str, Any]:
    opening = {"cash": 0, "bank": 0}
    for fund, net in before:
        opening[fund] = int(net or 0)
    by_fund = {f: {"opening": opening[f], "in": 0, "out": 0, "closing": 0} for f in opening}
    categories: dict[tuple[str, str], int] = defaultdict(int)
    for fund, direction, category, _user, amount in cash_rows:
        by_fund[fund][direction] += int(amount)
        categories[(direction, category)] += int(amount)
    for values in by_fund.values():
        values["closing"] = values["opening"] + values["in"] - values["out"]
    total = {k: sum(v[k] for v in by_fund.values()) for k in ("opening", "in", "out", "closing")}
    return {**total, "by_fund": by_fund,
            "by_category": [{"direction": d, "category": c, "label": category_label(c), "amount": a}
                            for (d, c), a in sorted(categories.items())]}
