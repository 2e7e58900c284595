"""Why a picture file cannot be used, in words a clerk understands (Vietnamese first)."""

from __future__ import annotations

from pathlib import Path


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


class PhotoError(Exception):
    """One picture could not be imported; the rest of a batch carries on."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(code, vi, en)
        self.code = code
        self.vi = vi
        self.en = en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def __str__(self) -> str:
        return self.vi

    @classmethod
    def missing(cls, path: Path) -> PhotoError:
        return cls("missing", f"Không tìm thấy tệp {path.name}", f"File not found: {path.name}")

    @classmethod
    def unreadable(cls, path: Path) -> PhotoError:
        return cls(
            "unreadable",
            f"Không có quyền đọc tệp {path.name}",
            f"No permission to read {path.name}",
        )

    @classmethod
    def too_big(cls, size: int, limit: int) -> PhotoError:
        return cls(
            "too_big",
            f"Tệp quá lớn ({_mb(size)}, tối đa {_mb(limit)})",
            f"File too large ({_mb(size)}, at most {_mb(limit)})",
        )

    @classmethod
    def not_an_image(cls) -> PhotoError:
        return cls(
            "not_an_image",
            "Không phải tệp ảnh hoặc định dạng không hỗ trợ (dùng JPEG, PNG, WebP)",
            "Not a picture or an unsupported format (use JPEG, PNG, WebP)",
        )

    @classmethod
    def corrupt(cls, detail: str) -> PhotoError:
        return cls(
            "corrupt",
            f"Ảnh bị hỏng hoặc chép chưa hết ({detail})",
            f"The picture is damaged or incompletely copied ({detail})",
        )

    @classmethod
    def too_many_pixels(cls, width: int | None, height: int | None, limit: int) -> PhotoError:
        dims = f"{width}×{height}, " if width and height else ""
        mp = f"{limit / 1_000_000:.0f}"
        return cls(
            "too_many_pixels",
            f"Ảnh quá nhiều điểm ảnh ({dims}tối đa {mp} triệu); có thể là tệp độc hại",
            f"Too many pixels ({dims}at most {mp} million); possibly a decompression bomb",
        )

    @classmethod
    def cannot_compress(cls, size: int, limit: int) -> PhotoError:
        return cls(
            "cannot_compress",
            f"Không nén được ảnh xuống dưới {_mb(limit)} (còn {_mb(size)})",
            f"Could not compress the picture below {_mb(limit)} ({_mb(size)} left)",
        )

    @classmethod
    def changed(cls, path: Path) -> PhotoError:
        return cls(
            "changed",
            f"Tệp {path.name} đã thay đổi trong lúc nhập, hãy thử lại",
            f"{path.name} changed while it was being imported; try again",
        )
