"""Plain read models of the catalogue: what crosses threads and reaches the window and the CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class CertificationData:
    kind: str
    number: str = ""
    issuer: str = ""
    expiry_date: date | None = None


@dataclass(frozen=True)
class ProductView:
    """A product as shown: every field plus its stock on hand."""

    id: int
    sku: str
    name: str
    description: str
    category: str
    unit: str
    price: int
    cost: int | None
    weight_g: int | None
    length_cm: float | None
    width_cm: float | None
    height_cm: float | None
    barcode: str | None
    province_code: int | None
    ward_code: int | None
    ocop_stars: int | None
    status: str
    low_stock_threshold: int
    bin_location: str
    version: int
    created_at: datetime
    updated_at: datetime
    on_hand: int = 0
    certifications: tuple[CertificationData, ...] = field(default_factory=tuple)
    # Stop selling a lot this many days before its expiry date (core.stock.sellable).
    stop_selling_days: int = 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        data["updated_at"] = self.updated_at.isoformat()
        data["stock"] = self.on_hand
        data["certifications"] = [
            {**asdict(c), "expiry_date": c.expiry_date.isoformat() if c.expiry_date else None}
            for c in self.certifications
        ]
        return data


# Every descriptive field a caller may set; the service validates each.
EDITABLE_FIELDS = (
    "name", "description", "category", "unit", "price", "cost", "weight_g", "length_cm", "width_cm",
    "height_cm", "barcode", "province_code", "ward_code", "ocop_stars", "status", "low_stock_threshold",
    "bin_location", "certifications", "stop_selling_days",
)
