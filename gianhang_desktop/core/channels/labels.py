"""The marketplaces' own shipping labels: arranged first where needed, fetched in the platform's
batches and merged page for page into one PDF, exactly as delivered (no cropping or scaling), so
many orders print as one job. Orders the cooperative ships itself keep the app's own label."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from sqlalchemy import select

from ..changes import Changes
from ..database import Database
from ..errors import ValidationError
from ..i18n import msg
from ..tasks import CancelToken, ProgressFn, report
from .errors import BadResponse
from .limits import Endpoint
from .models import ChannelAccount, ChannelOrderRecord
from .scheduler import SHARED, Scheduler
from .shipping import _apply_shipment, record_for, shipment_ref


@dataclass
class LabelJob:
    """What `channel awb` wrote: the orders in print order and the pages from each."""

    out_pages: int = 0
    orders: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    arranged: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    """The orders whose shipment was arranged on the way (their tracking code may be new)."""

    def to_json(self) -> dict:
        return {"orders": self.orders, "pages": self.out_pages, "pages_per_order": self.pages,
                "arranged": self.arranged}


def _pdf_pages(data: bytes, platform: str) -> list:
    try:
        return list(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, OSError) as error:
        raise BadResponse(platform, 200, f"not a readable PDF: {error}") from None


def shipping_labels(db: Database, codes: Sequence[str], out, *, factory=None, scheduler: Scheduler = SHARED,
                    progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> LabelJob:
    """Write the platforms' labels of ``codes`` (order codes or channel order ids) into ``out`` as one
    PDF, in the order given (each order once). Orders whose shipment was not arranged yet are
    arranged first (`LabelJob.arranged`, `.changes`).

    Raises:
        ValidationError("codes"): no order given.
        NotFound: an unknown or non-marketplace order.
        ChannelError: the platform refused (nothing is written).
    """
    from .service import _factory

    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not wanted:
        raise ValidationError("codes", msg("Chưa chọn đơn nào", "No order given"))
    with db.read_session() as session:
        found = []
        for code in wanted:
            order, record = record_for(session, code)
            account = session.get(ChannelAccount, record.account_id)
            found.append((order.code, record.id, account))
    make = _factory(db, factory, cancel)
    connectors = {}
    job = LabelJob()
    documents: dict[int, bytes] = {}
    by_account: dict[int, list[tuple[str, int]]] = {}
    for code, record_id, account in found:
        by_account.setdefault(account.id, []).append((code, record_id))
    done = 0
    try:
        for account_id, entries in by_account.items():
            account = next(a for _c, _r, a in found if a.id == account_id)
            connector = connectors.setdefault(account_id, make(account))
            refs = []
            for code, record_id in entries:
                with db.read_session() as session:
                    record = session.get(ChannelOrderRecord, record_id)
                    ref, arranged = shipment_ref(record), record.arranged_at is not None
                if not arranged:  # the platform prints a label only for an arranged shipment
                    shipment = scheduler.call(account.name, connector.limits, Endpoint.SHIPMENT, connector.with_auth,
                                              connector.arrange_shipment, ref, cancel=cancel)
                    with db.session() as session:
                        record = session.get(ChannelOrderRecord, record_id)
                        _apply_shipment(session, record, shipment)
                        ref = shipment_ref(record)
                        job.changes |= Changes(orders=frozenset({record.order_id}), channels=True)
                    job.arranged.append(code)
                refs.append((code, record_id, ref))
            size = max(1, connector.limits.of(Endpoint.DOCUMENT).batch)
            for start in range(0, len(refs), size):
                chunk = refs[start:start + size]
                data = scheduler.call(account.name, connector.limits, Endpoint.DOCUMENT, connector.with_auth,
                                      connector.shipping_document, [r for _c, _i, r in chunk], cancel=cancel)
                if len(chunk) == 1:
                    documents[chunk[0][1]] = data
                else:  # one PDF for the batch: kept whole, credited to its first order
                    documents[chunk[0][1]] = data
                    for _code, record_id, _ref in chunk[1:]:
                        documents.setdefault(record_id, b"")
                done += len(chunk)
                report(progress, done / len(found), msg("Đã tải {n} nhãn", "{n} labels fetched", n=done).text())
    finally:
        for connector in connectors.values():
            connector.close()
    writer = PdfWriter()
    for code, record_id, account in found:
        data = documents.get(record_id, b"")
        pages = _pdf_pages(data, account.platform) if data else []
        for page in pages:
            writer.add_page(page)
        job.orders.append(code)
        job.pages[code] = len(pages)
    job.out_pages = len(writer.pages)
    writer.write(out)
    return job


def marketplace_codes(db: Database, codes: Sequence[str]) -> list[str]:
    """Which of ``codes`` are marketplace orders (the window picks the label kind per order)."""
    from ..orders.models import Order

    with db.read_session() as session:
        rows = session.execute(select(Order.code).join(ChannelOrderRecord, ChannelOrderRecord.order_id == Order.id)
                               .where(Order.code.in_(list(codes)))).scalars()
        return list(rows)


def order_labels(db: Database, codes: Sequence[str], out, size: str, *, factory=None, scheduler: Scheduler = SHARED,
                 progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> LabelJob:
    """One PDF for a selection of orders, as the window prints it: each marketplace order's label
    is the platform's own (arranged first where needed, pages as delivered), every other order's
    is the app's own label in ``size``; pages follow the order of ``codes``. Nothing is written
    when anything fails.

    Raises:
        ValidationError: no order given, or an app label that cannot be drawn.
        NotFound: an unknown order.
        ChannelError: the platform refused or could not be reached (from `shipping_labels`).
    """
    from ..orders.documents import render_order_labels

    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not wanted:
        raise ValidationError("codes", msg("Chưa chọn đơn nào", "No order given"))
    marketplace = set(marketplace_codes(db, wanted))
    pages: dict[str, list] = {}
    job = LabelJob()
    if marketplace:
        ordered = [c for c in wanted if c in marketplace]
        buffer = io.BytesIO()
        fetched = shipping_labels(db, ordered, buffer, factory=factory, scheduler=scheduler, progress=progress,
                                  cancel=cancel)
        reader_pages = list(PdfReader(io.BytesIO(buffer.getvalue())).pages) if fetched.out_pages else []
        at = 0
        for code in fetched.orders:
            pages[code] = reader_pages[at:at + fetched.pages[code]]
            at += fetched.pages[code]
        job.arranged = fetched.arranged
    own = [c for c in wanted if c not in marketplace]
    if own:
        buffer = io.BytesIO()
        render_order_labels(db, own, buffer, size)
        own_pages = list(PdfReader(io.BytesIO(buffer.getvalue())).pages)
        # Several of the app's labels may share a page (a4x4): keep its pages together, first own order's place.
        pages[own[0]] = own_pages
        for code in own[1:]:
            pages.setdefault(code, [])
    writer = PdfWriter()
    for code in wanted:
        for page in pages.get(code, []):
            writer.add_page(page)
        job.orders.append(code)
        job.pages[code] = len(pages.get(code, []))
    job.out_pages = len(writer.pages)
    writer.write(out)
    return job
