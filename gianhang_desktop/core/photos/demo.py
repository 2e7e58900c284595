"""Pleasant generated product pictures for the demo catalogue (a jar, bottle, bag or box)."""

from __future__ import annotations

import io
import random
import textwrap
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from sqlalchemy import select

from ..catalog.models import Product
from ..changes import Changes
from ..db.base import utcnow
from ..db.bulk import insert_many
from ..resources import resource_path
from ..sync import outbox
from ..tasks import report
from .batch import default_workers
from .models import ProductPhoto
from .pipeline import ProcessedPhoto, process_image
from .store import PhotoStore, remove_files

_SIDE = 1200
_PALETTES = [
    ((250, 243, 230), (196, 120, 40)),  # honey
    ((235, 246, 236), (46, 125, 70)),  # tea
    ((247, 236, 236), (170, 50, 60)),  # chilli, coffee
    ((234, 241, 250), (40, 90, 160)),  # fish sauce, rice
    ((249, 245, 225), (150, 110, 30)),  # pepper, cashew
    ((243, 236, 248), (110, 60, 140)),  # purple rice, sim wine
]
_SHAPES = ("jar", "bottle", "bag", "box")
_FONT_NAMES = ("BeVietnamPro-SemiBold.ttf", "NotoSans-SemiBold.ttf", "NotoSans-Regular.ttf")
_SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
    "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
)


