"""Images: upload raw JPEG/PNG bytes, fetch them back, set a product's ordered gallery."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Path, Request, Response
from sqlalchemy import select

from gianhang_server.api.deps import (
    CallerDep,
    IdempotencyKeyOptional,
    IdempotencyKeyRequired,
    IfMatch,
    SessionDep,
)
from gianhang_server.api.products import SkuPath
from gianhang_server.catalog import (
    check_version,
    get_product,
    image_url,
    parse_if_match,
    product_changed,
    product_out,
)
from gianhang_server.errors import ApiError
from gianhang_server.images import FORMATS, store_image
from gianhang_server.models import GalleryImage, Image
from gianhang_server.schemas import GalleryIn, ImageId, ImageOut, ProductOut

router = APIRouter(tags=["images"])

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "The raw image bytes, at most 2 MiB.",
        "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in FORMATS},
    }
}


def image_out(image: Image) -> dict:
    return {
        "image_id": image.public_id, "url": image_url(image.public_id), "width": image.width,
        "height": image.height, "sha256": image.sha256, "content_type": image.content_type, "size": image.size,
    }


@router.post("/images", response_model=ImageOut, status_code=201, responses={200: {"model": ImageOut, "description": "Already stored"}}, openapi_extra=UPLOAD_BODY)
async def upload_image(
    request: Request, caller: CallerDep, session: SessionDep, response: Response,
    idempotency_key: IdempotencyKeyRequired,
):
    """Store a JPEG or PNG; the same bytes give the same ``image_id`` (200 instead of 201)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in FORMATS:
        raise ApiError(415, "unsupported_media_type", "Send image/jpeg or image/png.", {"header": "Content-Type"})
    data = await request.body()
    if not data:
        raise ApiError(422, "bad_image", "The body is empty.", {"field": "body"})
    image, created = await anyio.to_thread.run_sync(store_image, session, caller.shop_id, data, media)
    response.status_code = 201 if created else 200
    return image_out(image)


@router.get("/images/{image_id}", response_class=Response, responses={200: {"content": {m: {} for m in FORMATS}, "description": "The image bytes."}})
def read_image(image_id: Annotated[ImageId, Path()], caller: CallerDep, session: SessionDep):
    image = session.scalars(select(Image).where(Image.shop_id == caller.shop_id, Image.public_id == image_id)).one_or_none()
    if image is None:
        raise ApiError(404, "image_not_found", f"No image {image_id}.", {"image_id": image_id})
    return Response(image.data, media_type=image.content_type, headers={"ETag": f'"{image.sha256}"', "Cache-Control": "private, max-age=31536000, immutable"})


@router.put("/products/{sku}/images", response_model=ProductOut)
def set_gallery(
    sku: SkuPath, body: GalleryIn, caller: CallerDep, session: SessionDep, response: Response,
    if_match: IfMatch = None, idempotency_key: IdempotencyKeyOptional = None,
):
    """Set the ordered gallery (at most 8 images of this shop; the first is the cover)."""
    if len(set(body.image_ids)) != len(body.image_ids):
        raise ApiError(422, "validation_failed", "An image appears twice.", {"fields": [{"field": "image_ids", "code": "duplicate", "message": "An image appears twice."}]})
    product = get_product(session, caller.shop_id, sku, lock=True)
    check_version(product, parse_if_match(if_match))
    found = {
        image.public_id: image
        for image in session.scalars(select(Image).where(Image.shop_id == caller.shop_id, Image.public_id.in_(body.image_ids)))
    }
    unknown = [image_id for image_id in body.image_ids if image_id not in found]
    if unknown:
        raise ApiError(422, "unknown_image", "Some images are not this shop's.", {"fields": [{"field": "image_ids", "code": "unknown_image", "message": ", ".join(unknown)}], "image_ids": unknown})
    if [g.image.public_id for g in product.gallery] != body.image_ids:
        product.gallery.clear()
        session.flush()
        product.gallery.extend(GalleryImage(position=i, image=found[image_id]) for i, image_id in enumerate(body.image_ids))
        product_changed(session, product, caller)
    response.headers["ETag"] = f'"{product.version}"'
    return product_out(product)
