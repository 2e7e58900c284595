"""The plain shapes every carrier connector takes and returns (the rest of the core never sees a
carrier's JSON). Money in đồng, weights in grams, sizes in whole centimetres, times in UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class CarrierName(StrEnum):
    GHN = "ghn"
    GHTK = "ghtk"
    VIETTELPOST = "viettelpost"
    VNPOST = "vnpost"


class ShipmentStatus(StrEnum):
    """Our view of a parcel, whatever the carrier calls it."""

    SENDING = "sending"  # our create call is under way (or its answer was lost): not yet known
    CREATED = "created"  # the carrier has it; waiting for pickup (or drop-off)
    PICKED_UP = "picked_up"
    DELIVERING = "delivering"
    DELIVERED = "delivered"
    FAILED = "failed"  # a delivery attempt failed; the carrier will try again or return it
    RETURNING = "returning"
    RETURNED = "returned"  # the carrier says it is back with us: waiting for the clerk's check
    RECEIVED_BACK = "received_back"  # the clerk received it: stock given back
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({ShipmentStatus.SENDING, ShipmentStatus.CREATED, ShipmentStatus.PICKED_UP,
                           ShipmentStatus.DELIVERING, ShipmentStatus.FAILED, ShipmentStatus.RETURNING})
# Statuses in which the parcel is no longer ours to poll or act on (RETURNED waits for the clerk).
CLOSED_STATUSES = frozenset({ShipmentStatus.DELIVERED, ShipmentStatus.RECEIVED_BACK, ShipmentStatus.CANCELLED,
                             ShipmentStatus.RETURNED})

STATUS_LABELS = {
    ShipmentStatus.SENDING: ("Đang gửi yêu cầu", "Sending"),
    ShipmentStatus.CREATED: ("Chờ lấy hàng", "Waiting for pickup"),
    ShipmentStatus.PICKED_UP: ("Đã lấy hàng", "Picked up"),
    ShipmentStatus.DELIVERING: ("Đang giao", "Delivering"),
    ShipmentStatus.DELIVERED: ("Đã giao", "Delivered"),
    ShipmentStatus.FAILED: ("Giao thất bại", "Delivery failed"),
    ShipmentStatus.RETURNING: ("Đang hoàn về", "Returning"),
    ShipmentStatus.RETURNED: ("Đã hoàn về – chờ nhận lại", "Returned – to be received"),
    ShipmentStatus.RECEIVED_BACK: ("Đã nhận lại hàng hoàn", "Received back"),
    ShipmentStatus.CANCELLED: ("Đã hủy", "Cancelled"),
}


class LabelSize(StrEnum):
    """Label paper: A5, A6, and the thermal rolls 80×80 and 52×70 mm (what each carrier offers)."""

    A5 = "A5"
    A6 = "A6"
    P80X80 = "80x80"
    P52X70 = "52x70"


@dataclass(frozen=True)
class LegacyAddress:
    """The same place on the pre-2025 three-level map (names as the old map spelled them)."""

    province: str
    district: str
    ward: str
    key: str  # the library's "province_district_ward" key

    @property
    def text(self) -> str:
        return ", ".join(p for p in (self.ward, self.district, self.province) if p)


@dataclass(frozen=True)
class Party:
    """A sender or receiver: name, phone (0xxxxxxxxx), street line and the 2025 two-level address."""

    name: str
    phone: str
    address_line: str
    province_code: int | None
    ward_code: int | None
    province: str  # 2025 names ("Thành phố Hà Nội", "Phường Hoàn Kiếm")
    ward: str
    original_text: str = ""  # the address as first given (may name old wards/districts)
    legacy: LegacyAddress | None = None  # filled only for carriers that want the old map

    @property
    def full_text(self) -> str:
        return ", ".join(p for p in (self.address_line, self.ward, self.province) if p)


@dataclass(frozen=True)
class ParcelItem:
    name: str
    sku: str
    quantity: int
    price: int  # đồng, unit price
    weight_g: int  # per unit


@dataclass(frozen=True)
class Parcel:
    """What one shipment carries, built from an order (core/shipping/parcels.py)."""

    client_code: str  # our order code (idempotency key at the carrier): "GH-2611-0001", "…-2" after a cancel
    order_code: str
    sender: Party
    receiver: Party
    items: tuple[ParcelItem, ...]
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    cod_amount: int  # đồng collected from the buyer
    insured_value: int  # declared value, đồng
    pickup: bool = True  # True: the carrier picks up; False: we drop it off at a post office
    note: str = ""
    content: str = ""  # what is inside, for the waybill


@dataclass(frozen=True)
class Quote:
    """One service's price for one parcel."""

    carrier: str  # account name
    carrier_kind: str  # ghn, ghtk, …
    service: str  # the carrier's service code (as `ship create --service` takes it)
    service_name: str
    fee: int  # đồng, total the carrier charges
    eta: date | None = None  # expected delivery date (shop's local date), None when the carrier gives none
    eta_text: str = ""
    note: str = ""

    def to_json(self) -> dict:
        return {"carrier": self.carrier, "carrier_kind": self.carrier_kind, "service": self.service,
                "service_name": self.service_name, "fee": self.fee,
                "eta": self.eta.isoformat() if self.eta else None, "eta_text": self.eta_text, "note": self.note}


@dataclass(frozen=True)
class CreatedShipment:
    """The carrier's answer to a create (or a lookup by our code)."""

    tracking_code: str
    client_code: str
    fee: int | None = None
    expected_delivery: date | None = None
    carrier_status: str = ""
    sort_code: str = ""  # the carrier's routing code printed on the label, where given


@dataclass(frozen=True)
class TrackingUpdate:
    """One parcel's state as the carrier reports it now."""

    tracking_code: str
    carrier_status: str  # the carrier's own code/text, kept for the clerk
    status: ShipmentStatus
    detail: str = ""
    updated_at: datetime | None = None
    cod_collected: int | None = None  # đồng the courier collected, where reported
    cod_remitted: int | None = None  # đồng the carrier paid us for this parcel, where reported
    remitted_on: date | None = None
    fee: int | None = None  # final fee, where reported


@dataclass
class CarrierSecrets:
    """The credentials under the carrier's own key names (GHN ``token``/``shop_id``, …)."""

    values: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"CarrierSecrets(keys={sorted(self.values)})"
