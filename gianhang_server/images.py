"""Image uploads: the bytes are decoded for real, deduplicated per shop by SHA-256."""

from __future__ import annotations

import hashlib
import io
import secrets
import warnings

from PIL import Image as PILImage
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gianhang_server.errors import ApiError
from gianhang_server.models import Image

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
MAX_PIXELS = 40_000_000
MAX_SIDE = 10_000


def decode(data: bytes, content_type: str) -> tuple[int, int]:
    """Width and height of a JPEG or PNG that really decodes as the declared type; 422 otherwise."""
    expected = FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as probe:
                if probe.format != expected:
                    raise ApiError(422, "image_type_mismatch", f"The bytes are {probe.format}, not {expected}.", {"field": "body"})
                width, height = probe.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise ApiError(422, "image_too_large", f"Images are limited to {MAX_SIDE} px a side and {MAX_PIXELS} pixels.", {"field": "body"})
                probe.verify()
            with PILImage.open(io.BytesIO(data)) as full:
                full.load()
    except ApiError:
        raise
    except Exception as error:  # Pillow raises many kinds for broken files
        raise ApiError(422, "bad_image", f"The bytes are not a readable {expected} image ({type(error).__name__}).", {"field": "body"}) from None
    return width, height


def store_image(session: Session, shop_id: int, data: bytes, content_type: str) -> tuple[Image, bool]:
    """The shop's image with these bytes, and whether it is new."""
    digest = hashlib.sha256(data).hexdigest()
    existing = session.scalars(select(Image).where(Image.shop_id == shop_id, Image.sha256 == digest)).one_or_none()
    if existing is not None:
        return existing, False
    width, height = decode(data, content_type)
    image = Image(
        public_id="img_" + secrets.token_hex(12), shop_id=shop_id, sha256=digest, content_type=content_type,
        width=width, height=height, size=len(data), data=data,
    )
    savepoint = session.begin_nested()
    session.add(image)
    try:
        savepoint.commit()
    except IntegrityError:
        # The same bytes were stored concurrently by another request.
        savepoint.rollback()
        return session.scalars(select(Image).where(Image.shop_id == shop_id, Image.sha256 == digest)).one(), False
    return image, True