@cache
def _font_file() -> str | None:
    for folder in [resource_path("fonts")]:
        for name in _FONT_NAMES:
            if (folder / name).exists():
                return str(folder / name)
        found = sorted(folder.glob("*.ttf")) if folder.is_dir() else []
        if found:
            return str(found[0])
    return next((f for f in _SYSTEM_FONTS if Path(f).exists()), None)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_file()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def generate_demo_photo(name: str, seed: int, *, side: int = _SIDE) -> bytes:
    """Draw a product picture with `name` on its label; the same (name, seed) gives the same JPEG."""
    rnd = random.Random(name)
    # Consecutive seeds of one product always differ in colours and shape.
    background, colour = _PALETTES[(rnd.randrange(len(_PALETTES)) + seed) % len(_PALETTES)]
    shape = _SHAPES[(rnd.randrange(len(_SHAPES)) + seed) % len(_SHAPES)]
    im = Image.new("RGB", (side, side), background)
    draw = ImageDraw.Draw(im)
    # A soft floor line and shadow make it read as a photographed object, not a diagram.
    floor = int(side * 0.78)
    draw.rectangle((0, floor, side, side), fill=tuple(max(0, c - 14) for c in background))
    # The shadow is blurred at a quarter of the size: the same look, a sixteenth of the work.
    small = side // 4
    shadow = Image.new("L", (small, small), 0)
    ImageDraw.Draw(shadow).ellipse(
        (small * 0.22, (floor - side * 0.03) / 4, small * 0.78, (floor + side * 0.05) / 4), fill=90
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(small // 40)).resize((side, side))
    im.paste((60, 50, 40), mask=shadow)
    body = _draw_shape(draw, shape, colour, side, floor)
    _draw_label(draw, name, body, side)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88, optimize=True)
    return buf.getvalue()


def _draw_shape(draw, shape: str, colour, side: int, floor: int) -> tuple[int, int, int, int]:
    s = side / 1200
    dark = tuple(int(c * 0.7) for c in colour)
    if shape == "jar":
        body = (int(330 * s), int(380 * s), int(870 * s), floor)
        draw.rounded_rectangle(body, radius=int(70 * s), fill=colour)
        draw.rounded_rectangle(
            (int(370 * s), int(300 * s), int(830 * s), int(400 * s)), radius=int(20 * s), fill=dark
        )
    elif shape == "bottle":
        body = (int(420 * s), int(420 * s), int(780 * s), floor)
        draw.rounded_rectangle(body, radius=int(60 * s), fill=colour)
        draw.polygon(
            [(420 * s, 470 * s), (540 * s, 300 * s), (660 * s, 300 * s), (780 * s, 470 * s)],
            fill=colour,
        )
        draw.rectangle((int(545 * s), int(200 * s), int(655 * s), int(310 * s)), fill=dark)
    elif shape == "bag":
        body = (int(330 * s), int(330 * s), int(870 * s), floor)
        draw.rounded_rectangle(body, radius=int(40 * s), fill=colour)
        draw.rectangle((int(330 * s), int(300 * s), int(870 * s), int(360 * s)), fill=dark)
    else:  # box
        body = (int(300 * s), int(380 * s), int(900 * s), floor)
        draw.rectangle(body, fill=colour)
        draw.polygon(
            [(300 * s, 380 * s), (380 * s, 300 * s), (980 * s, 300 * s), (900 * s, 380 * s)],
            fill=dark,
        )
        draw.polygon(
            [(900 * s, 380 * s), (980 * s, 300 * s), (980 * s, floor - 80 * s), (900 * s, floor)],
            fill=tuple(int(c * 0.55) for c in colour),
        )
    return body


def _draw_label(draw, name: str, body: tuple[int, int, int, int], side: int) -> None:
    left, top, right, bottom = body
    pad = (right - left) // 12
    label = (left + pad, top + (bottom - top) // 4, right - pad, bottom - (bottom - top) // 5)
    draw.rounded_rectangle(label, radius=side // 60, fill=(255, 253, 248))
    width = label[2] - label[0] - 2 * pad
    lines, font = _fit_text(draw, name, width, label[3] - label[1] - pad)
    line_height = font.size * 1.25 if hasattr(font, "size") else 14
    y = (label[1] + label[3]) / 2 - line_height * len(lines) / 2
    for line in lines:
        draw.text(((label[0] + label[2]) / 2, y), line, font=font, fill=(40, 35, 30), anchor="ma")
        y += line_height


def _fit_text(draw, text: str, width: int, height: int):
    for size in (72, 60, 50, 42, 36, 30, 24, 20):
        font = _font(size)
        for chars in range(24, 6, -2):
            lines = textwrap.wrap(text, chars)[:4]
            if all(draw.textlength(line, font=font) <= width for line in lines):
                if len(lines) * size * 1.25 <= height:
                    return lines, font
    return textwrap.wrap(text, 14)[:4], _font(20)


# -- demo catalogue step ---------------------------------------------------------------------


def _family(name: str) -> str:
    """The product family of a demo name: "Mật ong hoa nhãn hộp quà - mẻ 3" → "Mật ong hoa nhãn"."""
    from ..demo import TEMPLATES

    for template in TEMPLATES:
        if name.startswith(template[1]):
            return template[1]
    return name.split(" - ")[0]


def _demo_picture(label: str, seed: int) -> tuple[ProcessedPhoto, bytes]:
    data = generate_demo_photo(label, seed)
    return process_image(data), data


def add_demo_data(db, rng: random.Random, progress=None, cancel=None) -> Changes:
    """Demo step: give every product without pictures a cover (and some a second picture).

    Pictures are drawn per product family ("Mật ong hoa nhãn", whatever the variant), so
    even a large demo catalogue shares a few dozen pictures, stored once each.

    Raises:
        Cancelled: `cancel` was set (nothing is recorded; pictures already stored are removed).
    """
    with db.read_session() as session:
        has_photos = select(ProductPhoto.product_id).distinct()
        rows = session.execute(
            select(Product.id, Product.sku, Product.name)
            .where(Product.id.not_in(has_photos))
            .order_by(Product.id)
        ).all()
    if not rows:
        return Changes()
    wanted = [(pid, sku, _family(name), rng.choice((1, 1, 2))) for pid, sku, name in rows]
    jobs = sorted({(label, k) for _, _, label, n in wanted for k in range(n)})
    store = PhotoStore.for_data_dir(db.data_dir)
    made: dict[tuple[str, int], ProcessedPhoto] = {}
    written = []
    try:
        for done, (key, (photo, data)) in enumerate(_draw_all(jobs), start=1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            written += store.put(photo, data)
            made[key] = photo
            report(progress, 0.9 + 0.08 * done / len(jobs), "Đang vẽ ảnh sản phẩm mẫu…")
        now = utcnow()
        photo_rows = []
        for pid, _sku, label, n in wanted:
            for k in range(n):
                photo_rows.append(_row(pid, k + 1, made[(label, k)], now))
        with db.session() as session:
            insert_many(session.connection(), ProductPhoto.__table__, photo_rows)
            outbox.enqueue_many(session, "photos", [sku for _pid, sku, _label, _n in wanted])
    except BaseException:
        remove_files(written)
        raise
    return Changes(photos=frozenset(pid for pid, *_ in wanted))


def _draw_all(jobs: list[tuple[str, int]]):
    if len(jobs) < 4:
        for key in jobs:
            yield key, _demo_picture(*key)
        return
    with ThreadPoolExecutor(default_workers(), thread_name_prefix="demo-photos") as pool:
        yield from zip(
            jobs, pool.map(_demo_picture, *zip(*jobs, strict=True), chunksize=2), strict=True
        )


def _row(product_id: int, position: int, photo: ProcessedPhoto, now) -> dict:
    return {
        "product_id": product_id,
        "position": position,
        "sha256": photo.sha256,
        "original_ext": photo.extension,
        "original_name": f"demo-{position}.jpg",
        "width": photo.original_width,
        "height": photo.original_height,
        "byte_size": photo.original_bytes,
        "market_width": photo.market_width,
        "market_bytes": len(photo.market_jpeg),
        "flags": ",".join(photo.flags),
        "created_at": now,
    }
