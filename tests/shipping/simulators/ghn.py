"""A GHN API v2 simulator written from GHN's documentation (api.ghn.vn/home/docs/detail?id=…).

Pages and what is checked:
* every call: ``Token`` header (401 ``{"code": 401, "message": "Token is not valid!"}`` otherwise);
  shop calls also ``ShopId`` (400 when missing or not the token's shop). Answers
  ``{"code": 200, "message": "Success", "data": …}``; errors ``{"code": 400, "message", "data": null,
  "code_message"}`` (id=76 "Calculate Fee" shows the error shape).
* "Get Store": ``POST /shiip/public-api/v2/shop/all`` → ``data.shops[]._id``.
* "Get Province/District/Ward": ``GET /shiip/public-api/master-data/province``, ``/district``
  (``province_id``), ``/ward`` (``district_id``) with ``NameExtension`` alias lists.
* "Get Service": ``POST …/v2/shipping-order/available-services`` {shop_id, from_district, to_district}.
* id=76 "Calculate Fee": ``POST …/v2/shipping-order/fee`` — required ``to_district_id``,
  ``to_ward_code``, ``service_id`` or ``service_type_id``; ``insurance_value`` at most 5.000.000.
* "Leadtime": ``POST …/v2/shipping-order/leadtime`` → ``data.leadtime`` (Unix seconds).
* id=63/123 "Create Order": ``POST …/v2/shipping-order/create`` — required ``to_name``, ``to_phone``,
  ``to_address``, the ward as code+district id or by name (``to_ward_name`` + ``to_province_name``,
  the 2025 two-level form), ``weight``, ``payment_type_id``, ``required_note``; ``cod_amount`` at most
  50.000.000; ``client_order_code`` unique per shop.
* id=119 "Order Info by Client_Order_Code", "Order Info": ``…/detail-by-client-code``, ``…/detail``
  (status, ``is_cod_collected``, ``is_cod_transferred``, ``cod_transfer_date``, ``log``); an unknown
  order is ``"Lỗi gọi API: corev2_tenant_order_detail - code=404, message=Đơn hàng không tồn tại"``.
* "Cancel Order": ``POST …/v2/switch-status/cancel`` {order_codes} — only before pickup.
* id=67 "Print Order": ``POST …/v2/a5/gen-token`` {order_codes} → ``data.token``;
  ``GET /a5/public-api/printA5|printer80x80|printer52x70?token=`` (the label, here a PDF).
"""

from __future__ import annotations

import re
import secrets
import time
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

API = "/shiip/public-api"
SERVICES = [{"service_id": 53320, "short_name": "Chuyển phát thương mại điện tử", "service_type_id": 2},
            {"service_id": 53321, "short_name": "Chuyển phát hàng nặng", "service_type_id": 5}]
PROVINCE_BASE, DISTRICT_BASE = 200, 1000


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


