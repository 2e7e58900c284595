"""Turn one picture file into a marketplace-ready square JPEG and a thumbnail (pure, no I/O but reading)."""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageMath, UnidentifiedImageError

from gianhang_desktop.core.photos.errors import PhotoError
from gianhang_desktop.core.photos.formats import register_decoders

register_decoders()  # HEIC/HEIF (iPhone photos), whatever the file is called

WHITE = (255, 255, 255)
_OPEN_LOCK = threading.Lock()

# Pillow's reduced-scale JPEG decoding keeps the decoded size small, so a large JPEG costs
# little memory; other formats decode in full, hence a lower pixel limit for them.
_REDUCED_DECODE_FORMATS = frozenset({"JPEG", "MPO"})

_ORIENTATION_TAG = 0x0112
_SWAPS_AXES = frozenset({5, 6, 7, 8})
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Modes Pillow resamples correctly as they are: 8 bits a channel, and alpha (RGBA, LA) is
# premultiplied by Image.resize itself, so transparent pixels do not bleed into the edges.
_RESIZE_BEFORE_CONVERT_MODES = frozenset({"RGB", "L", "CMYK", "RGBA", "LA"})

FLAG_TOO_SMALL = "too_small"
FLAG_LOW_RESOLUTION = "low_resolution"


@dataclass(frozen=True)
class PhotoSpec:
    """What the marketplaces accept, what the pipeline produces and what it is willing to decode."""

    market_side: int = 1200  # long side of the marketplace image; never upscaled
    min_side: int = 500  # Lazada and Tiki refuse smaller images
    recommended_side: int = 800  # sellers are told that 800 px and more look sharp
    max_market_bytes: int = 2_000_000  # Shopee's 2 MB, the strictest marketplace
    thumb_side: int = 256
    max_file_bytes: int = 80 * 1024 * 1024
    # Image.MAX_IMAGE_PIXELS (about 89 MP) guards JPEGs, decoded at reduced scale;
    # a 30 MP PNG is already 120 MB of RGBA once decoded.
    max_full_decode_pixels: int = 30_000_000
    qualities: tuple[int, ...] = (90, 85, 80, 75, 70, 60, 50, 40)
    thumb_quality: int = 80
    # Hamming: a short windowed filter, 46 dB against a full-resolution Lanczos reference
    # at the usual 1.67x step from the half-scale decode (bicubic: 48 dB), for 60% of
    # bicubic's time, which matters on two-core office PCs (see docs/performance.md).
    resample: Image.Resampling = Image.Resampling.HAMMING


DEFAULT_SPEC = PhotoSpec()


@dataclass(frozen=True)
class ProcessedPhoto:
    """The result of the pipeline for one picture: hash of the untouched original plus the outputs."""

    sha256: str
    original_bytes: int
    original_format: str
    original_width: int  # after applying the EXIF orientation
    original_height: int
    market_jpeg: bytes = field(repr=False)
    market_width: int
    market_height: int
    thumb_jpeg: bytes = field(repr=False)
    flags: tuple[str, ...] = ()
    source: Path | None = None  # the file the original bytes came from, if any

    @property
    def extension(self) -> str:
        """File extension for storing the original (without a dot)."""
        return ORIGINAL_EXTENSIONS.get(self.original_format, "bin")


ORIGINAL_EXTENSIONS = {
    "JPEG": "jpg",
    "MPO": "jpg",
    "PNG": "png",
    "GIF": "gif",
    "WEBP": "webp",
    "BMP": "bmp",
    "TIFF": "tif",
    "AVIF": "avif",
    "HEIF": "heic",
}


