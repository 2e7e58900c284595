"""COD reconciliation: the parcels delivered with cash on delivery set against what each carrier
remitted, differences flagged; exported to .xlsx with the differences highlighted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl.styles import PatternFill
from sqlalchemy import select

from .. import clock
from ..changes import Changes
from ..database import Database
from ..errors import ValidationError
from ..i18n import msg
from ..orders.models import Order
from ..spreadsheet.table_file import save_table
from ..spreadsheet.xlsx import Column
from .model import ShipmentStatus
from .models import Shipment

DIFF_FILL = PatternFill("solid", fgColor="F8CBAD")  # red: remitted differs from what was to be collected
WAIT_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: not remitted yet


class CodState(StrEnum):
    MATCHED = "matched"
    DIFFERENT = "different"
    NOT_REMITTED = "not_remitted"


STATE_LABELS = {CodState.MATCHED: ("Khớp", "Matched"), CodState.DIFFERENT: ("Lệch", "Different"),
                CodState.NOT_REMITTED: ("Chưa đối soát", "Not remitted yet")}


@dataclass(frozen=True)
class CodRow:
    order_code: str
    carrier: str
    tracking_code: str
    delivered_on: date | None
    cod_amount: int  # to collect (the order's COD)
    cod_collected: int | None  # what the courier collected, where the carrier reports it
    cod_remitted: int | None  # what the carrier paid us
    remitted_on: date | None
    difference: int | None  # remitted − to collect (negative: the carrier paid less)
    state: CodState

    def to_json(self) -> dict[str, Any]:
        return {"order": self.order_code, "carrier": self.carrier, "tracking_code": self.tracking_code,
                "delivered_on": self.delivered_on.isoformat() if self.delivered_on else None,
                "cod_amount": self.cod_amount, "cod_collected": self.cod_collected,
                "cod_remitted": self.cod_remitted,
                "remitted_on": self.remitted_on.isoformat() if self.remitted_on else None,
                "difference": self.difference, "state": self.state.value}


@dataclass
class CodReport:
    date_from: date
    date_to: date
    rows: list[CodRow] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        return {"cod_amount": sum(r.cod_amount for r in self.rows),
                "cod_remitted": sum(r.cod_remitted or 0 for r in self.rows),
                "different": sum(1 for r in self.rows if r.state == CodState.DIFFERENT),
                "not_remitted": sum(1 for r in self.rows if r.state == CodState.NOT_REMITTED)}

    def to_json(self) -> dict[str, Any]:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
                "rows": [r.to_json() for r in self.rows], "totals": self.totals}


def cod_report(db: Database, date_from: date, date_to: date) -> CodReport:
    """The COD parcels delivered between the two shop-local dates (inclusive), oldest first.
    Raises: ValidationError when the range is reversed."""
    if date_to < date_from:
        raise ValidationError("to", msg("Ngày kết thúc trước ngày bắt đầu", "The end date is before the start date"))
    start, _ = clock.local_day_bounds(date_from)
    _, end = clock.local_day_bounds(date_to)
    report = CodReport(date_from, date_to)
    with db.read_session() as session:
        stmt = (select(Shipment, Order.code).join(Order, Order.id == Shipment.order_id)
                .where(Shipment.cod_amount > 0, Shipment.delivered_at >= start, Shipment.delivered_at < end,
                       Shipment.status.in_([ShipmentStatus.DELIVERED.value]))
                .order_by(Shipment.delivered_at, Shipment.id))
        for shipment, code in session.execute(stmt):
            remitted = shipment.cod_remitted
            if remitted is None:
                state, diff = CodState.NOT_REMITTED, None
            else:
                diff = remitted - shipment.cod_amount
                state = CodState.MATCHED if diff == 0 else CodState.DIFFERENT
            report.rows.append(CodRow(code, shipment.carrier_name, shipment.tracking_code or "",
                                      clock.to_local(shipment.delivered_at).date() if shipment.delivered_at else None,
                                      shipment.cod_amount, shipment.cod_collected, remitted, shipment.remitted_on,
                                      diff, state))
    return report


def export_cod_report(report: CodReport, path: str | Path, lang: str | None = None) -> int:
    """Write the report to .xlsx (or .csv) with differences in red and unremitted rows in yellow."""
    en = lang == "en"
    headers = (["Order", "Carrier", "Waybill", "Delivered", "COD", "Collected", "Remitted", "Remitted on",
                "Difference", "State"] if en else
               ["Mã đơn", "Hãng", "Mã vận đơn", "Ngày giao", "Tiền thu hộ", "Đã thu", "Đã chuyển trả",
                "Ngày chuyển", "Chênh lệch", "Tình trạng"])
    kinds = ["text", "text", "text", "date", "money", "money", "money", "date", "money", "text"]
    columns = [Column(h, k) for h, k in zip(headers, kinds, strict=True)]
    rows, fills = [], {}
    for index, r in enumerate(report.rows, start=1):
        rows.append([r.order_code, r.carrier, r.tracking_code, r.delivered_on, r.cod_amount, r.cod_collected,
                     r.cod_remitted, r.remitted_on, r.difference, STATE_LABELS[r.state][1 if en else 0]])
        fill = DIFF_FILL if r.state == CodState.DIFFERENT else WAIT_FILL if r.state == CodState.NOT_REMITTED else None
        if fill is not None:
            for j in (6, 8, 9):
                fills[(index, j)] = fill
    return save_table(path, "COD", columns, rows, cell_fills=fills)


def record_remittance(db: Database, code: str, amount: int, on: date) -> Changes:
    """The clerk records what the carrier paid for the order's parcel (from the carrier's statement),
    for carriers whose API reports no remittance per parcel. Raises: NotFound, ValidationError."""
    from ..orders.service import get_order_row

    if amount < 0:
        raise ValidationError("amount", msg("Số tiền không được âm", "The amount must not be negative"))
    with db.session() as session:
        order = get_order_row(session, code)
        shipment = session.scalar(select(Shipment).where(Shipment.order_id == order.id,
                                                         Shipment.status != ShipmentStatus.CANCELLED.value)
                                  .order_by(Shipment.id.desc()).limit(1))
        if shipment is None:
            raise ValidationError("code", msg("Đơn {code} chưa gửi vận chuyển", "Order {code} was not shipped",
                                              code=order.code))
        shipment.cod_remitted, shipment.remitted_on = int(amount), on
        return Changes(orders=frozenset({order.id}))