class GhnSimulator(CarrierSimulator):
    platform = "ghn"
    create_path = API + "/v2/shipping-order/create"
    status_names = {"created": "ready_to_pick", "picked_up": "picked", "delivering": "delivering",
                    "delivered": "delivered", "failed": "delivery_fail", "returning": "returning",
                    "returned": "returned", "cancelled": "cancel"}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.token = secrets.token_hex(12)
        self.shop_id = "885"
        self.print_tokens: dict[str, list[str]] = {}

    def credentials(self) -> dict[str, str]:
        return {"token": self.token, "shop_id": self.shop_id}

    # -- answers -----------------------------------------------------------------------------------

    @staticmethod
    def ok(data: Any) -> Reply:
        return json_reply({"code": 200, "message": "Success", "data": data})

    @staticmethod
    def error(message: str, code_message: str = "USER_ERR_COMMON", status: int = 400) -> Reply:
        return json_reply({"code": status, "message": message, "data": None, "code_message": code_message}, status)

    def route(self, request: Request) -> Reply:
        if request.path.startswith("/a5/public-api/"):
            return self.print_page(request)
        if request.headers.get("token") != self.token:
            return json_reply({"code": 401, "message": "Token is not valid!", "data": None}, 401)
        shop_calls = ("/fee", "/create", "/leadtime", "/cancel", "/available-services")
        if request.path.endswith(shop_calls) and request.headers.get("shopid") != self.shop_id:
            return self.error("ShopID không hợp lệ hoặc không thuộc Token", "SHOP_INVALID")
        routes = {
            ("POST", API + "/v2/shop/all"): GhnSimulator.shops,
            ("GET", API + "/master-data/province"): GhnSimulator.provinces,
            ("GET", API + "/master-data/district"): GhnSimulator.districts,
            ("GET", API + "/master-data/ward"): GhnSimulator.wards,
            ("POST", API + "/v2/shipping-order/available-services"): GhnSimulator.services,
            ("POST", API + "/v2/shipping-order/fee"): GhnSimulator.fee,
            ("POST", API + "/v2/shipping-order/leadtime"): GhnSimulator.leadtime,
            ("POST", API + "/v2/shipping-order/create"): GhnSimulator.create,
            ("POST", API + "/v2/shipping-order/detail-by-client-code"): GhnSimulator.detail_by_client,
            ("POST", API + "/v2/shipping-order/detail"): GhnSimulator.detail,
            ("POST", API + "/v2/switch-status/cancel"): GhnSimulator.cancel,
            ("POST", API + "/v2/a5/gen-token"): GhnSimulator.gen_token,
        }
        return self.dispatch(request, routes) or self.error(f"not found: {request.path}", status=404)

    # -- master data -------------------------------------------------------------------------------

    def shops(self, request: Request) -> Reply:
        return self.ok({"last_offset": 0, "shops": [{"_id": int(self.shop_id), "name": "Cửa hàng thử"}]})

    def provinces(self, request: Request) -> Reply:
        return self.ok([{"ProvinceID": PROVINCE_BASE + no, "ProvinceName": _short(name),
                         "NameExtension": [name, _short(name)]} for no, name in provinces().items()])

    def districts(self, request: Request) -> Reply:
        province = int(request.query.get("province_id") or request.json().get("province_id")) - PROVINCE_BASE
        return self.ok([{"DistrictID": DISTRICT_BASE + no, "ProvinceID": PROVINCE_BASE + p, "DistrictName": name,
                         "NameExtension": [name]} for no, (name, p) in districts(province).items()])

    def wards(self, request: Request) -> Reply:
        district = int(request.query.get("district_id") or request.json().get("district_id")) - DISTRICT_BASE
        return self.ok([{"WardCode": str(no), "DistrictID": DISTRICT_BASE + d, "WardName": name,
                         "NameExtension": [name]} for no, (name, d) in wards(district).items()])

    def _ward_served(self, ward_code: str | None, ward_name: str | None = None) -> bool:
        if ward_code is not None:
            name = wards().get(int(ward_code), ("", 0))[0] if str(ward_code).isdigit() else ""
            if not name:
                return False
            return name not in self.unserved
        return bool(ward_name) and ward_name not in self.unserved

    def services(self, request: Request) -> Reply:
        body = request.json()
        if missing(body, ("shop_id", "from_district", "to_district")):
            return self.error("Thiếu shop_id, from_district hoặc to_district")
        return self.ok(SERVICES)

    # -- fee and time ------------------------------------------------------------------------------

    def fee(self, request: Request) -> Reply:
        body = request.json()
        lacking = missing(body, ("to_district_id", "to_ward_code", "weight"))
        if lacking or not (body.get("service_id") or body.get("service_type_id")):
            return self.error(f"Thiếu thông tin: {', '.join(lacking) or 'service_id'}")
        if int(body.get("insurance_value") or 0) > 5_000_000:
            return self.error("Giá trị bảo hiểm tối đa 5.000.000")
        if not self._ward_served(body["to_ward_code"]):
            return self.error("Khu vực giao hàng không hỗ trợ", "ROUTE_NOT_FOUND_SERVICE")
        heavy = body.get("service_id") == 53321 or body.get("service_type_id") == 5
        service_fee = 16500 + 5000 * (max(0, int(body["weight"]) - 500) // 500) + (20000 if heavy else 0)
        insurance = int(body.get("insurance_value") or 0) // 200
        return self.ok({"total": service_fee + insurance, "service_fee": service_fee, "insurance_fee": insurance,
                        "pick_station_fee": 0, "coupon_value": 0, "r2s_fee": 0})

    def leadtime(self, request: Request) -> Reply:
        body = request.json()
        if missing(body, ("to_district_id", "to_ward_code")) or not body.get("service_id"):
            return self.error("Thiếu to_district_id, to_ward_code hoặc service_id")
        days = 2 if body["service_id"] == 53320 else 4
        now = int(self.now())
        return self.ok({"leadtime": now + days * 86400, "order_date": now})

    # -- orders ------------------------------------------------------------------------------------

    def create(self, request: Request) -> Reply:
        body = request.json()
        refusal = self.take_refusal()
        if refusal:
            return self.error(refusal, "USER_ERR_COMMON")
        lacking = missing(body, ("to_name", "to_phone", "to_address", "weight", "payment_type_id", "required_note"))
        by_code = body.get("to_ward_code") and body.get("to_district_id")
        by_name = body.get("to_ward_name") and body.get("to_province_name")
        if not (by_code or by_name):
            lacking.append("to_ward_code/to_ward_name")
        if not (body.get("service_id") or body.get("service_type_id")):
            lacking.append("service_type_id")
        if lacking:
            return self.error(f"Thiếu thông tin bắt buộc: {', '.join(lacking)}")
        phone = str(body["to_phone"])
        if not re.fullmatch(r"0\d{9}", phone) or phone in self.refused_phones:
            return self.error("Số điện thoại người nhận không hợp lệ", "PHONE_INVALID")
        if int(body.get("cod_amount") or 0) > 50_000_000:
            return self.error("Tiền thu hộ tối đa 50.000.000", "COD_INVALID")
        if not self._ward_served(body.get("to_ward_code") if by_code else None, body.get("to_ward_name")):
            return self.error("Khu vực giao hàng không hỗ trợ", "ROUTE_NOT_FOUND_SERVICE")
        with self.plock:
            client = str(body.get("client_order_code") or "")
            if client and any(p.client_code == client for p in self.parcels.values()):
                return self.error("Mã đơn hàng của shop (client_order_code) đã tồn tại", "ORDER_EXIST")
            code = f"GY{self.next_number():06d}VN"
            fee = 16500 + 5000 * (max(0, int(body["weight"]) - 500) // 500)
            self.parcels[code] = Parcel(code, client, "ready_to_pick", int(body.get("cod_amount") or 0), fee, body)
            self.creates += 1
        expected = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.now() + 2 * 86400))
        return self.ok({"order_code": code, "sort_code": "190-G-01-A9", "trans_type": "truck", "total_fee": fee,
                        "expected_delivery_time": expected, "fee": {"main_service": fee, "insurance": 0}})

    def _detail(self, parcel: Parcel) -> dict[str, Any]:
        transferred = parcel.remitted is not None
        return {"order_code": parcel.tracking, "client_order_code": parcel.client_code, "status": parcel.status,
                "cod_amount": parcel.remitted if transferred else parcel.cod,
                "is_cod_collected": parcel.status in ("delivered",), "is_cod_transferred": transferred,
                "cod_transfer_date": f"{parcel.remitted_on}T03:00:00Z" if transferred else None,
                "total_fee": parcel.fee, "updated_date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.now())),
                "log": [{"status": s} for s in parcel.history]}

    def not_found(self) -> Reply:
        return self.error("Lỗi gọi API: corev2_tenant_order_detail - code=404, message=Đơn hàng không tồn tại")

    def detail_by_client(self, request: Request) -> Reply:
        code = request.json()["client_order_code"]
        with self.plock:
            found = [p for p in self.parcels.values() if p.client_code == code]
            return self.ok(self._detail(found[0])) if found else self.not_found()

    def detail(self, request: Request) -> Reply:
        code = request.json()["order_code"]
        with self.plock:
            parcel = self.parcels.get(code)
            return self.ok(self._detail(parcel)) if parcel else self.not_found()

    def cancel(self, request: Request) -> Reply:
        rows = []
        with self.plock:
            for code in request.json()["order_codes"]:
                parcel = self.parcels.get(code)
                if parcel is None or parcel.status not in ("ready_to_pick", "picking"):
                    rows.append({"order_code": code, "result": False, "message": "Đơn hàng không thể hủy"})
                else:
                    parcel.status = "cancel"
                    rows.append({"order_code": code, "result": True, "message": "OK"})
        return self.ok(rows)

    def gen_token(self, request: Request) -> Reply:
        codes = request.json().get("order_codes") or []
        with self.plock:
            if not codes or any(c not in self.parcels for c in codes):
                return self.not_found()
            token = secrets.token_hex(8)
            self.print_tokens[token] = list(codes)
        return self.ok({"token": token})

    def print_page(self, request: Request) -> Reply:
        size = request.path.rsplit("/", 1)[-1]
        codes = self.print_tokens.get(request.query.get("token", ""))
        if size not in ("printA5", "printer80x80", "printer52x70") or codes is None:
            return self.error("Token in không hợp lệ", status=400)
        paper = {"printA5": "A5", "printer80x80": "80x80", "printer52x70": "52x70"}[size]
        return Reply(200, label_pdf("GHN", paper, [(self.parcels[c].client_code, c) for c in codes]),
                     "application/pdf")


def start(latency: float = 0.0, **options: Any) -> GhnSimulator:
    return GhnSimulator.launch(latency, **options)