def read_source(source: str | Path | bytes, spec: PhotoSpec = DEFAULT_SPEC) -> bytes:
    """Read a picture's bytes, refusing files over the size limit before reading them."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > spec.max_file_bytes:
                raise PhotoError.too_big(size, spec.max_file_bytes)
            data = path.read_bytes()
        except FileNotFoundError:
            raise PhotoError.missing(path) from None
        except IsADirectoryError:
            raise PhotoError.missing(path) from None
        except PermissionError:
            raise PhotoError.unreadable(path) from None
    if len(data) > spec.max_file_bytes:
        raise PhotoError.too_big(len(data), spec.max_file_bytes)
    if not data:
        raise PhotoError.not_an_image()
    return data


def process_image(source: str | Path | bytes, spec: PhotoSpec = DEFAULT_SPEC) -> ProcessedPhoto:
    """Read, check and convert one picture; raise PhotoError with a clear reason if it cannot be used."""
    data = read_source(source, spec)
    sha256 = hashlib.sha256(data).hexdigest()
    with _open(data) as im:
        fmt = im.format or "?"
        orientation = _orientation(im)
        stored_w, stored_h = im.size
        swap = orientation in _SWAPS_AXES
        width, height = (stored_h, stored_w) if swap else (stored_w, stored_h)
        if fmt not in _REDUCED_DECODE_FORMATS and width * height > spec.max_full_decode_pixels:
            raise PhotoError.too_many_pixels(width, height, spec.max_full_decode_pixels)
        target = _target_size(stored_w, stored_h, spec.market_side)
        if fmt in _REDUCED_DECODE_FORMATS and im.mode in ("RGB", "L", "CMYK"):
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale while staying at least `target`.
            im.draft(im.mode, target)
        # The whole file is in memory: hand it to the decoder in one piece rather than in
        # 64 KiB chunks, each of which takes and releases the GIL (and restarts a JPEG row).
        im.decodermaxblock = max(im.decodermaxblock, len(data))
        _load(im)
        # Scale before converting colours and rotating: both then touch fewer pixels. Not with a
        # colour-key transparency (tRNS): resampling would blur the key colour it matches.
        if im.mode in _RESIZE_BEFORE_CONVERT_MODES and "transparency" not in im.info:
            im = _scale(im, target, spec.resample)
        rgb = _scale(to_srgb_rgb(im), target, spec.resample)
    market = _pad_square(_orient(rgb, orientation))
    market_jpeg = encode_jpeg_under(market, spec.max_market_bytes, spec.qualities)
    thumb = _thumbnail(market, spec.thumb_side)
    thumb_jpeg = _encode_jpeg(thumb, spec.thumb_quality)
    return ProcessedPhoto(
        sha256=sha256,
        original_bytes=len(data),
        original_format=fmt,
        original_width=width,
        original_height=height,
        market_jpeg=market_jpeg,
        market_width=market.width,
        market_height=market.height,
        thumb_jpeg=thumb_jpeg,
        flags=size_flags(width, height, spec),
        source=None if isinstance(source, bytes | bytearray | memoryview) else Path(source),
    )


def size_flags(width: int, height: int, spec: PhotoSpec = DEFAULT_SPEC) -> tuple[str, ...]:
    """Warnings a seller should see about a picture's size (accepted, but not ideal)."""
    long_side = max(width, height)
    if long_side < spec.min_side:
        return (FLAG_TOO_SMALL,)
    if long_side < spec.recommended_side:
        return (FLAG_LOW_RESOLUTION,)
    return ()


def _open(data: bytes) -> Image.Image:
    try:
        # Pillow only warns between 1x and 2x MAX_IMAGE_PIXELS; a warning is a refusal here.
        # catch_warnings swaps process-wide state: the lock keeps pipeline threads apart
        # (opening reads only the header, so holding it costs nothing).
        with _OPEN_LOCK, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        limit = Image.MAX_IMAGE_PIXELS or 0
        raise PhotoError.too_many_pixels(None, None, limit) from None
    except UnidentifiedImageError:
        raise PhotoError.not_an_image() from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError.corrupt(str(exc)) from None
    return im


def _load(im: Image.Image) -> None:
    try:
        im.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError.corrupt(str(exc)) from None


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(_ORIENTATION_TAG, 1))
    except Exception:  # a broken EXIF block must not refuse an otherwise fine picture
        return 1


def _orient(im: Image.Image, orientation: int) -> Image.Image:
    """Apply the EXIF orientation, as ImageOps.exif_transpose does, to the scaled image."""
    method = _TRANSPOSE.get(orientation)
    return im if method is None else im.transpose(method)


def _target_size(width: int, height: int, market_side: int) -> tuple[int, int]:
    long_side = max(width, height)
    if long_side <= market_side:
        return width, height
    scale = market_side / long_side
    return max(1, round(width * scale)), max(1, round(height * scale))


_SRGB = ImageCms.createProfile("sRGB")


