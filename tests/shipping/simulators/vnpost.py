"""A VNPost (MyVNPost customer-partner API) simulator, written from the endpoint list and request
fields VNPost gives its contracted customers (as integrations use them: ``/customer-partner/
GetAccessToken``, ``getAllProvince``/``getAllDistrict``/``getAllCommune``, ``ServicesCharge``,
``CreateOrder`` {orderCreationStatus, type "GUI", informationOrder}, ``orderCancel`` {OriginalId}).

What is checked: the ``token`` header on every call (401 otherwise), the required fields of
``CreateOrder`` (sale order code, sender and receiver with province/district/commune codes, service,
weight), the COD addon's amount (``GTG021`` with ``PROP0018:amount``), a refused phone, a commune not
served. Errors are ``{"code": …, "message": …}`` with HTTP 400.
``orderInfo`` (lookup by ``saleOrderCode`` or ``itemCode``) and ``printOrder`` are ASSUMED (not in the
public material; see core/shipping/vnpost/client.py).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from .base import (
    CarrierSimulator,
    Parcel,
    Reply,
    Request,
    districts,
    json_reply,
    label_pdf,
    missing,
    provinces,
    wards,
)

COD_LIMIT = 50_000_000


class VnpostSimulator(CarrierSimulator):
    platform = "vnpost"
    create_path = "/customer-partner/CreateOrder"
    status_names = {"created": "20", "picked_up": "60", "delivering": "91", "delivered": "100", "failed": "110",
                    "returning": "120", "returned": "161", "cancelled": "40"}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.username, self.password, self.customer_code = "coop@example.vn", secrets.token_hex(6), "C000208283"
        self.tokens: set[str] = set()

    def credentials(self) -> dict[str, str]:
        return {"username": self.username, "password": self.password, "customer_code": self.customer_code}

    @staticmethod
    def fail(message: str, code: str = "BAD_REQUEST", status: int = 400) -> Reply:
        return json_reply({"code": code, "message": message}, status)

    def route(self, request: Request) -> Reply:
        if (request.method, request.path) == ("POST", "/customer-partner/GetAccessToken"):
            return self.access_token(request)
        if request.headers.get("token") not in self.tokens:
            return self.fail("Token không hợp lệ hoặc đã hết hạn", "UNAUTHORIZED", 401)
        routes = {
            ("GET", "/customer-partner/getAllProvince"): VnpostSimulator.all_provinces,
            ("GET", "/customer-partner/getAllDistrict"): VnpostSimulator.all_districts,
            ("GET", "/customer-partner/getAllCommune"): VnpostSimulator.all_communes,
            ("POST", "/customer-partner/ServicesCharge"): VnpostSimulator.charge,
            ("POST", "/customer-partner/CreateOrder"): VnpostSimulator.create,
            ("POST", "/customer-partner/orderInfo"): VnpostSimulator.info,
            ("POST", "/customer-partner/orderCancel"): VnpostSimulator.cancel,
            ("GET", "/customer-partner/printOrder"): VnpostSimulator.print_order,
        }
        return self.dispatch(request, routes) or self.fail(f"not found: {request.path}", "NOT_FOUND", 404)

    def access_token(self, request: Request) -> Reply:
        body = request.json()
        if (body.get("username"), body.get("password"), body.get("customerCode")) != \
                (self.username, self.password, self.customer_code):
            return self.fail("Sai thông tin đăng nhập", "UNAUTHORIZED", 401)
        token = secrets.token_hex(16)
        self.tokens.add(token)
        return json_reply({"token": token, "expired": "2026-12-31T00:00:00"})

    def all_provinces(self, request: Request) -> Reply:
        return json_reply([{"provinceCode": str(no), "provinceName": name} for no, name in provinces().items()])

    def all_districts(self, request: Request) -> Reply:
        return json_reply([{"districtCode": str(no), "districtName": name, "provinceCode": str(p)}
                           for no, (name, p) in districts().items()])

    def all_communes(self, request: Request) -> Reply:
        return json_reply([{"communeCode": str(no), "communeName": name, "districtCode": str(d)}
                           for no, (name, d) in wards().items()])

    def _served(self, commune: Any) -> bool:
        ward = wards().get(int(commune)) if str(commune).isdigit() else None
        return ward is not None and ward[0] not in self.unserved

    def charge(self, request: Request) -> Reply:
        body = request.json()
        lacking = missing(body, ("senderProvinceCode", "senderDistrictCode", "receiverProvinceCode",
                                 "receiverDistrictCode", "weight"))
        if lacking:
            return self.fail(f"Thiếu thông tin: {', '.join(lacking)}")
        if body.get("receiverCommuneCode") and not self._served(body["receiverCommuneCode"]):
            return json_reply([])
        grams = int(body["weight"])
        base = 20000 + 3500 * (max(0, grams - 500) // 500)
        return json_reply([
            {"serviceCode": "EMS", "serviceName": "Chuyển phát nhanh EMS", "totalFee": base + 12000,
             "deliveryTime": "1-2 ngày"},
            {"serviceCode": "ETN011", "serviceName": "TMĐT tiết kiệm", "totalFee": base, "deliveryTime": "3-4 ngày"}])

    def create(self, request: Request) -> Reply:
        body = request.json()
        refusal = self.take_refusal()
        if refusal:
            return self.fail(refusal, "REFUSED")
        info = body.get("informationOrder") or {}
        lacking = missing(info, ("saleOrderCode", "senderName", "senderPhone", "senderAddress", "senderProvinceCode",
                                 "receiverName", "receiverPhone", "receiverAddress", "receiverProvinceCode",
                                 "receiverDistrictCode", "receiverCommuneCode", "serviceCode", "weight"))
        if body.get("type") != "GUI" or body.get("orderCreationStatus") not in (0, 1):
            lacking.append("type/orderCreationStatus")
        if lacking:
            return self.fail(f"Thiếu thông tin: {', '.join(lacking)}", "MISSING_FIELD")
        phone = str(info["receiverPhone"])
        if not re.fullmatch(r"0\d{9}", phone) or phone in self.refused_phones:
            return self.fail("Số điện thoại người nhận không hợp lệ", "INVALID_PHONE")
        cod = 0
        for addon in info.get("addonService") or []:
            if addon.get("code") == "GTG021":
                prop, _, value = str(addon.get("propValue") or "").partition(":")
                if prop != "PROP0018" or not value.isdigit():
                    return self.fail("Dịch vụ COD thiếu số tiền (PROP0018)", "INVALID_ADDON")
                cod = int(value)
        if cod > COD_LIMIT:
            return self.fail("Số tiền thu hộ vượt hạn mức", "COD_LIMIT")
        if not self._served(info["receiverCommuneCode"]):
            return self.fail("Địa chỉ nhận không phục vụ", "AREA_NOT_SERVED")
        with self.plock:
            for p in self.parcels.values():
                if p.client_code == info["saleOrderCode"]:
                    return self.fail("Mã đơn hàng đã tồn tại", "DUPLICATE_ORDER")
            item = f"EB{100000000 + self.next_number()}VN"
            fee = 20000 + 3500 * (max(0, int(info["weight"]) - 500) // 500)
            self.parcels[item] = Parcel(item, str(info["saleOrderCode"]), "20", cod, fee, body)
            self.creates += 1
        return json_reply({"originalID": f"O{item}", "itemCode": item, "totalFee": fee, "status": 20})

    def info(self, request: Request) -> Reply:
        body = request.json()
        key = body.get("itemCode") or body.get("saleOrderCode")
        with self.plock:
            found = [p for p in self.parcels.values() if key in (p.tracking, p.client_code)]
            if not key or not found:
                return self.fail("Không tìm thấy đơn hàng", "NOT_FOUND", 404)
            p = found[0]
            return json_reply({"originalID": f"O{p.tracking}", "itemCode": p.tracking, "saleOrderCode": p.client_code,
                               "status": str(p.status), "statusName": f"Trạng thái {p.status}", "codAmount": p.cod,
                               "codPaid": p.remitted, "totalFee": p.fee})

    def cancel(self, request: Request) -> Reply:
        original = str(request.json().get("OriginalId") or "")
        with self.plock:
            found = [p for p in self.parcels.values() if f"O{p.tracking}" == original]
            if not found:
                return self.fail("Không tìm thấy đơn hàng", "NOT_FOUND", 404)
            if found[0].status not in ("10", "20"):
                return self.fail("Bưu gửi đã được nhận, không thể hủy", "CANNOT_CANCEL")
            found[0].status = "40"
        return json_reply([{"caseId": f"CASE{self.next_number()}"}])

    def print_order(self, request: Request) -> Reply:
        codes = [c for c in request.query.get("itemCodes", "").split(",") if c]
        if not codes or any(c not in self.parcels for c in codes) or request.query.get("paperSize") not in ("A5", "A6"):
            return self.fail("itemCodes hoặc paperSize không hợp lệ")
        return Reply(200, label_pdf("VNPost", request.query["paperSize"],
                                    [(self.parcels[c].client_code, c) for c in codes]), "application/pdf")


def start(latency: float = 0.0, **options: Any) -> VnpostSimulator:
    return VnpostSimulator.launch(latency, **options)
