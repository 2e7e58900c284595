"""A Viettel Post partner API v2 simulator, written from Viettel Post's integration document ("Tài
liệu kết nối API Viettelpost": partner.viettelpost.vn/v2, swagger partnerdev.viettelpost.vn/v2).

Pages and what is checked:
* §2 "Lấy token": ``POST /v2/user/Login`` {USERNAME, PASSWORD} → ``data.token``; every other call
  needs the ``Token`` header (``{"status": 401, "error": true, "message": "Token invalid"}``).
  Answers ``{"status": 200, "error": false, "message": "OK", "data": …}``; errors
  ``{"status": …, "error": true, "message": …}`` (doc §1 "Trường hợp lỗi").
* §1 "Dữ liệu danh mục": ``GET /v2/categories/listProvinceById?provinceId=-1``, ``listDistrict?provinceId=``,
  ``listWards?districtId=`` (names in capitals, as the document's examples).
* "Tính cước tất cả dịch vụ": ``POST /v2/order/getPriceAll`` — SENDER_/RECEIVER_ PROVINCE and
  DISTRICT, PRODUCT_WEIGHT, PRODUCT_TYPE; a bare list of {MA_DV_CHINH, TEN_DICHVU, GIA_CUOC, THOI_GIAN}.
* "Tạo đơn": ``POST /v2/order/createOrder`` — the required sender/receiver/product fields; answers
  ``data.ORDER_NUMBER`` (the waybill), ``MONEY_TOTAL``, ``KPI_HT`` (hours).
* "Cập nhật trạng thái": ``POST /v2/order/UpdateOrder`` {TYPE: 4 = hủy, ORDER_NUMBER}.
* "In vận đơn": ``POST /v2/order/printing-code`` {EXPIRY_TIME, ORDER_ARRAY} → ``message`` = print token;
  ``GET /DigitalizePrint/report.do?type=&bill=`` (PDF).
* ``POST /v2/order/getOrderInfo`` {ORDER_NUMBER: waybill or ORDER_REFERENCE}: status lookup —
  ASSUMED (the document describes statuses by webhook; status codes from its table).
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

COD_LIMIT = 30_000_000


class ViettelPostSimulator(CarrierSimulator):
    platform = "viettelpost"
    create_path = "/v2/order/createOrder"
    status_names = {"created": 100, "picked_up": 105, "delivering": 500, "delivered": 501, "failed": 506,
                    "returning": 505, "returned": 504, "cancelled": 107}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.username, self.password = "0912345678", secrets.token_hex(6)
        self.tokens: set[str] = set()
        self.print_tokens: dict[str, list[str]] = {}

    def credentials(self) -> dict[str, str]:
        return {"username": self.username, "password": self.password}

    def expire_tokens(self) -> None:
        self.tokens.clear()

    @staticmethod
    def ok(data: Any, message: str = "OK") -> Reply:
        return json_reply({"status": 200, "error": False, "message": message, "data": data})

    @staticmethod
    def fail(message: str, status: int = 204) -> Reply:
        return json_reply({"status": status, "error": True, "message": message, "data": None})

    def route(self, request: Request) -> Reply:
        if (request.method, request.path) == ("POST", "/v2/user/Login"):
            return self.login(request)
        if request.path == "/DigitalizePrint/report.do":
            return self.print_page(request)
        if request.headers.get("token") not in self.tokens:
            return json_reply({"status": 401, "error": True, "message": "Token invalid", "data": None}, 401)
        routes = {
            ("GET", "/v2/categories/listProvinceById"): ViettelPostSimulator.list_provinces,
            ("GET", "/v2/categories/listDistrict"): ViettelPostSimulator.list_districts,
            ("GET", "/v2/categories/listWards"): ViettelPostSimulator.list_wards,
            ("POST", "/v2/order/getPriceAll"): ViettelPostSimulator.price_all,
            ("POST", "/v2/order/createOrder"): ViettelPostSimulator.create,
            ("POST", "/v2/order/getOrderInfo"): ViettelPostSimulator.info,
            ("POST", "/v2/order/UpdateOrder"): ViettelPostSimulator.update,
            ("POST", "/v2/order/printing-code"): ViettelPostSimulator.printing_code,
        }
        return self.dispatch(request, routes) or self.fail(f"not found: {request.path}", 404)

    def login(self, request: Request) -> Reply:
        body = request.json()
        if body.get("USERNAME") != self.username or body.get("PASSWORD") != self.password:
            return self.fail("Sai tên đăng nhập hoặc mật khẩu", 205)
        token = secrets.token_hex(16)
        self.tokens.add(token)
        return self.ok({"userId": 1, "token": token, "partner": 1, "phone": self.username, "expired": 0})

    def list_provinces(self, request: Request) -> Reply:
        return self.ok([{"PROVINCE_ID": no, "PROVINCE_CODE": f"P{no}", "PROVINCE_NAME": name}
                        for no, name in provinces().items()])

    def list_districts(self, request: Request) -> Reply:
        province = int(request.query["provinceId"])
        return self.ok([{"DISTRICT_ID": no, "DISTRICT_VALUE": str(no), "DISTRICT_NAME": name.upper(),
                         "PROVINCE_ID": p} for no, (name, p) in districts(None if province == -1 else province).items()])

    def list_wards(self, request: Request) -> Reply:
        district = int(request.query["districtId"])
        return self.ok([{"WARDS_ID": no, "WARDS_NAME": name.upper(), "DISTRICT_ID": d}
                        for no, (name, d) in wards(None if district == -1 else district).items()])

    def _served(self, district_id: Any, ward_id: Any = None) -> bool:
        district = districts().get(int(district_id))
        if district is None or district[0] in self.unserved:
            return False
        if ward_id is not None:
            ward = wards().get(int(ward_id))
            return ward is not None and ward[0] not in self.unserved and ward[1] == int(district_id)
        return True

    def price_all(self, request: Request) -> Reply:
        body = request.json()
        lacking = missing(body, ("SENDER_PROVINCE", "SENDER_DISTRICT", "RECEIVER_PROVINCE", "RECEIVER_DISTRICT",
                                 "PRODUCT_WEIGHT", "PRODUCT_TYPE"))
        if lacking:
            return self.fail(f"Thiếu thông tin: {', '.join(lacking)}")
        if not self._served(body["RECEIVER_DISTRICT"]):
            return json_reply([])
        grams = int(body["PRODUCT_WEIGHT"])
        base = 18000 + 3000 * (max(0, grams - 500) // 500)
        return json_reply([
            {"MA_DV_CHINH": "VCN", "TEN_DICHVU": "Chuyển phát nhanh", "GIA_CUOC": base + 9000, "THOI_GIAN": "24 giờ",
             "EXCHANGE_WEIGHT": grams},
            {"MA_DV_CHINH": "VTK", "TEN_DICHVU": "Tiết kiệm", "GIA_CUOC": base, "THOI_GIAN": "72 giờ",
             "EXCHANGE_WEIGHT": grams}])

    def create(self, request: Request) -> Reply:
        body = request.json()
        refusal = self.take_refusal()
        if refusal:
            return self.fail(refusal)
        lacking = missing(body, ("ORDER_NUMBER", "SENDER_FULLNAME", "SENDER_ADDRESS", "SENDER_PHONE",
                                 "RECEIVER_FULLNAME", "RECEIVER_ADDRESS", "RECEIVER_PHONE", "RECEIVER_PROVINCE",
                                 "RECEIVER_DISTRICT", "RECEIVER_WARD", "PRODUCT_WEIGHT", "PRODUCT_TYPE",
                                 "ORDER_PAYMENT", "ORDER_SERVICE"))
        if body.get("MONEY_COLLECTION") is None:
            lacking.append("MONEY_COLLECTION")
        if lacking:
            return self.fail(f"Thiếu thông tin: {', '.join(lacking)}")
        phone = str(body["RECEIVER_PHONE"])
        if not re.fullmatch(r"0\d{9}", phone) or phone in self.refused_phones:
            return self.fail("Số điện thoại người nhận không hợp lệ")
        if int(body["MONEY_COLLECTION"]) > COD_LIMIT:
            return self.fail("Tiền thu hộ vượt quá hạn mức 30.000.000đ")
        if not self._served(body["RECEIVER_DISTRICT"], body["RECEIVER_WARD"]):
            return self.fail("Địa chỉ nhận nằm ngoài vùng phục vụ")
        with self.plock:
            number = f"{1_700_000_000 + self.next_number()}"
            fee = 18000 + 3000 * (max(0, int(body["PRODUCT_WEIGHT"]) - 500) // 500)
            self.parcels[number] = Parcel(number, str(body["ORDER_NUMBER"]), -100, int(body["MONEY_COLLECTION"]),
                                          fee, body)
            self.creates += 1
        return self.ok({"ORDER_NUMBER": number, "MONEY_COLLECTION": body["MONEY_COLLECTION"],
                        "EXCHANGE_WEIGHT": body["PRODUCT_WEIGHT"], "MONEY_TOTAL": fee, "MONEY_TOTAL_FEE": fee,
                        "MONEY_FEE": fee, "MONEY_COLLECTION_FEE": 0, "MONEY_FEE_VAT": 0, "KPI_HT": 24})

    def info(self, request: Request) -> Reply:
        number = str(request.json()["ORDER_NUMBER"])
        with self.plock:
            found = [p for p in self.parcels.values() if number in (p.tracking, p.client_code)]
            if not found:
                return self.fail("Không tìm thấy vận đơn")
            p = found[0]
            return self.ok({"ORDER_NUMBER": p.tracking, "ORDER_REFERENCE": p.client_code, "ORDER_STATUS": p.status,
                            "STATUS_NAME": f"Trạng thái {p.status}", "MONEY_COLLECTION": p.cod, "MONEY_TOTAL": p.fee})

    def update(self, request: Request) -> Reply:
        body = request.json()
        if missing(body, ("TYPE", "ORDER_NUMBER")):
            return self.fail("Thiếu TYPE hoặc ORDER_NUMBER")
        with self.plock:
            parcel = self.parcels.get(str(body["ORDER_NUMBER"]))
            if parcel is None:
                return self.fail("Không tìm thấy vận đơn")
            if int(body["TYPE"]) == 4:
                if parcel.status not in (-100, -108, 100, 102, 103, 104):
                    return self.fail("Vận đơn đã được lấy, không thể hủy")
                parcel.status = 107
        return self.ok(None)

    def printing_code(self, request: Request) -> Reply:
        body = request.json()
        codes = [str(c) for c in body.get("ORDER_ARRAY") or []]
        if not body.get("EXPIRY_TIME") or not codes or any(c not in self.parcels for c in codes):
            return self.fail("ORDER_ARRAY không hợp lệ")
        token = secrets.token_hex(10)
        self.print_tokens[token] = codes
        return json_reply({"status": 200, "error": False, "message": token})

    def print_page(self, request: Request) -> Reply:
        codes = self.print_tokens.get(request.query.get("bill", ""))
        if codes is None or request.query.get("type") not in ("1", "2"):
            return Reply(400, b"<html><body>Bill invalid</body></html>", "text/html")
        paper = {"1": "A5", "2": "A6"}[request.query["type"]]
        return Reply(200, label_pdf("Viettel Post", paper, [(self.parcels[c].client_code, c) for c in codes]),
                     "application/pdf")


def start(latency: float = 0.0, **options: Any) -> ViettelPostSimulator:
    return ViettelPostSimulator.launch(latency, **options)
