"""Generated demo pictures go through the real pipeline like a clerk's photos."""

from __future__ import annotations

import io

from PIL import Image

from gianhang_desktop.core.photos.demo import generate_demo_photo
from gianhang_desktop.core.photos.pipeline import process_image


def test_demo_photo_is_a_deterministic_marketplace_ready_jpeg():
    data = generate_demo_photo("Mật ong rừng U Minh 500ml", 3)
    assert data == generate_demo_photo("Mật ong rừng U Minh 500ml", 3)
    assert data != generate_demo_photo("Mật ong rừng U Minh 500ml", 4)
    im = Image.open(io.BytesIO(data))
    assert (im.format, im.size) == ("JPEG", (1200, 1200))
    # Not a flat colour: shape, label and text are drawn.
    assert len(im.convert("RGB").getcolors(1_000_000)) > 50
    photo = process_image(data)
    assert photo.flags == () and photo.market_width == 1200


def test_demo_catalogue_gets_pictures_shared_by_product_families(db):
    from gianhang_desktop.core.catalog.service import list_products
    from gianhang_desktop.core.demo import build_demo
    from gianhang_desktop.core.photos import service

    build_demo(db, 40, seed=7)
    products = list_products(db)
    photos = {p.sku: service.list_photos(db, p.sku) for p in products}
    assert all(1 <= len(ps) <= 2 for ps in photos.values())
    for ps in photos.values():
        assert all(p.market_path.exists() and p.thumb_path.exists() for p in ps)
    covers = {ps[0].sha256 for ps in photos.values()}
    assert 1 < len(covers) <= 30  # one cover per product family, stored once
    originals = list((db.data_dir / "photos" / "originals").rglob("*.jpg"))
    assert len(originals) == len({p.sha256 for ps in photos.values() for p in ps})
