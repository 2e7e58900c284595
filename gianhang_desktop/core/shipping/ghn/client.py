"""GHN (Giao Hàng Nhanh) API v2, from its public documentation at api.ghn.vn/home/docs.

Every call carries the ``Token`` header, and the shop's ``ShopId`` where the page says so.

| what | endpoint | document |
|---|---|---|
| check (shops of the token) | POST /shiip/public-api/v2/shop/all | "Get Store" |
| provinces / districts / wards | GET /shiip/public-api/master-data/province, /district, /ward | "Get Province/District/Ward" |
| services between two districts | POST /shiip/public-api/v2/shipping-order/available-services | "Get Service" |
| fee | POST /shiip/public-api/v2/shipping-order/fee | detail?id=76 "Calculate Fee" |
| expected delivery | POST /shiip/public-api/v2/shipping-order/leadtime | "Calculate the expected delivery time" |
| create | POST /shiip/public-api/v2/shipping-order/create | detail?id=63 / id=123 "Create Order" (name fields) |
| lookup by our code | POST /shiip/public-api/v2/shipping-order/detail-by-client-code | detail?id=119 |
| status, COD | POST /shiip/public-api/v2/shipping-order/detail | "Order Info" (status list, is_cod_transferred) |
| cancel | POST /shiip/public-api/v2/switch-status/cancel | "Cancel Order" |
| labels | POST /shiip/public-api/v2/a5/gen-token, then GET /a5/public-api/printA5 · printer80x80 · printer52x70 ?token= | detail?id=67 "Print Order" |

Addresses: create takes GHN's name fields (``to_ward_name``, ``to_province_name``) with the 2025
names; fee, leadtime and services still take GHN's district id and ward code, found from the old
three-level names (core/shipping/legacy.py) in GHN's master data. Limits: GHN publishes none; we
keep 10 calls/s per class of call.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from ...channels.errors import BadCredentials, BadResponse, Unavailable
from ...channels.limits import ChannelLimits, EndpointLimit
from ...errors import ValidationError
from ...i18n import msg
from ..carrier import CarrierEndpoint as E
from ..errors import CarrierRefused, WardNotServed
from ..jsonapi import JsonCarrier, MasterData, match_name
from ..model import CreatedShipment, LabelSize, Parcel, Party, Quote, TrackingUpdate
from . import mapping

API = "/shiip/public-api"
_OWN = "GHN publishes no rate limit (api.ghn.vn/home/docs); our conservative figure"
PRINT_PATHS = {LabelSize.A5: "printA5", LabelSize.P80X80: "printer80x80", LabelSize.P52X70: "printer52x70"}


class GhnCarrier(JsonCarrier):
    carrier = "ghn"
    display_name = "GHN"
    credential_fields = ("token", "shop_id")
    optional_fields = ("pick_station_id",)
    default_base_url = "https://online-gateway.ghn.vn"
    docs_url = "https://api.ghn.vn/home/docs/detail"
    limits = ChannelLimits(endpoints={
        E.QUOTE: EndpointLimit(rate=10, burst=10, concurrency=8, source=_OWN),
        E.CREATE: EndpointLimit(rate=10, burst=10, concurrency=4, source=_OWN),
        E.FIND: EndpointLimit(rate=10, burst=10, concurrency=4, source=_OWN),
        E.TRACK: EndpointLimit(rate=10, burst=10, batch=1, concurrency=4, source=_OWN),
        E.CANCEL: EndpointLimit(rate=5, burst=5, concurrency=2, source=_OWN),
        E.LABEL: EndpointLimit(rate=5, burst=5, batch=100, concurrency=2, source=_OWN),
    }, default=EndpointLimit(rate=10, burst=10, concurrency=4, source=_OWN))
    cod_limit = 50_000_000  # "cod_amount … Maximum: 50.000.000" (Create Order)
    insurance_limit = 5_000_000  # "insurance_value … Maximum 5.000.000" (Calculate Fee)
    label_sizes = (LabelSize.A5, LabelSize.P80X80, LabelSize.P52X70)
    wants_legacy_address = True

    def headers(self) -> dict[str, str]:
        return {"Token": self.secret("token"), "ShopId": self.secret("shop_id")}

    def _call(self, path: str, body=None, *, method: str = "POST", params=None, endpoint=E.MASTER, once=False,
              phone: str = "", place: str = ""):
        answer = self.send_json(method, API + path, endpoint, body=body, params=params, once=once)
        data = self.json_of(answer)
        if not isinstance(data, dict):
            raise BadResponse("GHN", answer.status, "not a JSON object")
        if answer.status == 200 and data.get("code") == 200:
            return data.get("data")
        if answer.status == 401 or data.get("code") == 401:
            raise BadCredentials(str(data.get("code")), str(data.get("message", "")))
        raise mapping.refusal(data, phone=phone, place=place)

    # -- master data -------------------------------------------------------------------------------

    def _ids(self, party: Party) -> tuple[int, str]:
        """GHN's district id and ward code of the party's old-map unit."""
        old = party.legacy
        if old is None:
            raise ValidationError("ward_code", msg("Thiếu địa chỉ theo bản đồ cũ cho GHN", "GHN needs the old address"))
        provinces = MasterData.lookup(self.base_url, "province", "", lambda: self._call("/master-data/province",
                                                                                         method="GET"))
        province = match_name(old.province, [(p["ProvinceID"], [p["ProvinceName"], *(p.get("NameExtension") or [])])
                                             for p in provinces or []])
        districts = [] if province is None else MasterData.lookup(
            self.base_url, "district", province,
            lambda: self._call("/master-data/district", method="GET", params={"province_id": province}))
        district = match_name(old.district, [(d["DistrictID"], [d["DistrictName"], *(d.get("NameExtension") or [])])
                                             for d in districts or []])
        wards = [] if district is None else MasterData.lookup(
            self.base_url, "ward", district,
            lambda: self._call("/master-data/ward", method="GET", params={"district_id": district}))
        ward = match_name(old.ward, [(w["WardCode"], [w["WardName"], *(w.get("NameExtension") or [])])
                                     for w in wards or []])
        if province is None or district is None or ward is None:
            raise WardNotServed("GHN", old.text, "không có trong danh mục địa chỉ của GHN")
        return int(district), str(ward)

    # -- the interface -----------------------------------------------------------------------------

    def check(self) -> str:
        data = self._call("/v2/shop/all", {"offset": 0, "limit": 200, "client_phone": ""}, endpoint=E.AUTH)
        shops = (data or {}).get("shops") or []
        wanted = self.secret("shop_id")
        if not any(str(s.get("_id")) == wanted for s in shops):
            raise BadCredentials("shop_id", f"ShopId {wanted} is not a shop of this token")
        return wanted

    def quote(self, parcel: Parcel) -> list[Quote]:
        from_district, from_ward = self._ids(parcel.sender)
        to_district, to_ward = self._ids(parcel.receiver)
        place = parcel.receiver.legacy.text if parcel.receiver.legacy else parcel.receiver.full_text
        services = self._call("/v2/shipping-order/available-services",
                              {"shop_id": int(self.secret("shop_id")), "from_district": from_district,
                               "to_district": to_district}, endpoint=E.QUOTE, place=place) or []
        if not services:
            raise WardNotServed("GHN", place)
        base = {"from_district_id": from_district, "from_ward_code": from_ward, "to_district_id": to_district,
                "to_ward_code": to_ward}

        def fee(service: dict) -> dict:
            return self._call("/v2/shipping-order/fee", {
                **base, "service_id": service["service_id"], "service_type_id": None, "weight": parcel.weight_g,
                "length": parcel.length_cm, "width": parcel.width_cm, "height": parcel.height_cm,
                "insurance_value": min(parcel.insured_value, self.insurance_limit), "cod_value": parcel.cod_amount,
                "coupon": None}, endpoint=E.QUOTE, place=place) or {}

        def leadtime(service: dict) -> dict:
            return self._call("/v2/shipping-order/leadtime", {**base, "service_id": service["service_id"]},
                              endpoint=E.QUOTE, place=place) or {}

        # Every service's fee and lead time at once: one round trip after the service list.
        with ThreadPoolExecutor(max_workers=min(16, 2 * len(services))) as pool:
            fees = [pool.submit(fee, s) for s in services]
            leads = [pool.submit(leadtime, s) for s in services]
            quotes = []
            for service, fee_answer, lead_answer in zip(services, fees, leads, strict=True):
                eta = mapping.local_date(lead_answer.result().get("leadtime"))
                quotes.append(Quote(self.name, self.carrier, str(service["service_id"]),
                                    str(service.get("short_name") or service["service_id"]),
                                    int(fee_answer.result().get("total") or 0), eta,
                                    eta.strftime("%d/%m/%Y") if eta else ""))
            return quotes

    def create(self, parcel: Parcel, service: str | None) -> CreatedShipment:
        r, s = parcel.receiver, parcel.sender
        body = {
            "payment_type_id": 1, "note": parcel.note, "required_note": "KHONGCHOXEMHANG",
            "client_order_code": parcel.client_code,
            "from_name": s.name, "from_phone": s.phone, "from_address": s.address_line,
            "from_ward_name": s.ward, "from_province_name": s.province,
            "to_name": r.name, "to_phone": r.phone, "to_address": r.full_text,
            "to_ward_name": r.ward, "to_province_name": r.province,
            "cod_amount": parcel.cod_amount, "content": parcel.content, "weight": parcel.weight_g,
            "length": parcel.length_cm, "width": parcel.width_cm, "height": parcel.height_cm,
            "insurance_value": min(parcel.insured_value, self.insurance_limit),
            "service_id": int(service) if service and service.isdigit() else 0,
            "service_type_id": None if service and service.isdigit() else 2,
            "items": [{"name": i.name, "code": i.sku, "quantity": i.quantity, "price": i.price,
                       "weight": i.weight_g} for i in parcel.items],
        }
        if not parcel.pickup:
            station = self.secret("pick_station_id")
            if not station:
                raise CarrierRefused("GHN", "gửi tại bưu cục cần pick_station_id của bưu cục (thêm vào tài khoản)")
            body["pick_station_id"] = int(station)
        data = self._call("/v2/shipping-order/create", body, endpoint=E.CREATE, once=True, phone=r.phone,
                          place=r.full_text) or {}
        code = data.get("order_code")
        if not code:
            raise BadResponse("GHN", 200, "create answered no order_code")
        return CreatedShipment(str(code), parcel.client_code, _int(data.get("total_fee")),
                               mapping.local_date(data.get("expected_delivery_time")), "ready_to_pick",
                               str(data.get("sort_code") or ""))

    def find(self, client_code: str) -> CreatedShipment | None:
        try:
            data = self._call("/v2/shipping-order/detail-by-client-code", {"client_order_code": client_code},
                              endpoint=E.FIND)
        except CarrierRefused as error:
            if "không tồn tại" in error.detail.lower() or "not found" in error.detail.lower():
                return None
            raise
        if isinstance(data, list):
            data = data[0] if data else None
        if not data or not data.get("order_code"):
            return None
        return CreatedShipment(str(data["order_code"]), client_code, _int(data.get("total_fee")),
                               mapping.local_date(data.get("leadtime")), str(data.get("status") or ""))

    def cancel(self, tracking_code: str) -> None:
        data = self._call("/v2/switch-status/cancel", {"order_codes": [tracking_code]}, endpoint=E.CANCEL) or []
        for row in data:
            if str(row.get("order_code")) == tracking_code and not row.get("result"):
                raise CarrierRefused("GHN", str(row.get("message") or "không hủy được"))

    def label(self, tracking_codes: Sequence[str], size: LabelSize | None = None) -> bytes:
        size = size or LabelSize.A5
        if size not in PRINT_PATHS:
            raise ValidationError("size", msg("GHN không in khổ {s}", "GHN does not print {s}", s=size.value))
        token = (self._call("/v2/a5/gen-token", {"order_codes": list(tracking_codes)}, endpoint=E.LABEL) or {})
        if not token.get("token"):
            raise BadResponse("GHN", 200, "gen-token answered no token")
        answer = self.send_json("GET", f"/a5/public-api/{PRINT_PATHS[size]}", E.LABEL,
                                params={"token": token["token"]})
        if answer.status != 200:
            raise Unavailable("GHN", f"print page HTTP {answer.status}")
        return answer.pdf()

    def track(self, tracking_codes: Sequence[str]) -> list[TrackingUpdate]:
        updates = []
        for code in tracking_codes:
            try:
                data = self._call("/v2/shipping-order/detail", {"order_code": code}, endpoint=E.TRACK) or {}
            except CarrierRefused:
                continue  # unknown here: left out
            raw = str(data.get("status") or "")
            transferred = bool(data.get("is_cod_transferred"))
            cod = _int(data.get("cod_amount"))
            log = data.get("log") or []
            updates.append(TrackingUpdate(
                code, raw, mapping.status(raw), str((log[-1] if log else {}).get("status") or raw),
                mapping.parse_time(data.get("updated_date")),
                cod if data.get("is_cod_collected") else None, cod if transferred else None,
                mapping.local_date(data.get("cod_transfer_date")) if transferred else None,
                _int(data.get("total_fee"))))
        return updates


def _int(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
