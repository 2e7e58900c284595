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
