"""Renaming a product's SKU: the way out for a SKU an older version accepted that the SKU alphabet
(validation.py) and the store now refuse, e.g. "X/../VT-2". Nothing is ever renamed silently."""

from __future__ import annotations

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from ..changes import Changed, Changes
from ..database import Database
from ..db.base import utcnow
from ..errors import Conflict, not_found_sku
from ..i18n import msg
from ..staff import audit
from ..staff.access import require
from ..staff.roles import Permission
from ..sync import outbox
from ..sync.models import Listing, OutboxEntry, RemoteProduct, SyncConflict
from . import validation as v
from .models import Product
from .service import product_view, search_text
from .views import ProductView

# Outbox kinds keyed by SKU: their pending entries follow the product to its new SKU.
_SKU_KINDS = ("product", "photos", "stock", "listing")


def rename_sku(db: Database, old: str, new: str) -> Changed[ProductView]:
    """Give the product `old` the SKU `new`; what was waiting for the store goes under the new SKU.

    `old` may also be written as error messages show it (control characters as \\xNN), since such
    a SKU cannot be typed. Order lines keep the SKU they were written with.

    Raises:
        ValidationError("sku"): `new` is not in the SKU alphabet.
        NotFound: no product `old`.
        PermissionDenied / NotSignedIn: needs `products.edit`.
        Conflict("sku"): `new` belongs to another product, or the store already knows the
            product by `old` (renaming would leave that copy on sale under the old SKU).
    """
    new = v.validate_sku(new)
    with db.session() as session:
        require(session, Permission.PRODUCTS_EDIT)
        product = _find(session, old)
        if product.sku == new:
            return Changed(product_view(session, product), Changes())
        if session.scalar(select(Product.id).where(Product.sku_key == v.sku_key(new), Product.id != product.id)):
            raise Conflict(msg("Mã SKU '{sku}' đã tồn tại", "SKU '{sku}' already exists", sku=new), field="sku")
        remote = session.get(RemoteProduct, product.sku)
        if remote is not None and (remote.version is not None or remote.sent):
            raise Conflict(msg(
                "Sản phẩm '{sku}' đã có trên gian hàng với mã này; đổi mã sẽ tạo một sản phẩm khác trên gian hàng",
                "Product '{sku}' is on the store under this SKU; renaming it would make a second product there",
                sku=v.shown(product.sku)), field="sku")
        old_sku = product.sku
        audit.record(session, "product.rename", "product", new, {"sku": old_sku}, {"sku": new})
        product.sku, product.sku_key = new, v.sku_key(new)
        product.search_text = search_text(product)
        product.version += 1
        product.updated_at = utcnow()
        if remote is not None:
            session.delete(remote)
        session.execute(update(OutboxEntry).where(OutboxEntry.key == old_sku, OutboxEntry.kind.in_(_SKU_KINDS),
                                                  OutboxEntry.done_at.is_(None)).values(key=new, last_error=None))
        session.execute(update(SyncConflict).where(SyncConflict.key == old_sku, SyncConflict.resolved_at.is_(None))
                        .values(key=new))
        # Under its new SKU the product is new to the store: it gets everything.
        outbox.enqueue(session, "product", new)
        outbox.enqueue(session, "stock", new)
        if _has_photos(session, product.id):
            outbox.enqueue(session, "photos", new)
        if session.scalar(select(exists().where(Listing.product_id == product.id))):
            outbox.enqueue(session, "listing", new)
        session.flush()
        view = product_view(session, product)
    return Changed(view, Changes(products=frozenset({view.id}), sync=True))


def _find(session: Session, old: str) -> Product:
    product = session.scalar(select(Product).where(Product.sku_key == v.sku_key(old or "")))
    if product is not None:
        return product
    wanted = (old or "").strip().casefold()
    for candidate_id, sku in session.execute(select(Product.id, Product.sku)):
        if v.shown(sku).casefold() == wanted:
            return session.get(Product, candidate_id)
    raise not_found_sku(v.shown((old or "").strip()))


def _has_photos(session: Session, product_id: int) -> bool:
    from ..photos.models import ProductPhoto  # (here: the photos area imports the catalogue)

    return bool(session.scalar(select(exists().where(ProductPhoto.product_id == product_id))))
