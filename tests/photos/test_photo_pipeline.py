"""The import pipeline on real generated pictures: geometry, colours, metadata, bad files."""

from __future__ import annotations

import io
import warnings

import pictures
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from gianhang_desktop.core.photos.errors import PhotoError
from gianhang_desktop.core.photos.pipeline import (
    DEFAULT_SPEC,
    FLAG_LOW_RESOLUTION,
    FLAG_TOO_SMALL,
    PhotoSpec,
    process_image,
)


def open_jpeg(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG"
    im.load()
    return im


def is_white(pixel, tolerance: int = 6) -> bool:
    return all(channel >= 255 - tolerance for channel in pixel)


def is_red(pixel) -> bool:
    r, g, b = pixel
    return r > 170 and g < 80 and b < 80


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory) -> bytes:
    return pictures.phone_photo()


def test_phone_photo_is_rotated_padded_square_and_1200(phone_photo, tmp_path):
    path = tmp_path / "IMG_0001.JPG"
    path.write_bytes(phone_photo)
    photo = process_image(path)

    # Stored 4000x3000 with orientation 6: the picture is portrait, 3000x4000.
    assert (photo.original_width, photo.original_height) == (3000, 4000)
    assert photo.original_bytes == len(phone_photo)
    assert photo.flags == ()
    market = open_jpeg(photo.market_jpeg)
    assert market.size == (1200, 1200) == (photo.market_width, photo.market_height)
    # The portrait 900x1200 sits in the middle; 150 px white bars left and right.
    assert is_white(market.getpixel((20, 600)))
    assert is_white(market.getpixel((1180, 600)))
    assert not is_white(market.getpixel((600, 600)))
    # Orientation 6 turns the stored top-left corner into the top-right one.
    assert is_red(market.getpixel((1050 - 40, 40)))
    assert not is_red(market.getpixel((150 + 40, 40)))
    assert not is_red(market.getpixel((150 + 40, 1160)))


def test_output_has_no_metadata(phone_photo):
    photo = process_image(phone_photo)
    for data in (photo.market_jpeg, photo.thumb_jpeg):
        im = open_jpeg(data)
        assert len(im.getexif()) == 0
        assert "exif" not in im.info and "icc_profile" not in im.info
        assert b"Exif" not in data and b"PhoneMaker" not in data


def test_thumbnail_is_256_square(phone_photo):
    thumb = open_jpeg(process_image(phone_photo).thumb_jpeg)
    assert thumb.size == (256, 256)
    assert is_white(thumb.getpixel((4, 128)))


def test_alpha_is_composited_on_white():
    photo = process_image(pictures.transparent_png(900))
    market = open_jpeg(photo.market_jpeg)
    assert market.size == (900, 900)  # 900x450, padded, not upscaled
    assert photo.flags == ()
    assert is_white(market.getpixel((5, 5)))  # padding
    # The 900x450 picture sits at y 225..675; its blue square covers x 225..450, y 112..225.
    assert is_white(market.getpixel((600, 300)))  # transparent area
    r, g, b = market.getpixel((300, 225 + 170))  # the opaque blue square
    assert b > 180 and r < 60 and g < 80


def test_scaled_transparency_leaves_no_dark_fringe():
    # A white logo on transparent *black*: once scaled and put on white, nothing may be grey.
    from PIL import ImageDraw

    im = Image.new("RGBA", (2400, 1200), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((601, 201, 1799, 999), fill=(255, 255, 255, 255))
    market = open_jpeg(process_image(pictures.png(im)).market_jpeg)
    assert market.size == (1200, 1200)
    assert market.convert("L").getextrema()[0] >= 245


def test_palette_with_transparent_index():
    market = open_jpeg(process_image(pictures.palette_png_with_transparency(600)).market_jpeg)
    assert market.mode == "RGB"
    assert is_white(market.getpixel((20, 20)))
    assert is_red(market.getpixel((300, 300)))


def test_sixteen_bit_grey_keeps_its_gradient():
    market = open_jpeg(process_image(pictures.grey16_png(1000, 600)).market_jpeg)
    assert market.size == (1000, 1000)
    y = 500
    left, middle, right = (market.getpixel((x, y))[0] for x in (5, 500, 994))
    assert left < 20 and 100 < middle < 160 and right > 235
    assert is_white(market.getpixel((500, 50)))  # padding above the 600 px band


def test_cmyk_without_profile_becomes_rgb():
    market = open_jpeg(process_image(pictures.cmyk_jpeg(with_profile=False)).market_jpeg)
    r, g, b = market.getpixel((400, 400))
    assert r < 40 and g > 200 and b > 200


def test_cmyk_with_profile_goes_through_colour_management():
    market = open_jpeg(process_image(pictures.cmyk_jpeg(with_profile=True)).market_jpeg)
    r, g, b = market.getpixel((400, 400))
    # Printed cyan ink is far less bright than the naive (0, 255, 255).
    assert r < 60 and 120 < g < 215 and b > 180


def test_rgb_profile_is_converted_to_srgb():
    colour = (60, 170, 60)
    im = Image.new("RGB", (600, 600), colour)
    icc = pictures.ADOBE_RGB_PROFILE.read_bytes()
    photo = process_image(pictures.jpeg(im, quality=95, icc_profile=icc))
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), colour),
        ImageCms.ImageCmsProfile(io.BytesIO(icc)),
        ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
    ).getpixel((0, 0))
    got = open_jpeg(photo.market_jpeg).getpixel((300, 300))
    assert expected != colour
    assert all(abs(a - b) <= 4 for a, b in zip(got, expected, strict=True))


