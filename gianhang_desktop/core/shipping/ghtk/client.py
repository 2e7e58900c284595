"""GHTK (Giao Hàng Tiết Kiệm), from its public API documentation at api.ghtk.vn/docs.

Every call carries the ``Token`` header (and ``X-Client-Source`` when the account has a partner code).

| what | endpoint | document |
|---|---|---|
| check (pickup addresses of the shop) | GET /services/shipment/list_pick_add | "Danh sách địa chỉ lấy hàng" |
| fee | GET /services/shipment/fee | submit-order/shipping-fee |
| create | POST /services/shipment/order/?ver=1.5 | submit-order/submit-order-express |
| lookup by our code | GET /services/shipment/v2/partner_id:{id} | submit-order/order-status |
| status, COD | GET /services/shipment/v2/{label} | submit-order/order-status |
| cancel | POST /services/shipment/cancel/{label} | submit-order/cancel-order |
| label PDF | GET /services/label/{label}?original=portrait&paper_size=A5|A6 | submit-order/print-label |

GHTK takes names, not codes: the 2025 province and ward names go in ``province``/``ward`` (and
``pick_province``/``pick_ward``). The fee page gives no delivery time, so GHTK quotes carry none.
A create with an order id GHTK already has is answered ``ORDER_ID_EXIST`` with the existing label:
that is taken as the shipment (never a second one). Transport "road" and "fly" are the services.
Limits: GHTK publishes none; we keep 10 calls/s per class of call.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from ...channels.errors import BadCredentials, BadResponse
from ...channels.limits import ChannelLimits, EndpointLimit
from ..carrier import CarrierEndpoint as E
from ..errors import CarrierRefused, WardNotServed
from ..jsonapi import JsonCarrier
from ..model import CreatedShipment, LabelSize, Parcel, Quote, TrackingUpdate
from . import mapping

_OWN = "GHTK publishes no rate limit (api.ghtk.vn/docs); our conservative figure"
SERVICES = {"road": "Đường bộ", "fly": "Đường bay"}


class GhtkCarrier(JsonCarrier):
    carrier = "ghtk"
    display_name = "GHTK"
    credential_fields = ("token",)
    optional_fields = ("client_source",)
    default_base_url = "https://services.giaohangtietkiem.vn"
    docs_url = "https://api.ghtk.vn/docs/submit-order/logistic-overview"
    limits = ChannelLimits(endpoints={
        E.QUOTE: EndpointLimit(rate=10, burst=10, concurrency=8, source=_OWN),
        E.CREATE: EndpointLimit(rate=10, burst=10, concurrency=4, source=_OWN),
        E.TRACK: EndpointLimit(rate=10, burst=10, batch=1, concurrency=4, source=_OWN),
        E.LABEL: EndpointLimit(rate=5, burst=5, batch=1, concurrency=2, source=_OWN),
    }, default=EndpointLimit(rate=10, burst=10, concurrency=4, source=_OWN))
    cod_limit = 20_000_000  # GHTK's COD ceiling for a parcel (pick_money), as its service terms state
    label_sizes = (LabelSize.A5, LabelSize.A6)

    def headers(self) -> dict[str, str]:
        headers = {"Token": self.secret("token")}
        if self.secret("client_source"):
            headers["X-Client-Source"] = self.secret("client_source")
        return headers

    def _call(self, method: str, path: str, *, body=None, params=None, endpoint=E.MASTER, once=False,
              phone: str = "", place: str = "", allow=()):
        answer = self.send_json(method, path, endpoint, body=body, params=params, once=once)
        data = self.json_of(answer)
        if not isinstance(data, dict):
            raise BadResponse("GHTK", answer.status, "not a JSON object")
        if data.get("success") is True:
            return data
        error = data.get("error") if isinstance(data.get("error"), dict) else {}
        if error.get("code") in allow:
            return data
        if "token" in str(data.get("message", "")).lower():
            raise BadCredentials("token", str(data.get("message")))
        raise mapping.refusal(data, phone=phone, place=place)

    def check(self) -> str:
        data = self._call("GET", "/services/shipment/list_pick_add", endpoint=E.AUTH)
        return str(len(data.get("data") or []))

    def quote(self, parcel: Parcel) -> list[Quote]:
        s, r = parcel.sender, parcel.receiver

        def price(transport: str) -> Quote | None:
            data = self._call("GET", "/services/shipment/fee", endpoint=E.QUOTE, place=r.full_text, params={
                "pick_province": s.province, "pick_ward": s.ward, "pick_address": s.address_line,
                "province": r.province, "ward": r.ward, "address": r.address_line,
                "weight": parcel.weight_g, "value": parcel.insured_value, "transport": transport,
                "deliver_option": "none"})
            fee = data.get("fee") or {}
            if not fee.get("delivery", False):
                return None
            return Quote(self.name, self.carrier, transport, SERVICES[transport],
                         int(fee.get("fee") or 0) + int(fee.get("insurance_fee") or 0), None, "",
                         str(fee.get("name") or ""))

        with ThreadPoolExecutor(max_workers=len(SERVICES)) as pool:
            quotes = [q for q in pool.map(price, SERVICES) if q is not None]
        if not quotes:
            raise WardNotServed("GHTK", r.full_text)
        return quotes

    def create(self, parcel: Parcel, service: str | None) -> CreatedShipment:
        s, r = parcel.sender, parcel.receiver
        body = {
            "products": [{"name": i.name, "weight": round(i.weight_g / 1000, 3), "quantity": i.quantity,
                          "product_code": i.sku, "price": i.price} for i in parcel.items],
            "order": {
                "id": parcel.client_code, "pick_name": s.name, "pick_address": s.address_line,
                "pick_province": s.province, "pick_ward": s.ward, "pick_tel": s.phone,
                "tel": r.phone, "name": r.name, "address": r.address_line, "province": r.province, "ward": r.ward,
                "hamlet": "Khác", "is_freeship": "1", "pick_money": parcel.cod_amount, "note": parcel.note[:120],
                "value": parcel.insured_value, "transport": service if service in SERVICES else "road",
                "pick_option": "cod" if parcel.pickup else "post",
                "total_weight": round(parcel.weight_g / 1000, 3),
            },
        }
        data = self._call("POST", "/services/shipment/order/", params={"ver": "1.5"}, body=body, endpoint=E.CREATE,
                          once=True, phone=r.phone, place=r.full_text, allow=("ORDER_ID_EXIST",))
        if data.get("success") is not True:  # ORDER_ID_EXIST: GHTK already has it under our id
            existing = data.get("error") or {}
            label = existing.get("ghtk_label")
            if not label:
                raise CarrierRefused("GHTK", str(data.get("message") or ""), "ORDER_ID_EXIST")
            return CreatedShipment(str(label), parcel.client_code, None, None, str(existing.get("status") or ""))
        order = data.get("order") or {}
        if not order.get("label"):
            raise BadResponse("GHTK", 200, "create answered no label")
        return CreatedShipment(str(order["label"]), parcel.client_code,
                               int(order.get("fee") or 0) + int(order.get("insurance_fee") or 0),
                               mapping.local_date(order.get("estimated_deliver_time")), str(order.get("status_id", "")))

    def _status(self, key: str) -> dict | None:
        try:
            return self._call("GET", f"/services/shipment/v2/{key}", endpoint=E.TRACK).get("order") or None
        except CarrierRefused:
            return None

    def find(self, client_code: str) -> CreatedShipment | None:
        order = self._status(f"partner_id:{client_code}")
        if not order or not order.get("label_id"):
            return None
        return CreatedShipment(str(order["label_id"]), client_code, _int(order.get("ship_money")),
                               mapping.local_date(order.get("deliver_date")), str(order.get("status") or ""))

    def cancel(self, tracking_code: str) -> None:
        self._call("POST", f"/services/shipment/cancel/{tracking_code}", endpoint=E.CANCEL)

    def label(self, tracking_codes: Sequence[str], size: LabelSize | None = None) -> bytes:
        size = size if size in self.label_sizes else LabelSize.A6
        code = tracking_codes[0]
        answer = self.send_json("GET", f"/services/label/{code}", E.LABEL,
                                params={"original": "portrait", "paper_size": size.value})
        if answer.content.startswith(b"%PDF"):
            return answer.content
        data = self.json_of(answer)  # an error comes back as JSON
        raise mapping.refusal(data if isinstance(data, dict) else {"message": str(data)})

    def track(self, tracking_codes: Sequence[str]) -> list[TrackingUpdate]:
        updates = []
        for code in tracking_codes:
            order = self._status(code)
            if not order:
                continue
            raw = order.get("status")
            reconciled = str(raw) == str(mapping.RECONCILED)
            pick_money = _int(order.get("pick_money"))
            delivered = mapping.status(raw).value == "delivered"
            updates.append(TrackingUpdate(
                code, str(raw), mapping.status(raw), str(order.get("status_text") or ""),
                mapping.parse_time(order.get("modified")), pick_money if delivered else None,
                pick_money if reconciled else None,
                mapping.local_date(order.get("modified")) if reconciled else None, _int(order.get("ship_money"))))
        return updates


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
