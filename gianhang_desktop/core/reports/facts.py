"""What was sold, from every channel, as one kind of fact: a day, a channel, a product, units,
revenue and cost of goods sold (returns negative).

* Counter sales count on the shop day of the bill, at their revenue after both discounts (line
  and bill) and the cost of the lots they took; counter returns count on the day of the return.
* Orders (phone, Zalo, the store, each marketplace account) count when their goods leave the
  warehouse: each shipment ledger line is revenue at the order line's price and cost at the
  line's value; goods that come back (a returned or recalled parcel) count negative on that day.
  Shipping fees are not goods revenue and are left out.

Reports group these facts by product, category, channel, customer or period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, and_, case, cast, func, literal, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from .. import clock
from ..catalog.models import Product
from ..counter.models import COUNTER_CHANNEL, Sale, SaleLine, SaleReturn, SaleReturnLine
from ..orders.models import Order, OrderItem
from ..stock.models import StockMovement

CHANNEL_LABELS = {
    COUNTER_CHANNEL: ("Tại quầy", "Counter"), "manual": ("Tự nhập", "Manual"), "phone": ("Điện thoại", "Phone"),
    "zalo": ("Zalo", "Zalo"), "store": ("Gian hàng trực tuyến", "Online store"),
}


@dataclass(frozen=True)
class Period:
    """Shop days [start, end], inclusive, and the UTC instants that bound them."""

    start: date
    end: date

    @property
    def utc_start(self) -> datetime:
        return clock.local_day_bounds(self.start)[0]

    @property
    def utc_end(self) -> datetime:
        return clock.local_day_bounds(self.end)[1]


def channel_label(channel: str, lang: str | None = None) -> str:
    """The channel as clerks name it; a marketplace account's channel is its own name."""
    from ..i18n import msg

    vi, en = CHANNEL_LABELS.get(channel, (channel, channel))
    return msg(vi, en).text(lang)


def local_day(session: Session, column) -> ColumnElement:
    """SQL for the shop's calendar day of a UTC time column (Vietnam keeps UTC+7 all year)."""
    hours = int(clock.shop_tz().utcoffset(datetime(2026, 1, 1)).total_seconds() // 3600)
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, f"{hours:+d} hours")
    return cast(column + timedelta(hours=hours), Date)


def facts(session: Session, period: Period, *, with_day: bool = False) -> Select:
    """A SELECT of every sales fact in `period` with the columns day (when `with_day`), channel,
    product_id, customer (phone), user_name, quantity, revenue, cogs."""
    return union_all(*_parts(session, period, with_day))


def _parts(session: Session, period: Period, with_day: bool) -> list[Select]:
    def columns(day, channel, product, customer, user, quantity, revenue, cogs) -> list:
        cols = [day.label("day")] if with_day else []
        return cols + [channel.label("channel"), product.label("product_id"), customer.label("customer"),
                       user.label("user_name"), quantity.label("quantity"), revenue.label("revenue"),
                       cogs.label("cogs")]

    counter = literal(COUNTER_CHANNEL)
    sales = (select(*columns(Sale.local_day, counter, SaleLine.product_id, Sale.customer_phone, Sale.user_name,
                             SaleLine.quantity, SaleLine.net_amount, SaleLine.cogs))
             .join(Sale, Sale.id == SaleLine.sale_id)
             .where(Sale.local_day >= period.start, Sale.local_day <= period.end, Sale.status != "cancelled"))
    returns = (select(*columns(SaleReturn.local_day, counter, SaleReturnLine.product_id, Sale.customer_phone,
                               SaleReturn.user_name, -SaleReturnLine.quantity, -SaleReturnLine.amount,
                               -SaleReturnLine.cogs))
               .join(SaleReturn, SaleReturn.id == SaleReturnLine.return_id)
               .join(Sale, Sale.id == SaleReturn.sale_id)
               .where(SaleReturn.local_day >= period.start, SaleReturn.local_day <= period.end))
    # One price per order and product (a product on two lines of one order: their average).
    priced = (select(OrderItem.order_id, OrderItem.product_id, func.sum(OrderItem.quantity).label("units"),
                     func.sum(OrderItem.quantity * OrderItem.unit_price).label("value"))
              .where(OrderItem.product_id.is_not(None))
              .group_by(OrderItem.order_id, OrderItem.product_id).subquery())
    units = -StockMovement.quantity
    value = func.coalesce(StockMovement.cost_value, StockMovement.quantity * func.coalesce(Product.cost, 0))
    revenue = case((priced.c.units > 0, (units * priced.c.value * 2 + priced.c.units) / (priced.c.units * 2)),
                   else_=0)
    orders = (select(*columns(local_day(session, StockMovement.created_at), Order.channel, StockMovement.product_id,
                              Order.phone, StockMovement.user_name, units, revenue, -value))
              .join(Order, Order.code == StockMovement.reference)
              .join(Product, Product.id == StockMovement.product_id)
              .join(priced, and_(priced.c.order_id == Order.id, priced.c.product_id == StockMovement.product_id),
                    isouter=True)
              .where(StockMovement.kind.in_(("shipment", "return")),
                     StockMovement.created_at >= period.utc_start, StockMovement.created_at < period.utc_end))
    return [sales, returns, orders]