def test_tiny_picture_is_accepted_but_flagged_and_not_upscaled():
    photo = process_image(pictures.jpeg(Image.new("RGB", (300, 200), RED_ISH), quality=90))
    assert photo.flags == (FLAG_TOO_SMALL,)
    assert open_jpeg(photo.market_jpeg).size == (300, 300)
    assert open_jpeg(photo.thumb_jpeg).size == (256, 256)


RED_ISH = (200, 60, 60)


def test_medium_picture_is_flagged_low_resolution():
    photo = process_image(pictures.png(Image.new("RGB", (700, 650), RED_ISH)))
    assert photo.flags == (FLAG_LOW_RESOLUTION,)
    assert (photo.market_width, photo.market_height) == (700, 700)


def test_market_image_stays_under_the_byte_limit_by_stepping_quality_down():
    data = pictures.noisy_photo(1200)
    assert len(process_image(data).market_jpeg) <= 2_000_000
    first = PhotoSpec(qualities=(95,))
    generous = len(process_image(data, first).market_jpeg)
    tight = PhotoSpec(max_market_bytes=generous // 2)
    squeezed = process_image(data, tight).market_jpeg
    assert len(squeezed) <= generous // 2
    assert open_jpeg(squeezed).size == (1200, 1200)


def test_impossible_byte_limit_is_a_clear_error():
    with pytest.raises(PhotoError) as info:
        process_image(pictures.noisy_photo(800), PhotoSpec(max_market_bytes=2_000))
    assert info.value.code == "cannot_compress"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (pictures.truncated_jpeg(), "corrupt"),
        (b"Day la danh sach san pham, khong phai anh\n" * 20, "not_an_image"),
        (pictures.png_header_only(50_000, 50_000), "too_many_pixels"),  # over 2x Pillow's limit
        (pictures.png_header_only(10_000, 10_000), "too_many_pixels"),  # Pillow only warns
        (pictures.png_header_only(7_000, 7_000), "too_many_pixels"),  # over our full-decode cap
        (b"", "not_an_image"),
    ],
    ids=["truncated", "text", "bomb-error", "bomb-warning", "big-png", "empty"],
)
def test_bad_files_raise_a_clear_photo_error(data, code, tmp_path):
    path = tmp_path / "anh.jpg"
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may leak out as a mere warning
        with pytest.raises(PhotoError) as info:
            process_image(path)
    assert info.value.code == code
    assert info.value.message("vi") != info.value.message("en")
    assert str(info.value) == info.value.message("vi")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.jpg"
    path.write_bytes(pictures.phone_photo(800, 600))
    with pytest.raises(PhotoError) as info:
        process_image(path, PhotoSpec(max_file_bytes=1_000))
    assert info.value.code == "too_big"


def test_missing_file(tmp_path):
    with pytest.raises(PhotoError) as info:
        process_image(tmp_path / "khong-co.jpg")
    assert info.value.code == "missing"


def test_sha256_is_of_the_untouched_original(phone_photo):
    import hashlib

    assert process_image(phone_photo).sha256 == hashlib.sha256(phone_photo).hexdigest()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(1, 2600),
    height=st.integers(1, 2600),
    orientation=st.sampled_from([1, 3, 5, 6, 8]),
    quality=st.integers(30, 95),
)
def test_any_size_gives_a_square_never_upscaled(width, height, orientation, quality):
    data = pictures.jpeg(
        Image.new("RGB", (width, height), (30, 90, 160)),
        quality=quality,
        exif=_exif(orientation),
    )
    photo = process_image(data)
    long_side = max(width, height)
    side = min(long_side, DEFAULT_SPEC.market_side)
    assert (photo.market_width, photo.market_height) == (side, side)
    assert open_jpeg(photo.market_jpeg).size == (side, side)
    assert open_jpeg(photo.thumb_jpeg).size == (min(side, 256),) * 2
    swapped = orientation in (5, 6, 7, 8)
    assert (photo.original_width, photo.original_height) == (
        (height, width) if swapped else (width, height)
    )
    assert (FLAG_TOO_SMALL in photo.flags) == (long_side < 500)


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif
