"""The carriers' own labels: fetched per account in its batches and merged page for page into one
PDF, as delivered (no cropping or scaling), so many orders go to the printer as one job."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from sqlalchemy import select

from ..channels.errors import BadResponse
from ..channels.http import HttpOptions
from ..channels.scheduler import SHARED, Scheduler
from ..database import Database
from ..errors import NotFound, ValidationError
from ..i18n import msg
from .carrier import CarrierEndpoint
from .model import LabelSize
from .models import CarrierAccount
from .service import ConnectorFactory, _factory, live_shipment, scheduler_key


@dataclass
class LabelJob:
    orders: list[str] = field(default_factory=list)
    pages: int = 0

    def to_json(self) -> dict:
        return {"orders": self.orders, "pages": self.pages}


def _pages(data: bytes, carrier: str) -> list:
    try:
        return list(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, OSError) as error:
        raise BadResponse(carrier, 200, f"not a readable PDF: {error}") from None


def parse_size(text: str | None) -> LabelSize | None:
    if not text:
        return None
    wanted = text.strip().upper().replace("×", "X")
    for size in LabelSize:
        if size.value.upper() == wanted:
            return size
    raise ValidationError("size", msg("Khổ nhãn không hợp lệ: {s} (A5, A6, 80x80, 52x70)",
                                      "Unknown label size {s} (A5, A6, 80x80, 52x70)", s=text))


def carrier_labels(db: Database, codes: Sequence[str], out, *, size: LabelSize | None = None,
                   http: HttpOptions | None = None, factory: ConnectorFactory | None = None,
                   scheduler: Scheduler = SHARED) -> LabelJob:
    """Write the carriers' labels of ``codes`` (in the order given) into ``out`` as one PDF.

    Raises: NotFound (an order without a waybill), ValidationError (a size the carrier does not
    print), ChannelError (the carrier refused; nothing is written)."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not wanted:
        raise ValidationError("codes", msg("Chưa chọn đơn nào", "No order given"))
    found: list[tuple[str, str, int]] = []
    accounts: dict[int, CarrierAccount] = {}
    with db.read_session() as session:
        for code in wanted:
            shipment = live_shipment(session, code)
            if not shipment.tracking_code or shipment.account_id is None:
                raise NotFound(msg("Đơn {code} chưa có mã vận đơn của hãng", "Order {code} has no carrier waybill yet",
                                   code=code))
            found.append((code, shipment.tracking_code, shipment.account_id))
            if shipment.account_id not in accounts:
                row = session.scalar(select(CarrierAccount).where(CarrierAccount.id == shipment.account_id))
                session.expunge(row)
                accounts[row.id] = row
    make = factory or _factory(http, None)
    documents: dict[str, list] = {}
    for account_id, row in accounts.items():
        connector = make(row)
        try:
            if size is not None and size not in connector.label_sizes:
                raise ValidationError("size", msg("{carrier} không in khổ {size} (có: {sizes})",
                                                  "{carrier} does not print {size} (it has: {sizes})",
                                                  carrier=connector.display_name, size=size.value,
                                                  sizes=", ".join(s.value for s in connector.label_sizes)))
            mine = [(c, t) for c, t, a in found if a == account_id]
            batch = max(1, connector.limits.of(CarrierEndpoint.LABEL).batch)
            for start in range(0, len(mine), batch):
                chunk = mine[start:start + batch]
                data = scheduler.call(scheduler_key(row), connector.limits, CarrierEndpoint.LABEL, connector.label,
                                      [t for _c, t in chunk], size)
                pages = _pages(data, connector.display_name)
                documents[chunk[0][0]] = pages  # a batch's PDF stays whole, in its first order's place
                for code, _t in chunk[1:]:
                    documents.setdefault(code, [])
        finally:
            connector.close()
    writer = PdfWriter()
    job = LabelJob()
    for code, _t, _a in found:
        for page in documents.get(code, []):
            writer.add_page(page)
        job.orders.append(code)
    job.pages = len(writer.pages)
    writer.write(out)
    return job
