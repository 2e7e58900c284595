"""A GHTK simulator written from GHTK's API documentation (api.ghtk.vn/docs/submit-order/…).

Pages and what is checked:
* every call: the ``Token`` header (401 ``{"success": false, "message": …}`` otherwise); answers
  ``{"success": true, "message": "", …}``; refusals ``{"success": false, "message": …, "error": {…}}``.
* "Danh sách địa chỉ lấy hàng": ``GET /services/shipment/list_pick_add``.
* shipping-fee: ``GET /services/shipment/fee`` — required ``pick_province``, ``province``, ``weight``
  (grams) and a ward or district on each side (after the 2025 reform GHTK takes province + ward);
  ``transport`` road|fly; answers ``fee.{name, fee, insurance_fee, delivery}``, ``delivery: false``
  where GHTK does not serve the address.
* submit-order-express: ``POST /services/shipment/order/?ver=1.5`` — ``products[]`` (name, weight in
  kg) and ``order`` (id, pick_name, pick_address, pick_province, pick_tel, tel, name, address,
  province, hamlet, pick_money, value; ward or district); a reused ``order.id`` is refused with
  ``error.code = "ORDER_ID_EXIST"`` and the existing ``ghtk_label``.
* order-status: ``GET /services/shipment/v2/{label}`` and ``/v2/partner_id:{id}`` (numeric statuses;
  6 = reconciled, the COD paid to the shop).
* cancel-order: ``POST /services/shipment/cancel/{label}`` — only before pickup.
* print-label: ``GET /services/label/{label}?original=portrait|landscape&paper_size=A5|A6`` (PDF).
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

from .base import CarrierSimulator, Parcel, Reply, Request, json_reply, label_pdf, missing

COD_LIMIT = 20_000_000


class GhtkSimulator(CarrierSimulator):
    platform = "ghtk"
    create_path = "/services/shipment/order/"
    status_names = {"created": 2, "picked_up": 3, "delivering": 4, "delivered": 5, "failed": 9, "returning": 20,
                    "returned": 21, "cancelled": -1, "reconciled": 6}

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.token = "APITokenSample-" + secrets.token_hex(10)

    def credentials(self) -> dict[str, str]:
        return {"token": self.token}

    @staticmethod
    def fail(message: str, **error: Any) -> Reply:
        payload: dict[str, Any] = {"success": False, "message": message}
        if error:
            payload["error"] = error
        return json_reply(payload)

    def route(self, request: Request) -> Reply:
        if request.headers.get("token") != self.token:
            return json_reply({"success": False, "message": "Token không hợp lệ"}, 401)
        routes = {
            ("GET", r"/services/shipment/list_pick_add"): GhtkSimulator.pick_addresses,
            ("GET", r"/services/shipment/fee"): GhtkSimulator.fee,
            ("POST", r"/services/shipment/order/?"): GhtkSimulator.create,
            ("GET", r"/services/shipment/v2/partner_id:(.+)"): GhtkSimulator.status_by_partner,
            ("GET", r"/services/shipment/v2/(.+)"): GhtkSimulator.status,
            ("POST", r"/services/shipment/cancel/(.+)"): GhtkSimulator.cancel,
            ("GET", r"/services/label/(.+)"): GhtkSimulator.label,
        }
        return self.dispatch(request, routes) or self.fail(f"not found: {request.path}")

    def pick_addresses(self, request: Request) -> Reply:
        return json_reply({"success": True, "message": "",
                           "data": [{"pick_address_id": "1", "address": "Kho chính", "pick_tel": "0911222333",
                                     "pick_name": "Cửa hàng thử"}]})

    def fee(self, request: Request) -> Reply:
        q = request.query
        lacking = missing(q, ("pick_province", "province", "weight"))
        if not (q.get("ward") or q.get("district")):
            lacking.append("ward")
        if not (q.get("pick_ward") or q.get("pick_district") or q.get("pick_address_id")):
            lacking.append("pick_ward")
        if lacking:
            return self.fail(f"Thiếu tham số: {', '.join(lacking)}")
        served = q.get("ward") not in self.unserved
        grams = int(q["weight"])
        fee = 22000 + 2500 * (max(0, grams - 500) // 500) + (8000 if q.get("transport") == "fly" else 0)
        insurance = 0 if int(q.get("value") or 0) <= 1_000_000 else int(q["value"]) // 200
        return json_reply({"success": True, "message": "", "fee": {
            "name": "area2", "fee": fee, "insurance_fee": insurance, "delivery_type": "", "a": 0, "dt": "local",
            "extFees": [], "delivery": served}})

    def create(self, request: Request) -> Reply:
        if request.query.get("ver") != "1.5":
            return self.fail("Thiếu ver=1.5")
        body = request.json()
        refusal = self.take_refusal()
        if refusal:
            return self.fail(refusal)
        order, products = body.get("order") or {}, body.get("products") or []
        lacking = missing(order, ("id", "pick_name", "pick_address", "pick_province", "pick_tel", "tel", "name",
                                  "address", "province", "hamlet", "value"))
        if order.get("pick_money") is None:
            lacking.append("pick_money")
        if not (order.get("ward") or order.get("district")):
            lacking.append("ward")
        if not products or any(missing(p, ("name", "weight")) for p in products):
            lacking.append("products")
        if lacking:
            return self.fail(f"Thiếu thông tin: {', '.join(lacking)}")
        with self.plock:
            for parcel in self.parcels.values():
                if parcel.client_code == str(order["id"]):
                    return self.fail("Mã đơn hàng đã tồn tại", code="ORDER_ID_EXIST", partner_id=parcel.client_code,
                                     ghtk_label=parcel.tracking, created="2026-11-30 10:00:00", status=parcel.status)
        tel = str(order["tel"])
        if not re.fullmatch(r"0\d{9}", tel) or tel in self.refused_phones:
            return self.fail("Số điện thoại người nhận không hợp lệ")
        if int(order["pick_money"]) > COD_LIMIT:
            return self.fail("Tiền thu hộ vượt quá mức cho phép (20.000.000đ)")
        if order.get("ward") in self.unserved:
            return self.fail("Địa chỉ giao hàng chưa được hỗ trợ")
        with self.plock:
            label = f"S1.A1.{17000000 + self.next_number()}"
            grams = int(sum(float(p["weight"]) * int(p.get("quantity") or 1) for p in products) * 1000)
            fee = 22000 + 2500 * (max(0, grams - 500) // 500) + (8000 if order.get("transport") == "fly" else 0)
            self.parcels[label] = Parcel(label, str(order["id"]), 2, int(order["pick_money"]), fee, body)
            self.creates += 1
        deliver = time.strftime("%Y-%m-%d", time.localtime(self.now() + 3 * 86400))
        return json_reply({"success": True, "message": "", "order": {
            "partner_id": order["id"], "label": label, "area": "1", "fee": fee, "insurance_fee": 0,
            "estimated_pick_time": "Sáng 2026-12-01", "estimated_deliver_time": f"{deliver} 17:00:00",
            "products": [], "status_id": 2}})

    def _order(self, parcel: Parcel) -> dict[str, Any]:
        status = 6 if parcel.remitted is not None and parcel.status == 5 else parcel.status
        return {"label_id": parcel.tracking, "partner_id": parcel.client_code, "status": str(status),
                "status_text": f"Trạng thái {status}", "created": "2026-11-30 10:00:00",
                "modified": f"{parcel.remitted_on or '2026-11-30'} 11:00:00", "message": "",
                "pick_money": parcel.remitted if parcel.remitted is not None else parcel.cod,
                "ship_money": parcel.fee, "insurance": 0, "value": parcel.body["order"]["value"], "weight": 0}

    def status(self, request: Request, label: str) -> Reply:
        with self.plock:
            parcel = self.parcels.get(label)
            if parcel is None:
                return self.fail("Không tìm thấy đơn hàng")
            return json_reply({"success": True, "message": "", "order": self._order(parcel)})

    def status_by_partner(self, request: Request, partner_id: str) -> Reply:
        with self.plock:
            found = [p for p in self.parcels.values() if p.client_code == partner_id]
            if not found:
                return self.fail("Không tìm thấy đơn hàng")
            return json_reply({"success": True, "message": "", "order": self._order(found[0])})

    def cancel(self, request: Request, label: str) -> Reply:
        with self.plock:
            parcel = self.parcels.get(label)
            if parcel is None:
                return self.fail("Không tìm thấy đơn hàng")
            if parcel.status not in (1, 2, 12):
                return self.fail("Đơn hàng đã lấy, không thể hủy")
            parcel.status = -1
        return json_reply({"success": True, "message": ""})

    def label(self, request: Request, label: str) -> Reply:
        size = request.query.get("paper_size", "A5")
        if size not in ("A5", "A6") or request.query.get("original", "portrait") not in ("portrait", "landscape"):
            return self.fail("paper_size phải là A5 hoặc A6")
        with self.plock:
            parcel = self.parcels.get(label)
        if parcel is None:
            return self.fail("Không tìm thấy đơn hàng")
        return Reply(200, label_pdf("GHTK", size, [(parcel.client_code, label)]), "application/pdf")


def start(latency: float = 0.0, **options: Any) -> GhtkSimulator:
    return GhtkSimulator.launch(latency, **options)
