"""Request and response bodies of the API, as pydantic models (they make the OpenAPI document)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from vietnam_provinces import Province

# Text with no control characters but tab and newlines: no other C0 character, no DEL, no C1
# (U+0080-U+009F, NEL and the rest: invisible, and PostgreSQL refuses NUL in text).
_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_PRINTABLE = rf"^[^{_CONTROLS}]*$"
MAX_MONEY = 1_000_000_000_000  # đồng
# Times a client sends (listing sale dates) lie in these years, in UTC.
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Zero-width characters, BOM, soft hyphen and bidirectional controls: invisible, never meant.
_INVISIBLE_CHARACTERS = "\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARACTERS))
# A required text holds at least one character that is neither a control nor invisible (those are
# dropped, and an empty name is no name).
_VISIBLE = (rf"^[^{_CONTROLS}]*[^{_CONTROLS}\t\n\r"
            + "".join(f"\\u{ord(c):04x}" for c in _INVISIBLE_CHARACTERS) + rf"][^{_CONTROLS}]*$")


def _nfc(value: Any) -> Any:
    """Text is kept in one Unicode form (NFC), without invisible characters; controls are refused
    by each field's pattern."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).translate(_INVISIBLE))
    return value


# After the constraints in each Annotated[...]: it still runs first (a "before" validator), and
# the constraints' pattern stays in the OpenAPI document.
Nfc = BeforeValidator(_nfc)


