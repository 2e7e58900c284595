"""Why a picture file cannot be used, in words a clerk understands (Vietnamese first)."""

from __future__ import annotations

from pathlib import Path

from ..errors import GianHangError
from ..i18n import Msg, msg


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


class PhotoError(GianHangError):
    """One picture could not be imported; the rest of a batch carries on.

    `code` is stable for programs (`--json`), the message is for people. It pickles, so a
    worker process can hand it back.
    """

    def __init__(self, code: str, message: Msg) -> None:
        super().__init__(message)
        self.code = code
        self.args = (code, message)

    @classmethod
    def missing(cls, path: Path) -> PhotoError:
        return cls(
            "missing", msg("Không tìm thấy tệp {name}", "File not found: {name}", name=path.name)
        )

    @classmethod
    def unreadable(cls, path: Path) -> PhotoError:
        return cls(
            "unreadable",
            msg("Không có quyền đọc tệp {name}", "No permission to read {name}", name=path.name),
        )

    @classmethod
    def too_big(cls, size: int, limit: int) -> PhotoError:
        return cls(
            "too_big",
            msg(
                "Tệp quá lớn ({size}, tối đa {limit})",
                "File too large ({size}, at most {limit})",
                size=_mb(size),
                limit=_mb(limit),
            ),
        )

    @classmethod
    def not_an_image(cls) -> PhotoError:
        return cls(
            "not_an_image",
            msg(
                "Không phải tệp ảnh hoặc định dạng không hỗ trợ (dùng JPEG, PNG, WebP, HEIC, AVIF)",
                "Not a picture or an unsupported format (use JPEG, PNG, WebP, HEIC, AVIF)",
            ),
        )

    @classmethod
    def unsupported(cls, suffix: str) -> PhotoError:
        return cls(
            "unsupported",
            msg(
                "Định dạng {suffix} (ảnh RAW của máy ảnh) chưa hỗ trợ; hãy xuất ảnh sang JPEG",
                "{suffix} (a camera RAW file) is not supported; export the picture as JPEG",
                suffix=suffix.upper().lstrip("."),
            ),
        )

    @classmethod
    def corrupt(cls, detail: str) -> PhotoError:
        return cls(
            "corrupt",
            msg(
                "Ảnh bị hỏng hoặc chép chưa hết ({detail})",
                "The picture is damaged or incompletely copied ({detail})",
                detail=detail,
            ),
        )

    @classmethod
    def too_many_pixels(cls, width: int | None, height: int | None, limit: int) -> PhotoError:
        dims = f"{width}×{height}, " if width and height else ""
        return cls(
            "too_many_pixels",
            msg(
                "Ảnh quá nhiều điểm ảnh ({dims}tối đa {mp} triệu); có thể là tệp độc hại",
                "Too many pixels ({dims}at most {mp} million); possibly a decompression bomb",
                dims=dims,
                mp=f"{limit / 1_000_000:.0f}",
            ),
        )

    @classmethod
    def cannot_compress(cls, size: int, limit: int) -> PhotoError:
        return cls(
            "cannot_compress",
            msg(
                "Không nén được ảnh xuống dưới {limit} (còn {size})",
                "Could not compress the picture below {limit} ({size} left)",
                size=_mb(size),
                limit=_mb(limit),
            ),
        )

    @classmethod
    def changed(cls, path: Path) -> PhotoError:
        return cls(
            "changed",
            msg(
                "Tệp {name} đã thay đổi trong lúc nhập, hãy thử lại",
                "{name} changed while it was being imported; try again",
                name=path.name,
            ),
        )

    @classmethod
    def too_many_photos(cls, limit: int) -> PhotoError:
        return cls(
            "too_many_photos",
            msg(
                "Sản phẩm đã đủ {limit} ảnh (giới hạn của sàn); hãy xoá bớt ảnh trước",
                "The product already has {limit} photos (the marketplaces' limit); remove some first",
                limit=limit,
            ),
        )

    @classmethod
    def duplicate(cls) -> PhotoError:
        return cls(
            "duplicate",
            msg("Ảnh này đã có trong sản phẩm", "This picture is already attached to the product"),
        )
