"""Which connector class serves which platform, and building one for an account."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..errors import ValidationError
from ..i18n import msg
from ..tasks import CancelToken
from .connector import AccountRef, ChannelConnector, ConnectorContext
from .credentials import ChannelSecrets
from .http import HttpOptions
from .model import Platform, TokenPair
from .tokens import TokenKeeper

# platform -> "module:Class"; each connector lives in core/channels/<platform>/client.py.
CONNECTORS: dict[str, str] = {
    Platform.SHOPEE: "gianhang_desktop.core.channels.shopee.client:ShopeeConnector",
    Platform.LAZADA: "gianhang_desktop.core.channels.lazada.client:LazadaConnector",
    Platform.TIKTOK: "gianhang_desktop.core.channels.tiktok.client:TiktokConnector",
    Platform.TIKI: "gianhang_desktop.core.channels.tiki.client:TikiConnector",
    Platform.STORE: "gianhang_desktop.core.channels.store.client:StoreConnector",
}
MARKETPLACES = (Platform.SHOPEE, Platform.LAZADA, Platform.TIKTOK, Platform.TIKI)

# Tests put doubles here (platform -> class) to run the engine without HTTP.
overrides: dict[str, type[ChannelConnector]] = {}


def connector_class(platform: str) -> type[ChannelConnector]:
    """The connector class of ``platform``. Raises ValidationError (field "platform") if unknown."""
    if platform in overrides:
        return overrides[platform]
    target = CONNECTORS.get(platform)
    if target is None:
        raise ValidationError("platform", msg("Sàn không được hỗ trợ: '{p}' (chọn shopee, lazada, tiktok, tiki)",
                                              "Unsupported platform '{p}' (choose shopee, lazada, tiktok, tiki)",
                                              p=platform))
    module, _, name = target.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise ValidationError("platform", msg("Chưa có bộ kết nối cho sàn '{p}'", "No connector for '{p}' yet",
                                              p=platform)) from None


def make_connector(account: AccountRef, secrets: ChannelSecrets, *,
                   save_tokens: Callable[[TokenPair], None] | None = None,
                   reload_tokens: Callable[[], TokenPair | None] | None = None,
                   http: HttpOptions | None = None, cancel: CancelToken | None = None) -> ChannelConnector:
    """A connector for ``account`` whose token keeper refreshes through the connector itself and
    saves each new pair with ``save_tokens`` before it is used."""
    cls = connector_class(account.platform)
    keeper = TokenKeeper(account.name, secrets.tokens, save_fn=save_tokens, reload_fn=reload_tokens)
    connector = cls(ConnectorContext(account=account, app=dict(secrets.app), tokens=keeper,
                                     http=http or HttpOptions(), cancel=cancel))
    keeper.refresh_fn = connector.refresh_tokens
    return connector
