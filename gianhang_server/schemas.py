"""Request and response bodies of the API, as pydantic models (they make the OpenAPI document)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

# Text with no control characters but tab and newlines (PostgreSQL refuses NUL in text).
_PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
MAX_MONEY = 1_000_000_000_000  # đồng

# Zero-width characters, BOM, soft hyphen and bidirectional controls: invisible, never meant.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060"
                                   "\u2066\u2067\u2068\u2069\ufeff"))


def _nfc(value: Any) -> Any:
    """Text is kept in one Unicode form (NFC), without invisible characters; controls are refused
    by each field's pattern."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).translate(_INVISIBLE))
    return value


Nfc = BeforeValidator(_nfc)
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Name = Annotated[str, Nfc, StringConstraints(min_length=1, max_length=255, pattern=_PRINTABLE)]
ShortText = Annotated[str, Nfc, StringConstraints(max_length=100, pattern=_PRINTABLE)]
LongText = Annotated[str, Nfc, StringConstraints(max_length=10_000, pattern=_PRINTABLE)]
Unit = Annotated[str, Nfc, StringConstraints(min_length=1, max_length=32, pattern=_PRINTABLE)]
Certification = Annotated[str, Nfc, StringConstraints(min_length=1, max_length=100, pattern=_PRINTABLE)]
Money = Annotated[int, Field(ge=0, le=MAX_MONEY, description="Whole đồng.")]
Centimetres = Annotated[int, Field(ge=0, le=10_000)]
ImageId = Annotated[str, StringConstraints(pattern=r"^img_[0-9a-f]{24}$")]

# Fields of the product representation a client may echo back in a PUT; they are ignored.
READ_ONLY_PRODUCT_FIELDS = ("quantity", "version", "images", "created_at", "updated_at")


class Origin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    province_code: int = Field(ge=1, le=99, description="Province code of the 2025 map (34 provinces).")
    ward_code: int | None = Field(default=None, ge=1, le=99_999, description="Ward code of the 2025 map, inside the province.")


class ProductIn(BaseModel):
    """A product as the seller describes it (PUT /products/{sku})."""

    model_config = ConfigDict(extra="forbid")

    sku: Sku | None = Field(default=None, description="Optional; must equal the SKU in the path.")
    name: Name
    description: LongText = ""
    category: ShortText | None = None
    unit: Unit | None = Field(default=None, description="Selling unit, e.g. hộp, kg, chai.")
    price: Money
    weight_g: int | None = Field(default=None, ge=0, le=1_000_000)
    length_cm: Centimetres | None = None
    width_cm: Centimetres | None = None
    height_cm: Centimetres | None = None
    barcode: Annotated[str, StringConstraints(pattern=r"^[0-9]{8,14}$")] | None = Field(default=None, description="GTIN-8/12/13/14 with a valid check digit.")
    origin: Origin | None = None
    ocop_stars: int | None = Field(default=None, ge=3, le=5, description="OCOP rating, 3 to 5 stars.")
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
    if_match: int | None = Field(default=None, ge=1, description="Like If-Match, for this item.")


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

    image_ids: list[ImageId] = Field(max_length=8, description="Ordered; the first is the cover.")


class StockItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    quantity: int | None = Field(default=None, ge=0, le=1_000_000_000)
    delta: int | None = Field(default=None, ge=-1_000_000_000, le=1_000_000_000)

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
    sale_from: AwareDatetime | None = None
    sale_to: AwareDatetime | None = None
    active: bool = True


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

    reason: Annotated[str, Nfc, StringConstraints(max_length=255, pattern=_PRINTABLE)] = ""


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