def to_srgb_rgb(im: Image.Image) -> Image.Image:
    """Convert any Pillow mode to RGB in sRGB, compositing every kind of transparency on white.

    Transparency comes as an alpha band (RGBA, LA, PA, premultiplied RGBa/La), as a palette
    entry (PNG tRNS or GIF transparency index), or as a colour key: one grey level or one RGB
    colour that is transparent (PNG tRNS in 1, 2, 4, 8 and 16-bit greyscale and RGB).
    """
    icc = im.info.get("icc_profile")
    im = _alpha_from_transparency(im)
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        im = _sixteen_bit_to_l(im)
    elif im.mode == "1":
        im = im.convert("L")
    elif im.mode == "P":
        im = im.convert("RGB")
    elif im.mode in ("PA", "RGBa", "La"):
        im = im.convert("RGBA")
    elif im.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
    if im.mode in ("RGBA", "LA"):
        im = _on_white(im)
    if icc and im.mode in ("RGB", "L", "CMYK"):
        converted = _apply_icc(im, icc)
        if converted is not None:
            return converted
    return im if im.mode == "RGB" else im.convert("RGB")


def _alpha_from_transparency(im: Image.Image) -> Image.Image:
    """An image whose `transparency` (palette entry or colour key) has become an alpha band."""
    key = im.info.get("transparency")
    if key is None:
        return im
    if im.mode == "P":
        return im.convert("RGBA")  # palette tRNS bytes or a GIF transparency index
    if im.mode == "RGB" and isinstance(key, tuple):
        if any(v > 255 for v in key):
            # A 16-bit RGB PNG is decoded to 8 bits a channel (the high byte): match on that.
            key = tuple(v >> 8 for v in key)
        keyed = im.copy()
        keyed.info["transparency"] = key
        return keyed.convert("RGBA")
    if im.mode == "1" and isinstance(key, int):
        keyed = im.convert("L")
        keyed.info["transparency"] = 255 if key else 0
        return keyed.convert("LA")
    if im.mode == "L" and isinstance(key, int):
        return im.convert("LA")
    if im.mode.startswith("I") and isinstance(key, int):
        wide = im.convert("I")
        mask = ImageMath.lambda_eval(lambda a: (a["im"] != key) * 255, im=wide).convert("L")
        grey = _sixteen_bit_to_l(im)
        grey.putalpha(mask)
        return grey
    return im


def _sixteen_bit_to_l(im: Image.Image) -> Image.Image:
    # convert("L") clips 16-bit values at 255 instead of scaling them; scale to 8 bits first.
    sixteen_bit = im.mode.startswith("I;16")
    im = im.convert("I") if im.mode != "F" else im
    if sixteen_bit or im.getextrema()[1] > 255:
        im = im.point(lambda v: v / 257)
    return im.convert("L")


def _on_white(im: Image.Image) -> Image.Image:
    base_mode = "RGB" if im.mode == "RGBA" else "L"
    background = Image.new(base_mode, im.size, WHITE if base_mode == "RGB" else 255)
    background.paste(im.convert(base_mode), mask=im.getchannel("A"))
    background.info = {k: v for k, v in im.info.items() if k != "transparency"}
    return background


def _apply_icc(im: Image.Image, icc: bytes) -> Image.Image | None:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(
            im, source, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None  # a broken profile: fall back to Pillow's plain conversion


def _scale(im: Image.Image, target: tuple[int, int], resample: Image.Resampling) -> Image.Image:
    """Scale down to `target`; `target` is never larger than the original."""
    if im.size == target:
        return im
    # reducing_gap only matters for formats decoded at full size (PNG, WebP).
    return im.resize(target, resample, reducing_gap=3.0)


def _pad_square(im: Image.Image) -> Image.Image:
    """Pad to a white square, keeping the whole product (never crop)."""
    if im.width == im.height:
        return im
    side = max(im.size)
    square = Image.new("RGB", (side, side), WHITE)
    square.paste(im, ((side - im.width) // 2, (side - im.height) // 2))
    return square


def _thumbnail(square: Image.Image, side: int) -> Image.Image:
    if square.width <= side:
        return square
    # A box reduction first, then a short bicubic step: plenty for a 256 px grid tile.
    return square.resize((side, side), Image.Resampling.BICUBIC, reducing_gap=1.0)


def _encode_jpeg(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    # No exif=, icc_profile= or comment: the output carries no metadata. No optimize=: the
    # second Huffman pass costs as much as the encoding itself and saves about 10% of bytes.
    im.save(buf, "JPEG", quality=quality, subsampling="4:2:0")
    return buf.getvalue()


def encode_jpeg_under(im: Image.Image, max_bytes: int, qualities: tuple[int, ...]) -> bytes:
    """Encode as JPEG at the best quality in `qualities` whose size stays within `max_bytes`."""
    data = b""
    for quality in qualities:
        data = _encode_jpeg(im, quality)
        if len(data) <= max_bytes:
            return data
    raise PhotoError.cannot_compress(len(data), max_bytes)
