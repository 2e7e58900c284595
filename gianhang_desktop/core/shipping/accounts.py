"""Carrier accounts: add (credentials checked against the carrier, then kept in the OS keyring under
the carrier's own key names), list, remove, and the connector for an account."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from ..changes import Changed, Changes
from ..channels import credentials
from ..channels.credentials import ChannelSecrets
from ..channels.http import HttpOptions
from ..database import Database
from ..errors import Conflict, NotFound, ValidationError
from ..i18n import msg
from ..tasks import CancelToken
from ..text import clean
from .carrier import Carrier, CarrierAccountRef
from .model import OPEN_STATUSES
from .models import CarrierAccount, Shipment
from .registry import carrier_class, make_carrier

SECRET_PREFIX = "carrier-"


@dataclass(frozen=True)
class CarrierAccountView:
    """An account as `carrier list` and the window show it (no secret)."""

    name: str
    carrier: str
    display_name: str
    base_url: str | None
    open_shipments: int
    credentials_saved: bool
    last_error: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "carrier": self.carrier, "display_name": self.display_name,
                "base_url": self.base_url, "open_shipments": self.open_shipments,
                "credentials_saved": self.credentials_saved, "last_error": self.last_error}


def check_base_url(url: str | None) -> str | None:
    """An https address, or http only to this machine (a local simulator). Raises ValidationError."""
    if not url:
        return None
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and host:
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if loopback:
            return url
    raise ValidationError("base_url", msg(
        "Địa chỉ hãng vận chuyển phải là https:// (http:// chỉ cho máy này): {url}",
        "The carrier address must be https:// (http:// only for this computer): {url}", url=url))


def _credentials(cls: type[Carrier], given: Mapping[str, Any]) -> dict[str, str]:
    if not isinstance(given, Mapping):
        raise ValidationError("credentials", msg("Thông tin đăng nhập phải là một đối tượng JSON",
                                                 "The credentials must be a JSON object"))
    values = {str(k): clean(str(v)) for k, v in given.items() if v is not None and str(v).strip()}
    for key in cls.credential_fields:
        if not values.get(key):
            raise ValidationError(key, msg("Thiếu “{key}” trong thông tin đăng nhập {carrier} (cần: {keys})",
                                           "“{key}” is missing from the {carrier} credentials (needed: {keys})",
                                           key=key, carrier=cls.display_name, keys=", ".join(cls.credential_fields)))
    allowed = set(cls.credential_fields) | set(cls.optional_fields)
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValidationError(unknown[0], msg("Khóa không dùng cho {carrier}: {keys} (dùng: {allowed})",
                                              "Keys {carrier} does not use: {keys} (use: {allowed})",
                                              carrier=cls.display_name, keys=", ".join(unknown),
                                              allowed=", ".join(sorted(allowed))))
    return {k: values[k] for k in values if k in allowed}


def add_account(db: Database, carrier: str, name: str, given: Mapping[str, Any], *, base_url: str | None = None,
                http: HttpOptions | None = None) -> Changed[CarrierAccountView]:
    """Add a carrier account after proving its credentials with one call to the carrier.

    Raises: ValidationError (bad name, carrier, key or address), Conflict (name taken),
    BadCredentials (the carrier refused them) — and saves nothing in any of these cases."""
    cls = carrier_class(carrier)
    name = clean(name)
    if not name or len(name) > 64:
        raise ValidationError("name", msg("Tên tài khoản vận chuyển phải có từ 1 đến 64 ký tự",
                                          "The carrier account name must be 1 to 64 characters"))
    base_url = check_base_url(base_url)
    values = _credentials(cls, given)
    with db.read_session() as session:
        if session.scalar(select(CarrierAccount.id).where(CarrierAccount.name == name)) is not None:
            raise Conflict(msg("Đã có tài khoản vận chuyển tên “{name}”", "A carrier account “{name}” exists",
                               name=name), field="name")
    connector = make_carrier(CarrierAccountRef(name, cls.carrier, base_url), values, http=http)
    try:
        connector.check()
    finally:
        connector.close()
    ref = SECRET_PREFIX + uuid.uuid4().hex
    saved = credentials.save(ref, ChannelSecrets(app=values))
    with db.session() as session:
        session.add(CarrierAccount(name=name, carrier=cls.carrier, base_url=base_url, secret_ref=ref))
    view = CarrierAccountView(name, cls.carrier, cls.display_name, base_url, 0, saved, None)
    return Changed(view, Changes(settings=True))


def list_accounts(db: Database) -> list[CarrierAccountView]:
    with db.read_session() as session:
        rows = list(session.scalars(select(CarrierAccount).order_by(CarrierAccount.name)))
        open_counts = dict(session.execute(
            select(Shipment.account_id, func.count(Shipment.id))
            .where(Shipment.status.in_([s.value for s in OPEN_STATUSES])).group_by(Shipment.account_id)).all())
    return [CarrierAccountView(r.name, r.carrier, carrier_class(r.carrier).display_name, r.base_url,
                               int(open_counts.get(r.id, 0)), credentials.load(r.secret_ref) is not None, r.last_error)
            for r in rows]


def account_row(session, name: str) -> CarrierAccount:
    row = session.scalar(select(CarrierAccount).where(CarrierAccount.name == clean(name)))
    if row is None:
        raise NotFound(msg("Không có tài khoản vận chuyển “{name}” (thêm bằng: carrier add)",
                           "No carrier account “{name}” (add one with: carrier add)", name=name))
    return row


def connector_for(row: CarrierAccount, *, http: HttpOptions | None = None, cancel: CancelToken | None = None) -> Carrier:
    """The connector of an account row. Raises ValidationError when its credentials are gone (no
    keyring on this computer and a new session: add the account's credentials again)."""
    secrets = credentials.load(row.secret_ref)
    if secrets is None:
        raise ValidationError("credentials", msg(
            "Không tìm thấy thông tin đăng nhập của “{name}” trong kho mật khẩu của máy: hãy nhập lại",
            "The credentials of “{name}” are not in this computer's credential store: enter them again",
            name=row.name))
    return make_carrier(CarrierAccountRef(row.name, row.carrier, row.base_url, row.id), secrets.app,
                        http=http, cancel=cancel)


def remove_account(db: Database, name: str) -> Changes:
    """Remove an account and its keyring entry (its shipments keep the carrier's name)."""
    with db.session() as session:
        row = account_row(session, name)
        ref = row.secret_ref
        session.delete(row)
    credentials.forget(ref)
    return Changes(settings=True)
