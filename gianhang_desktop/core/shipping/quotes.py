"""Quotes: every configured carrier asked in parallel for its services' fee and expected delivery."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..channels.http import HttpOptions
from ..channels.scheduler import SHARED, Scheduler
from ..database import Database
from ..errors import GianHangError, NotFound
from ..i18n import msg
from ..orders.service import get_order_row
from ..tasks import CancelToken
from .accounts import account_row
from .carrier import Carrier, CarrierEndpoint
from .model import Parcel, Quote
from .models import CarrierAccount
from .parcels import ShipOptions, build_parcel
from .service import ConnectorFactory, _error_text, _factory, _parcel_for, scheduler_key


@dataclass
class QuoteResult:
    """Every configured carrier's services for one order; a carrier that failed is in ``errors``."""

    order_code: str
    quotes: list[Quote] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # account name -> message

    def to_json(self) -> dict[str, Any]:
        return {"order": self.order_code, "quotes": [q.to_json() for q in self.quotes], "errors": self.errors}


def quote_order(db: Database, code: str, options: ShipOptions | None = None, *, accounts: Sequence[str] | None = None,
                http: HttpOptions | None = None, factory: ConnectorFactory | None = None,
                scheduler: Scheduler = SHARED, cancel: CancelToken | None = None) -> QuoteResult:
    """Ask every configured carrier (or ``accounts``) in parallel for its services' fee and ETA.

    Raises NotFound (order or account), and the order's own bad input (MissingWeight,
    PhoneRefused, ValidationError) before any call; a carrier's own failure is kept per carrier.

    Raises: NotFound, ValidationError and the parcel's checks (see above).
    """
    options = options or ShipOptions()
    make = factory or _factory(http, cancel)
    with db.read_session() as session:
        order = get_order_row(session, code)
        rows = ([account_row(session, name) for name in accounts] if accounts
                else list(session.scalars(select(CarrierAccount).order_by(CarrierAccount.name))))
        if not rows:
            raise NotFound(msg("Chưa có tài khoản vận chuyển nào (thêm bằng: carrier add)",
                               "No carrier account yet (add one with: carrier add)"))
        build_parcel(session, order, order.code, options, "")  # the order's own faults, once, before any call
        jobs: list[tuple[CarrierAccount, Carrier, Parcel | None, str | None]] = []
        for row in rows:
            session.expunge(row)
            connector = make(row)
            try:
                jobs.append((row, connector, _parcel_for(session, order, order.code, options, connector), None))
            except GianHangError as error:
                jobs.append((row, connector, None, _error_text(error)))
    result = QuoteResult(order.code)

    def ask(job):
        row, connector, parcel, problem = job
        if problem is not None:
            return row, problem
        try:
            return row, scheduler.call(scheduler_key(row), connector.limits, CarrierEndpoint.QUOTE, connector.quote,
                                       parcel, cancel=cancel)
        except GianHangError as error:
            return row, _error_text(error)

    try:
        with ThreadPoolExecutor(max_workers=max(1, len(jobs)), thread_name_prefix="quote") as pool:
            for row, answer in pool.map(ask, jobs):
                if isinstance(answer, str):
                    result.errors[row.name] = answer
                else:
                    result.quotes.extend(answer)
    finally:
        for _row, connector, _p, _e in jobs:
            connector.close()
    result.quotes.sort(key=lambda q: (q.fee, q.carrier, q.service))
    return result


