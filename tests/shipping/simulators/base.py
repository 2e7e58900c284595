"""What the carrier simulators share, on the marketplace simulators' harness
(tests/channels/simulators/base.py: loopback server, latency, faults such as "lost" — done, then
answered 504 — and a per-API rate limit): the old three-level master data, the parcels, and the
test's hands on the carrier side (move a parcel, remit COD, stop serving a ward, refuse a phone).

The master data is the pre-2025 map of the ``vietnamadminunits`` library (what the carriers' own
lists describe); each carrier simulator numbers it its own way. Nothing here imports the app.
"""

from __future__ import annotations

import io
import itertools
import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tests.channels.simulators.base import Reply, Request, Simulator, json_reply  # noqa: F401 - re-exported

LOCAL_STATUSES = ("created", "picked_up", "delivering", "delivered", "failed", "returning", "returned", "cancelled")


@dataclass(frozen=True)
class OldUnit:
    province: str
    district: str
    ward: str
    province_no: int
    district_no: int
    ward_no: int


@cache
def old_map() -> tuple[OldUnit, ...]:
    """Every old ward with running numbers per level (stable: sorted by the library's codes)."""
    from vietnamadminunits.database import query

    rows = query("SELECT province, district, ward, provinceCode, districtCode, wardCode FROM admin_units_legacy "
                 "WHERE ward IS NOT NULL AND ward != '' ORDER BY provinceCode, districtCode, wardCode")
    return tuple(OldUnit(r["province"], r["district"], r["ward"], int(r["provinceCode"]), int(r["districtCode"]),
                         int(r["wardCode"])) for r in rows)


def provinces() -> dict[int, str]:
    return {u.province_no: u.province for u in old_map()}


def districts(province_no: int | None = None) -> dict[int, tuple[str, int]]:
    return {u.district_no: (u.district, u.province_no) for u in old_map()
            if province_no is None or u.province_no == province_no}


def wards(district_no: int | None = None) -> dict[int, tuple[str, int]]:
    return {u.ward_no: (u.ward, u.district_no) for u in old_map() if district_no is None or u.district_no == district_no}


@dataclass
class Parcel:
    """A shipment as the carrier holds it."""

    tracking: str
    client_code: str
    status: str  # the carrier's own status value
    cod: int
    fee: int
    body: dict[str, Any]
    remitted: int | None = None
    remitted_on: str | None = None
    history: list[str] = field(default_factory=list)


class CarrierSimulator(Simulator):
    """Base of the four carrier simulators. Subclasses define ``status_names`` (local → carrier's)."""

    rate_per_s = 12.0  # the connectors keep 10/s: network jitter at full pace is not a refusal
    status_names: dict[str, Any] = {}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.parcels: dict[str, Parcel] = {}
        self.unserved: set[str] = set()  # ward names (folded by the subclass' own rules) not served
        self.refused_phones: set[str] = set()
        self.creates = 0
        self.refusal: str | None = None
        self._numbers = itertools.count(1)
        self.plock = threading.RLock()

    def next_number(self) -> int:
        return next(self._numbers)

    # -- the test's hands --------------------------------------------------------------------------

    def parcel(self, key: str) -> Parcel:
        with self.plock:
            for p in self.parcels.values():
                if key in (p.tracking, p.client_code):
                    return p
        raise KeyError(key)

    def set_status(self, key: str, status: str) -> None:
        """Move a parcel; ``status`` local ("picked_up", "delivered", …) or the carrier's own value."""
        with self.plock:
            p = self.parcel(key)
            p.status = self.status_names.get(status, status)
            p.history.append(str(p.status))

    def remit(self, key: str, amount: int | None = None, on: str = "2026-11-30") -> None:
        """The carrier pays the parcel's COD (or ``amount``) to the shop."""
        with self.plock:
            p = self.parcel(key)
            p.remitted = p.cod if amount is None else amount
            p.remitted_on = on

    def refuse_next(self, message: str) -> None:
        """The next create is refused by the carrier with ``message`` (its own error shape)."""
        with self.plock:
            self.refusal = message

    def take_refusal(self) -> str | None:
        with self.plock:
            message, self.refusal = self.refusal, None
            return message

    def _dispatch(self, request: Request) -> Reply | None:
        """The harness's dispatch, plus the fault "late": the carrier does the call, then answers
        only after the client's read time-out (a time-out after the shipment was created)."""
        with self.lock:
            late = next((f for f in self.faults if f.kind == "late" and (f.path is None or f.path == request.path)),
                        None)
            if late is not None:
                late.times -= 1
                if late.times <= 0:
                    self.faults.remove(late)
        if late is None:
            return super()._dispatch(request)
        self.route(request)
        self._release.wait(8.0)
        return json_reply({"message": "late"}, 504)

    def stop_serving(self, ward: str) -> None:
        self.unserved.add(ward)

    def refuse_phone(self, phone: str) -> None:
        self.refused_phones.add(phone)

    def credentials(self) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def launch(cls, latency: float = 0.0, **options: Any):
        sim = cls(latency=latency, **options)
        sim.start()
        return sim


def missing(body: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    """The required fields absent or empty in ``body``."""
    return [f for f in fields if body.get(f) in (None, "", [])]


PAPERS_MM = {"A5": (148, 210), "A6": (105, 148), "80x80": (80, 80), "52x70": (52, 70)}


def label_pdf(carrier: str, paper: str, parcels: list[tuple[str, str]]) -> bytes:
    """The carrier's label PDF as its print page hands it out: one page of ``paper`` (A5, A6, 80x80,
    52x70 mm) per (our order code, tracking code), the tracking code as a Code 128 barcode (what
    the carriers print, for the courier's scanner) and as text."""
    from reportlab.graphics.barcode import code128
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    width, height = (v * mm for v in PAPERS_MM[paper])
    small = min(width, height) < 60 * mm
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    for order_code, tracking in parcels:
        margin = 3 * mm
        pdf.rect(margin / 2, margin / 2, width - margin, height - margin)
        pdf.setFont("Helvetica-Bold", 9 if small else 12)
        pdf.drawString(margin, height - margin - 10, f"{carrier} {paper} AWB")
        pdf.setFont("Helvetica", 7 if small else 10)
        pdf.drawString(margin, height - margin - 24, f"ORDER {order_code}")
        pdf.drawString(margin, height - margin - 36, f"TRACKING {tracking}")
        bar_height = (12 if small else 18) * mm
        barcode = code128.Code128(tracking, barHeight=bar_height, barWidth=1.0, quiet=True, lquiet=4, rquiet=4)
        scale = min(1.0, (width - 2 * margin) / barcode.width)
        barcode.barWidth = max(0.6, scale)  # keep the narrowest bar readable on a thermal roll
        barcode.drawOn(pdf, margin, margin + 6)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
