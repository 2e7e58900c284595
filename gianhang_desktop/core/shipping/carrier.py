"""The one carrier interface (GHN, GHTK, Viettel Post, VNPost implement it).

A connector is a package ``core/shipping/<carrier>/`` with ``client.py`` (this class over the shared
:class:`~gianhang_desktop.core.channels.http.ChannelHttp`) and ``mapping.py`` (the carrier's JSON to
:mod:`.model` and its error shapes to :mod:`.errors`). It never touches the database or the keyring;
the service (core/shipping/service.py) calls it through the one scheduler
(core/channels/scheduler.py), which keeps the limits the class declares in ``limits``.

Create is the one call that must never be repeated blindly: ``http_once`` sends it without HTTP
retries, and when its answer is lost the service asks ``find(client_code)`` — the carrier's lookup
by our order code — before anything is sent again.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import ClassVar

from ..channels.http import ChannelHttp, HttpOptions
from ..channels.limits import ChannelLimits
from ..tasks import CancelToken
from .model import CreatedShipment, LabelSize, Parcel, Quote, TrackingUpdate


class CarrierEndpoint(StrEnum):
    """Classes of calls sharing one limit at a carrier."""

    AUTH = "auth"  # login / token
    MASTER = "master"  # provinces, districts, wards, services
    QUOTE = "quote"
    CREATE = "create"
    FIND = "find"  # lookup by our order code
    CANCEL = "cancel"
    LABEL = "label"
    TRACK = "track"


@dataclass(frozen=True)
class CarrierAccountRef:
    """The account a connector works for, as plain data."""

    name: str
    carrier: str
    base_url: str | None = None  # None: the carrier's production address
    id: int | None = None


@dataclass
class CarrierContext:
    account: CarrierAccountRef
    secrets: dict[str, str]
    http: HttpOptions = field(default_factory=HttpOptions)
    cancel: CancelToken | None = None


class Carrier(ABC):
    """One carrier account's API in our shapes (core/shipping/model.py).

    Subclasses declare ``carrier``, ``display_name``, ``credential_fields`` (the `carrier add` JSON
    keys, the carrier's own names), ``default_base_url``, ``docs_url``, ``limits`` (documented, or our
    own conservative figure where the carrier publishes none; ``source`` says which), ``cod_limit``
    (đồng, the most it collects on one parcel), ``label_sizes`` and ``wants_legacy_address`` (True when
    its API still takes the pre-2025 three-level map).
    """

    carrier: ClassVar[str]
    display_name: ClassVar[str]
    credential_fields: ClassVar[tuple[str, ...]]
    optional_fields: ClassVar[tuple[str, ...]] = ()
    default_base_url: ClassVar[str]
    docs_url: ClassVar[str] = ""
    limits: ClassVar[ChannelLimits]
    cod_limit: ClassVar[int]
    label_sizes: ClassVar[tuple[LabelSize, ...]]
    wants_legacy_address: ClassVar[bool] = False

    def __init__(self, context: CarrierContext) -> None:
        self.context = context
        self.http = ChannelHttp(self.display_name, context.http, cancel=context.cancel,
                                user_agent="GianHangDesktop-shipping")
        # Creates go out once: a lost answer is settled by `find`, never by sending again.
        self.http_once = ChannelHttp(self.display_name, replace(context.http, retries=0), cancel=context.cancel,
                                     user_agent="GianHangDesktop-shipping")
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return (self.context.account.base_url or self.default_base_url).rstrip("/")

    @property
    def name(self) -> str:
        return self.context.account.name

    def secret(self, key: str) -> str:
        return self.context.secrets.get(key, "")

    def close(self) -> None:
        self.http.close()
        self.http_once.close()

    @abstractmethod
    def check(self) -> str:
        """Prove the credentials work (a light authenticated call); returns the carrier's shop name
        or id. Raises BadCredentials."""

    @abstractmethod
    def quote(self, parcel: Parcel) -> list[Quote]:
        """Every service the carrier offers for the parcel, with its fee and expected delivery.
        Raises WardNotServed, CarrierRefused, BadCredentials, Unavailable."""

    @abstractmethod
    def create(self, parcel: Parcel, service: str | None) -> CreatedShipment:
        """Create the shipment under ``parcel.client_code`` (sent once, via ``http_once``); the
        carrier's tracking code. Raises CarrierRefused (its message as given), WardNotServed,
        PhoneRefused, CodTooHigh; Unavailable when the answer was lost (the caller then uses ``find``)."""

    @abstractmethod
    def find(self, client_code: str) -> CreatedShipment | None:
        """The shipment created under our code, or None when the carrier has none."""

    @abstractmethod
    def cancel(self, tracking_code: str) -> None:
        """Cancel before pickup. Raises CarrierRefused when the carrier will not (already picked up)."""

    @abstractmethod
    def label(self, tracking_codes: Sequence[str], size: LabelSize | None = None) -> bytes:
        """The carrier's own label(s) as PDF bytes, as delivered."""

    @abstractmethod
    def track(self, tracking_codes: Sequence[str]) -> list[TrackingUpdate]:
        """The current state of each parcel, COD collected and remitted where the carrier reports it
        (at most ``limits.of(TRACK).batch`` codes a call). Unknown codes are left out."""
