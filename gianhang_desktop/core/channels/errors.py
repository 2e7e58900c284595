"""What a connector raises: one small hierarchy the engine, the CLI and the window understand.

Connectors turn each platform's error shapes into these (their ``mapping.py``); messages are
bilingual (core/i18n.py) and carry the platform's own code and text for the log and the window.
"""

from __future__ import annotations

from ..errors import SyncError
from ..i18n import Msg, msg


class ChannelError(SyncError):
    """A channel call failed; ``code`` and ``detail`` are the platform's (may be empty)."""

    retryable = False

    def __init__(self, message: Msg, *, code: str = "", detail: str = "", request_id: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail
        self.request_id = request_id


class TokenExpired(ChannelError):
    """The platform says the access token expired or is invalid: refresh, then retry once."""

    def __init__(self, code: str = "", detail: str = "") -> None:
        super().__init__(msg("Mã truy cập của kênh đã hết hạn", "The channel's access token expired"),
                         code=code, detail=detail)


class NeedsRelogin(ChannelError):
    """The refresh token expired or was revoked: the shop owner must authorise the app again."""

    def __init__(self, account: str = "", code: str = "", detail: str = "") -> None:
        super().__init__(msg("Kênh {name}: cần đăng nhập lại (quyền truy cập đã hết hạn hoặc bị thu hồi)",
                             "Channel {name}: sign in again (the authorisation expired or was revoked)",
                             name=account or "?"), code=code, detail=detail)


class BadCredentials(ChannelError):
    """Wrong or revoked app credentials (key, secret, partner id) or a wrong signature."""

    def __init__(self, code: str = "", detail: str = "") -> None:
        super().__init__(msg("Thông tin ứng dụng của kênh không đúng hoặc đã bị thu hồi ({code})",
                             "The channel's app credentials are wrong or revoked ({code})",
                             code=code or detail or "?"), code=code, detail=detail)


class ClockSkew(ChannelError):
    """The platform refused the request's timestamp: this computer's clock is off."""

    def __init__(self, offset_seconds: float | None = None, code: str = "", detail: str = "") -> None:
        minutes = None if offset_seconds is None else round(offset_seconds / 60, 1)
        super().__init__(
            msg("Đồng hồ máy tính lệch so với sàn{by}; hãy chỉnh giờ máy tính (sàn chỉ nhận chữ ký trong vài phút)",
                "This computer's clock is off from the platform's{by_en}; set the clock right (signatures are only "
                "valid for a few minutes)",
                by=f" khoảng {minutes} phút" if minutes is not None else "",
                by_en=f" by about {minutes} min" if minutes is not None else ""),
            code=code, detail=detail)
        self.offset_seconds = offset_seconds


class RateLimited(ChannelError):
    """Too many calls: wait ``retry_after`` seconds (the scheduler slows that endpoint down)."""

    retryable = True

    def __init__(self, retry_after: float | None = None, code: str = "", detail: str = "") -> None:
        super().__init__(msg("Sàn yêu cầu gửi chậm lại", "The platform asks to slow down"), code=code, detail=detail)
        self.retry_after = retry_after


class Unavailable(ChannelError):
    """5xx, a time-out or a dropped connection after the retry budget: nothing lost, try later."""

    retryable = True

    def __init__(self, platform: str = "", detail: str = "") -> None:
        super().__init__(msg("Không kết nối được {p}; sẽ thử lại sau", "Cannot reach {p}; will try again later",
                             p=platform or "sàn"), detail=detail)


class BadResponse(ChannelError):
    """The platform answered something that is not what its documentation says (an HTML error page
    where JSON was expected, a missing field)."""

    retryable = True

    def __init__(self, platform: str = "", status: int | None = None, detail: str = "") -> None:
        super().__init__(msg("{p} trả lời không đúng định dạng (HTTP {status}): {detail}",
                             "{p} answered in an unexpected format (HTTP {status}): {detail}",
                             p=platform or "sàn", status=status if status is not None else "?",
                             detail=detail[:120]), detail=detail)
        self.status = status


class Refused(ChannelError):
    """The platform refused the call for a reason of its own (shown with its code and message)."""

    def __init__(self, code: str = "", detail: str = "") -> None:
        super().__init__(msg("Sàn từ chối: {code} {detail}", "The platform refused: {code} {detail}",
                             code=code, detail=detail[:200]), code=code, detail=detail)


class NotSupported(ChannelError):
    """The platform has no such operation (e.g. the national store prints no shipping label)."""

    def __init__(self, what: str = "") -> None:
        super().__init__(msg("Kênh này không hỗ trợ: {w}", "This channel does not support: {w}", w=what))
