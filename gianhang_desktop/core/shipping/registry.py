"""Which connector class serves which carrier, and building one for an account."""

from __future__ import annotations

import importlib

from ..channels.http import HttpOptions
from ..errors import ValidationError
from ..i18n import msg
from ..tasks import CancelToken
from .carrier import Carrier, CarrierAccountRef, CarrierContext
from .model import CarrierName

# carrier -> "module:Class"; each connector lives in core/shipping/<carrier>/client.py.
CARRIERS: dict[str, str] = {
    CarrierName.GHN: "gianhang_desktop.core.shipping.ghn.client:GhnCarrier",
    CarrierName.GHTK: "gianhang_desktop.core.shipping.ghtk.client:GhtkCarrier",
    CarrierName.VIETTELPOST: "gianhang_desktop.core.shipping.viettelpost.client:ViettelPostCarrier",
    CarrierName.VNPOST: "gianhang_desktop.core.shipping.vnpost.client:VnpostCarrier",
}


def carrier_class(kind: str) -> type[Carrier]:
    """The connector class of ``kind``. Raises ValidationError (field "carrier") if unknown."""
    target = CARRIERS.get((kind or "").strip().lower())
    if target is None:
        raise ValidationError("carrier", msg("Hãng vận chuyển không được hỗ trợ: '{c}' (chọn ghn, ghtk, viettelpost, vnpost)",
                                             "Unsupported carrier '{c}' (choose ghn, ghtk, viettelpost, vnpost)", c=kind))
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def make_carrier(account: CarrierAccountRef, secrets: dict[str, str], *, http: HttpOptions | None = None,
                 cancel: CancelToken | None = None) -> Carrier:
    cls = carrier_class(account.carrier)
    return cls(CarrierContext(account=account, secrets=dict(secrets), http=http or HttpOptions(), cancel=cancel))
