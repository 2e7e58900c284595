"""VNPost (Bưu điện Việt Nam), the MyVNPost customer-partner API (``/customer-partner/…``).

VNPost publishes this API to contracted customers; the public material we could read is the list of
its endpoints and request fields as integrations use them (hieukun1011/Shipping,
``util/api_category_vnpost.py`` and ``models/shipping_waybill.py``). The token comes from
``GetAccessToken`` with the account's ``username``, ``password`` and ``customer_code`` and goes in the
``token`` header.

| what | endpoint | source |
|---|---|---|
| token | POST /customer-partner/GetAccessToken | endpoint list |
| provinces / districts / communes | GET /customer-partner/getAllProvince, getAllDistrict, getAllCommune | endpoint list |
| fee of every service | POST /customer-partner/ServicesCharge | endpoint list ("Shipping fee") |
| create | POST /customer-partner/CreateOrder {orderCreationStatus: 1, type: "GUI", informationOrder: {…, saleOrderCode}} | request fields as sent |
| cancel | POST /customer-partner/orderCancel {OriginalId} | request fields as sent |
| lookup by our code, status, label | POST /customer-partner/orderInfo {saleOrderCode or itemCode}, GET /customer-partner/printOrder — **assumed** (not in the public material; to confirm with VNPost's integration pack) |

VNPost takes the old three-level codes (provinceCode "10", districtCode "1100", communeCode): the old
names (core/shipping/legacy.py) are matched in its lists. COD is the addon service with its
amount; ``sendType`` 1 = pickup at the sender, 2 = drop-off at a post office. Limits: none
published; we keep 10 calls/s.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...channels.errors import BadCredentials, BadResponse
from ...channels.limits import ChannelLimits, EndpointLimit
from ...errors import ValidationError
from ...i18n import msg
from ..carrier import CarrierEndpoint as E
from ..errors import BAD_PHONE, NOT_SERVED, CarrierRefused, PhoneRefused, WardNotServed
from ..jsonapi import JsonCarrier, LoginTokens, MasterData, match_name
from ..model import CreatedShipment, LabelSize, Parcel, Party, Quote, ShipmentStatus, TrackingUpdate

_OWN = "VNPost publishes no rate limit; our conservative figure"
S = ShipmentStatus
STATUSES = {  # MyVNPost order statuses
    "10": S.CREATED, "20": S.CREATED, "60": S.PICKED_UP, "70": S.PICKED_UP, "91": S.DELIVERING,
    "100": S.DELIVERED, "110": S.FAILED, "120": S.RETURNING, "161": S.RETURNED, "40": S.CANCELLED,
}
COD_SERVICE = "GTG021"  # the COD addon; PROP0018 carries the amount
COD_PROP = "PROP0018"


class VnpostCarrier(JsonCarrier):
    carrier = "vnpost"
    display_name = "VNPost"
    credential_fields = ("username", "password", "customer_code")
    default_base_url = "https://connect-my.vnpost.vn"
    docs_url = "https://my.vnpost.vn"
    limits = ChannelLimits(endpoints={
        E.QUOTE: EndpointLimit(rate=10, burst=10, concurrency=4, source=_OWN),
        E.CREATE: EndpointLimit(rate=10, burst=10, concurrency=4, source=_OWN),
        E.TRACK: EndpointLimit(rate=10, burst=10, batch=1, concurrency=4, source=_OWN),
        E.LABEL: EndpointLimit(rate=5, burst=5, batch=50, concurrency=2, source=_OWN),
    }, default=EndpointLimit(rate=10, burst=10, concurrency=4, source=_OWN))
    cod_limit = 50_000_000
    label_sizes = (LabelSize.A5, LabelSize.A6)
    wants_legacy_address = True

    def _login(self) -> str:
        answer = self.send_json("POST", "/customer-partner/GetAccessToken", E.AUTH, auth=False, body={
            "username": self.secret("username"), "password": self.secret("password"),
            "customerCode": self.secret("customer_code")})
        data = answer.json() if answer.status not in (401, 403) else {}
        token = data.get("token") if isinstance(data, dict) else None
        if answer.status != 200 or not token:
            raise BadCredentials(str(answer.status), str((data or {}).get("message") or ""))
        return str(token)

    def headers(self) -> dict[str, str]:
        return {"token": LoginTokens.get(self.base_url, self.secret("username"), self._login)}

    def _call(self, method: str, path: str, *, body=None, params=None, endpoint=E.MASTER, once=False,
              phone: str = "", place: str = "", retried: bool = False):
        token = self.headers()["token"]
        answer = self.send_json(method, "/customer-partner/" + path, endpoint, body=body, params=params, once=once)
        if answer.status in (401, 403):
            LoginTokens.forget(self.base_url, self.secret("username"), token)
            if retried:
                raise BadCredentials(str(answer.status), "token refused")
            return self._call(method, path, body=body, params=params, endpoint=endpoint, once=once, phone=phone,
                              place=place, retried=True)
        data = answer.json()
        if answer.status == 200:
            return data
        message = str((data or {}).get("message") if isinstance(data, dict) else data)
        if BAD_PHONE.search(message):
            raise PhoneRefused("VNPost", phone, message)
        if NOT_SERVED.search(message):
            raise WardNotServed("VNPost", place, message)
        raise CarrierRefused("VNPost", message, str((data or {}).get("code") if isinstance(data, dict) else ""))

    def _codes(self, party: Party) -> tuple[str, str, str]:
        old = party.legacy
        if old is None:
            raise ValidationError("ward_code", msg("Thiếu địa chỉ theo bản đồ cũ cho VNPost",
                                                   "VNPost needs the old address"))
        provinces = MasterData.lookup(self.base_url, "province", "", lambda: self._call("GET", "getAllProvince"))
        province = match_name(old.province, [(p["provinceCode"], [p["provinceName"]]) for p in provinces or []])
        districts = MasterData.lookup(self.base_url, "district", "", lambda: self._call("GET", "getAllDistrict"))
        district = match_name(old.district, [(d["districtCode"], [d["districtName"]]) for d in districts or []
                                             if d.get("provinceCode") == province])
        communes = MasterData.lookup(self.base_url, "commune", "", lambda: self._call("GET", "getAllCommune"))
        commune = match_name(old.ward, [(c["communeCode"], [c["communeName"]]) for c in communes or []
                                        if c.get("districtCode") == district])
        if province is None or district is None or commune is None:
            raise WardNotServed("VNPost", old.text, "không có trong danh mục của VNPost")
        return str(province), str(district), str(commune)

    def check(self) -> str:
        LoginTokens.forget(self.base_url, self.secret("username"))
        self.headers()
        return self.secret("customer_code")

    def quote(self, parcel: Parcel) -> list[Quote]:
        sp, sd, _sc = self._codes(parcel.sender)
        rp, rd, rc = self._codes(parcel.receiver)
        rows = self._call("POST", "ServicesCharge", endpoint=E.QUOTE, place=parcel.receiver.full_text, body={
            "senderProvinceCode": sp, "senderDistrictCode": sd, "receiverProvinceCode": rp,
            "receiverDistrictCode": rd, "receiverCommuneCode": rc, "weight": parcel.weight_g,
            "length": parcel.length_cm, "width": parcel.width_cm, "height": parcel.height_cm,
            "codAmount": parcel.cod_amount, "orderValue": parcel.insured_value, "vehicle": "BO"}) or []
        if not rows:
            raise WardNotServed("VNPost", parcel.receiver.full_text)
        return [Quote(self.name, self.carrier, str(r["serviceCode"]), str(r.get("serviceName") or ""),
                      int(r.get("totalFee") or 0), None, str(r.get("deliveryTime") or "")) for r in rows]

    def create(self, parcel: Parcel, service: str | None) -> CreatedShipment:
        s, r = parcel.sender, parcel.receiver
        sp, sd, sc = self._codes(s)
        rp, rd, rc = self._codes(r)
        addons = [{"code": COD_SERVICE, "propValue": f"{COD_PROP}:{parcel.cod_amount}"}] if parcel.cod_amount else []
        body = {"orderCreationStatus": 1, "type": "GUI", "informationOrder": {
            "saleOrderCode": parcel.client_code, "senderName": s.name, "senderPhone": s.phone,
            "senderAddress": s.full_text, "senderProvinceCode": sp, "senderDistrictCode": sd, "senderCommuneCode": sc,
            "receiverName": r.name, "receiverPhone": r.phone, "receiverAddress": r.full_text,
            "receiverProvinceCode": rp, "receiverDistrictCode": rd, "receiverCommuneCode": rc,
            "serviceCode": service or "ETN011", "addonService": addons, "contentNote": parcel.content[:200],
            "weight": parcel.weight_g, "length": parcel.length_cm, "width": parcel.width_cm,
            "height": parcel.height_cm, "orderValue": parcel.insured_value, "vehicle": "BO",
            "sendType": "1" if parcel.pickup else "2", "deliveryRequire": "1", "isBroken": 0}}
        data = self._call("POST", "CreateOrder", body=body, endpoint=E.CREATE, once=True, phone=r.phone,
                          place=r.full_text) or {}
        code = data.get("itemCode") or data.get("originalID")
        if not code:
            raise BadResponse("VNPost", 200, "CreateOrder answered no itemCode")
        return CreatedShipment(str(code), parcel.client_code, _int(data.get("totalFee")), None,
                               str(data.get("status") or ""))

    def _info(self, **key: str) -> dict | None:
        try:
            data = self._call("POST", "orderInfo", body=key, endpoint=E.TRACK)
        except CarrierRefused:
            return None
        return data or None

    def find(self, client_code: str) -> CreatedShipment | None:
        info = self._info(saleOrderCode=client_code)
        if not info or not info.get("itemCode"):
            return None
        return CreatedShipment(str(info["itemCode"]), client_code, _int(info.get("totalFee")), None,
                               str(info.get("status") or ""))

    def cancel(self, tracking_code: str) -> None:
        info = self._info(itemCode=tracking_code) or {}
        self._call("POST", "orderCancel", endpoint=E.CANCEL, body={"OriginalId": info.get("originalID", tracking_code)})

    def label(self, tracking_codes: Sequence[str], size: LabelSize | None = None) -> bytes:
        size = size if size in self.label_sizes else LabelSize.A5
        answer = self.send_json("GET", "/customer-partner/printOrder", E.LABEL,
                                params={"itemCodes": ",".join(tracking_codes), "paperSize": size.value})
        return answer.pdf()

    def track(self, tracking_codes: Sequence[str]) -> list[TrackingUpdate]:
        updates = []
        for code in tracking_codes:
            info = self._info(itemCode=code)
            if not info:
                continue
            raw = str(info.get("status") or "")
            state = STATUSES.get(raw, S.CREATED)
            paid = _int(info.get("codPaid"))
            updates.append(TrackingUpdate(code, raw, state, str(info.get("statusName") or ""), None,
                                          _int(info.get("codAmount")) if state == S.DELIVERED else None,
                                          paid, None, _int(info.get("totalFee"))))
        return updates


def _int(value) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