def _within_years(value: datetime) -> datetime:
    """A time written with a year from FIRST_YEAR to LAST_YEAR (so that it also has a UTC form:
    9999-12-31T23:00-14:00 would be year 10000 in UTC)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    value.astimezone(UTC)
    return value


# JSON integers and booleans only: `true`, `1.0` or `"185000"` for a price is refused, not coerced.
Int = StrictInt
def _iso_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("a time is written as ISO 8601 text with a zone, e.g. 2026-12-01T00:00:00+07:00")
    return value


ClientTime = Annotated[
    AwareDatetime, AfterValidator(_within_years), BeforeValidator(_iso_text),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": r"^(?:20[0-9]{2}|2100)-",
                    "description": f"With a zone (Z or ±hh:mm); years {FIRST_YEAR} to {LAST_YEAR}."}),
]
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
TEXT_PATTERNS = {
    _PRINTABLE: "Control characters are not allowed (only tab and line breaks).",
    _VISIBLE: "Needs at least one visible character; control characters are not allowed (only tab and line breaks).",
}
Name = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=_VISIBLE), Nfc]
ShortText = Annotated[str, StringConstraints(max_length=100, pattern=_PRINTABLE), Nfc]
LongText = Annotated[str, StringConstraints(max_length=10_000, pattern=_PRINTABLE), Nfc]
Unit = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=_VISIBLE), Nfc]
Certification = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=_VISIBLE), Nfc]
Money = Annotated[StrictInt, Field(ge=0, le=MAX_MONEY, description="Whole đồng, a JSON integer.")]
Centimetres = Annotated[StrictInt, Field(ge=0, le=10_000)]
ImageId = Annotated[str, StringConstraints(pattern=r"^img_[0-9a-f]{24}$")]

PROVINCE_CODES = sorted(province.code.value for province in Province.iter_all())

# Fields of the product representation a client may echo back in a PUT; they are ignored.
READ_ONLY_PRODUCT_FIELDS = ("quantity", "version", "images", "created_at", "updated_at")


class Origin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    province_code: Int = Field(ge=1, le=99, description="Province code of the 2025 map (34 provinces).",
                               json_schema_extra={"enum": PROVINCE_CODES})
    ward_code: Int | None = Field(default=None, ge=1, le=99_999, description="Ward code of the 2025 map, inside the province.")


class ProductIn(BaseModel):
    """A product as the seller describes it (PUT /products/{sku})."""

    model_config = ConfigDict(extra="forbid")

    sku: Sku | None = Field(default=None, description="Optional; must equal the SKU in the path.")
    name: Name
    description: LongText = ""
    category: ShortText | None = None
    unit: Unit | None = Field(default=None, description="Selling unit, e.g. hộp, kg, chai.")
    price: Money
    weight_g: Int | None = Field(default=None, ge=0, le=1_000_000)
    length_cm: Centimetres | None = None
    width_cm: Centimetres | None = None
    height_cm: Centimetres | None = None
    barcode: Annotated[str, StringConstraints(pattern=r"^(?:[0-9]{8}|[0-9]{12,14})$")] | None = Field(default=None, description="GTIN-8/12/13/14 with a valid check digit.")
    origin: Origin | None = None
    ocop_stars: Int | None = Field(default=None, ge=3, le=5, description="OCOP rating, 3 to 5 stars.")
    certifications: list[Certification] = Field(default_factory=list, max_length=20)
    status: Literal["active", "archived"] = "active"

    @model_validator(mode="before")
    @classmethod
    def _drop_read_only(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if k not in READ_ONLY_PRODUCT_FIELDS}
        return value


class BatchProductIn(ProductIn):
    sku: Sku
    if_match: Int | None = Field(default=None, ge=1, description="Like If-Match, for this item.")


class ProductBatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[BatchProductIn] = Field(min_length=1, max_length=100)


class GalleryImageOut(BaseModel):
    image_id: str
    url: str
    width: int
    height: int


class ProductOut(BaseModel):
    sku: str
    name: str
    description: str
    category: str | None
    unit: str | None
    price: int
    weight_g: int | None
    length_cm: int | None
    width_cm: int | None
    height_cm: int | None
    barcode: str | None
    origin: Origin | None
    ocop_stars: int | None
    certifications: list[str]
    status: Literal["active", "archived"]
    quantity: int = Field(description="Current sellable quantity.")
    version: int
    images: list[GalleryImageOut]
    created_at: datetime
    updated_at: datetime


class ProductPage(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None


class ItemError(BaseModel):
    code: str
    message: str
    details: Any = None


class ProductBatchResult(BaseModel):
    sku: str
    ok: bool
    status: int = Field(description="The status the item would have had as a single PUT.")
    product: ProductOut | None = None
    error: ItemError | None = None


class ProductBatchOut(BaseModel):
    results: list[ProductBatchResult]


class ImageOut(BaseModel):
    image_id: str
    url: str = Field(description="Path of the image on this server; fetching it needs a signed GET.")
    width: int
    height: int
    sha256: str
    content_type: str
    size: int


class GalleryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    image_ids: list[ImageId] = Field(max_length=8, description="Ordered; the first is the cover; each once.",
                                     json_schema_extra={"uniqueItems": True})


class StockItemIn(BaseModel):
    # Exactly one of quantity and delta is an integer (the other absent or null).
    model_config = ConfigDict(extra="forbid", json_schema_extra={"oneOf": [
        {"properties": {"quantity": {"type": "integer"}}, "required": ["quantity"]},
        {"properties": {"delta": {"type": "integer"}}, "required": ["delta"]},
    ]})

    sku: Sku
    quantity: Int | None = Field(default=None, ge=0, le=1_000_000_000)
    delta: Int | None = Field(default=None, ge=-1_000_000_000, le=1_000_000_000)

    @model_validator(mode="after")
    def _one_of(self) -> StockItemIn:
        if (self.quantity is None) == (self.delta is None):
            raise ValueError("give exactly one of quantity or delta")
        return self


class StockBatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[StockItemIn] = Field(min_length=1, max_length=50)


class StockResult(BaseModel):
    sku: str
    ok: bool
    quantity: int | None = None
    version: int | None = None
    error: ItemError | None = None


class StockBatchOut(BaseModel):
    results: list[StockResult]


class ListingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    price: Money
    sale_price: Money | None = None
    sale_from: ClientTime | None = None
    sale_to: ClientTime | None = None
    active: StrictBool = True


class ReviewReason(BaseModel):
    code: str
    message: str


class ListingOut(BaseModel):
    sku: str
    price: int
    sale_price: int | None
    sale_from: datetime | None
    sale_to: datetime | None
    active: bool
    status: Literal["pending_review", "approved", "rejected"]
    reasons: list[ReviewReason]
    live: bool = Field(description="Approved, active, and the product is active.")
    version: int
    submitted_at: datetime
    reviewed_at: datetime | None


OrderStatus = Literal["unpaid", "paid", "confirmed", "packed", "shipped", "delivered", "completed", "cancelled", "returned"]


class OrderItemOut(BaseModel):
    sku: str
    name: str
    quantity: int
    unit_price: int


class OrderEvent(BaseModel):
    status: str
    at: datetime


class OrderOut(BaseModel):
    code: str
    status: OrderStatus
    payment_method: Literal["cod", "prepaid"]
    buyer_name: str
    phone: str
    address_line: str
    province_code: int
    ward_code: int
    items: list[OrderItemOut]
    items_total: int
    shipping_fee: int
    cod_amount: int = Field(description="What the carrier collects on delivery; 0 when prepaid.")
    note: str
    tracking_number: str | None
    cancel_reason: str | None
    history: list[OrderEvent]
    version: int
    created_at: datetime
    updated_at: datetime


class OrderPage(BaseModel):
    items: list[OrderOut]
    next_cursor: str | None


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(max_length=255, pattern=_PRINTABLE), Nfc] = ""


class ShipIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tracking_number: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{4,32}$")] | None = None


class ChangeOut(BaseModel):
    seq: int
    type: Literal["order.created", "order.updated", "listing.updated", "listing.reviewed", "product.updated"]
    key: str = Field(description="The SKU or the order code.")
    data: dict[str, Any]


class ChangePage(BaseModel):
    changes: list[ChangeOut]
    next_cursor: str = Field(description="Always present: save it and pass it back to continue.")
    has_more: bool


class ShopOut(BaseModel):
    shop_id: int
    name: str
    key: str


class Health(BaseModel):
    status: Literal["ok"]
    time: int
