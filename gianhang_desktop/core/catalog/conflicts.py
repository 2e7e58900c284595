"""Two people editing one product: the second save is refused with both values of each field.

The product's `version` grows on every saved change; an editor saves with the version it was
opened at (`expected_version`), and `modify_product` compares it under the row's lock, so the
check and the write cannot be split by another PC's save. Nothing is ever silently overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .. import clock
from ..errors import Conflict
from ..i18n import Msg, msg
from ..money import format_vnd

FIELD_LABELS: dict[str, Msg] = {
    "name": msg("Tên sản phẩm", "Name"), "description": msg("Mô tả", "Description"),
    "category": msg("Danh mục", "Category"), "unit": msg("Đơn vị tính", "Unit"),
    "price": msg("Giá bán", "Price"), "cost": msg("Giá vốn", "Cost"),
    "weight_g": msg("Khối lượng (g)", "Weight (g)"), "length_cm": msg("Dài (cm)", "Length (cm)"),
    "width_cm": msg("Rộng (cm)", "Width (cm)"), "height_cm": msg("Cao (cm)", "Height (cm)"),
    "barcode": msg("Mã vạch", "Barcode"), "province_code": msg("Tỉnh/thành", "Province"),
    "ward_code": msg("Phường/xã", "Ward"), "ocop_stars": msg("Hạng OCOP", "OCOP stars"),
    "status": msg("Trạng thái", "Status"), "low_stock_threshold": msg("Tồn tối thiểu", "Low stock"),
    "bin_location": msg("Vị trí", "Location"), "certifications": msg("Chứng nhận", "Certifications"),
}
MONEY_FIELDS = ("price", "cost")


@dataclass(frozen=True)
class FieldDifference:
    """One field where the value being saved differs from the one saved meanwhile."""

    field: str
    mine: Any
    saved: Any

    def label(self, lang: str | None = None) -> str:
        label = FIELD_LABELS.get(self.field)
        return label.text(lang) if label else self.field

    def shown(self, value: Any, lang: str | None = None) -> str:
        return show_value(self.field, value, lang)


def show_value(field: str, value: Any, lang: str | None = None) -> str:
    """A field's value as a person reads it ("120.000 ₫", "(trống)", "VietGAP 123")."""
    if value is None or value == "" or value == []:
        return msg("(trống)", "(empty)").text(lang)
    if field in MONEY_FIELDS and isinstance(value, int):
        return format_vnd(value)
    if field == "status":
        return (msg("đang bán", "active") if value == "active" else msg("đã lưu trữ", "archived")).text(lang)
    if field == "certifications":
        return ", ".join(" ".join(str(p) for p in (c.get("kind"), c.get("number")) if p) for c in value)
    return str(value)


class ProductEditConflict(Conflict):
    """The product was saved by someone else since it was opened: nothing of this save was written.

    `differences` lists each field whose value being saved differs from the saved one (both values);
    `saved_version`, `saved_by` and `saved_at` say which save came in between.
    """

    def __init__(self, sku: str, expected: int, saved_version: int, differences: list[FieldDifference],
                 saved_by: str = "", saved_at: datetime | None = None):
        self.sku, self.expected, self.saved_version = sku, expected, saved_version
        self.differences, self.saved_by, self.saved_at = tuple(differences), saved_by, saved_at
        when = clock.to_local(saved_at).strftime("%H:%M %d/%m/%Y") if saved_at else "?"
        super().__init__(msg(
            "Sản phẩm '{sku}' vừa được {who} lưu lúc {when} (phiên bản {now}, bạn mở từ phiên bản {was}); "
            "chưa lưu thay đổi của bạn. {diff}",
            "Product '{sku}' was saved by {who_en} at {when} (version {now}, you opened version {was}); "
            "your changes were not saved. {diff_en}",
            sku=sku, who=saved_by or "người khác", who_en=saved_by or "someone else", when=when,
            now=saved_version, was=expected, diff=self.describe("vi"), diff_en=self.describe("en")))

    def describe(self, lang: str | None = None) -> str:
        """"Giá bán: của bạn 120.000 ₫, đã lưu 110.000 ₫; …" — both values of each field."""
        if not self.differences:
            return ""
        template = msg("{label}: của bạn {mine}, đã lưu {saved}", "{label}: yours {mine}, saved {saved}")
        parts = [template.text(lang).format(label=d.label(lang), mine=d.shown(d.mine, lang),
                                            saved=d.shown(d.saved, lang)) for d in self.differences]
        head = msg("Khác nhau — ", "Differences — ").text(lang)
        return head + "; ".join(parts)


def differences(saved: Mapping[str, Any], mine: Mapping[str, Any]) -> list[FieldDifference]:
    """The fields of `mine` whose value differs from `saved` (values in the service's clean form)."""
    return [FieldDifference(k, mine[k], saved.get(k)) for k in mine if saved.get(k) != mine[k]]
