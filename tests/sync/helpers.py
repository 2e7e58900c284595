"""Building a small catalogue with photos and stock, and reading the store back for comparisons."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from gianhang_desktop.core.catalog.service import add_product, list_products
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.photos.service import attach_photos, list_photos
from gianhang_desktop.core.stock.service import receive_stock
from gianhang_desktop.core.sync.client import Credentials, StoreClient
from gianhang_desktop.core.sync.payloads import descriptive, product_payload, products_by_sku


def picture(folder: Path, name: str, colour: tuple[int, int, int]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    Image.new("RGB", (640, 480), colour).save(path, "JPEG")
    return path


def build_catalogue(db: Database, folder: Path, count: int = 12, photos_every: int = 3) -> list[str]:
    skus = []
    for i in range(count):
        sku = f"HTX-{i:03d}"
        add_product(db, sku, f"Gạo ST25 túi số {i:03d}", 50_000 + 1000 * i, weight_g=1000 + i, category="Gạo",
                    province_code=None)
        receive_stock(db, sku, 20 + i)
        if i % photos_every == 0:
            files = [picture(folder, f"{sku}-{n}.jpg", ((i * 40) % 256, n * 90, 120)) for n in range(2)]
            attach_photos(db, sku, files, workers=1)
        skus.append(sku)
    return skus


def store_products(client: StoreClient) -> dict[str, dict]:
    out, cursor = {}, None
    while True:
        page = client.get("/products", cursor=cursor, limit=200).body
        out.update({p["sku"]: p for p in page["items"]})
        cursor = page["next_cursor"]
        if not cursor:
            return out


def store_orders(client: StoreClient) -> dict[str, dict]:
    out, cursor = {}, None
    while True:
        page = client.get("/orders", cursor=cursor, limit=200).body
        out.update({o["code"]: o for o in page["items"]})
        cursor = page["next_cursor"]
        if not cursor:
            return out


def app_state(db: Database) -> dict[str, dict]:
    """What the store should hold for each local product: descriptive fields, quantity, photo count."""
    out = {}
    with db.read_session() as session:
        rows = products_by_sku(session, [p.sku for p in list_products(db, include_archived=True)])
        payloads = {sku: descriptive(product_payload(p)) for sku, p in rows.items()}
    for view in list_products(db, include_archived=True):
        out[view.sku] = {"fields": payloads[view.sku], "quantity": view.on_hand if view.status == "active" else 0,
                         "images": len(list_photos(db, view.sku))}
    return out


def store_state(products: dict[str, dict]) -> dict[str, dict]:
    return {sku: {"fields": descriptive(p), "quantity": p["quantity"], "images": len(p["images"])}
            for sku, p in products.items()}

# (Here, not in conftest.py: "from conftest import …" gets whichever conftest module pytest
# registered first under that name, which depends on which test folders run together.)
REPO = Path(__file__).resolve().parents[2]


def second_key(server, creds: Credentials) -> Credentials:
    """Another app key of the same shop (a second desktop or the shop's web console)."""
    import secrets

    from sqlalchemy import select

    from gianhang_server.models import AppKey

    with server._db().writer() as session:
        shop_id = session.scalars(select(AppKey.shop_id).where(AppKey.key == creds.key)).one()
        key = AppKey(shop_id=shop_id, key="gh_" + secrets.token_hex(12), secret=secrets.token_urlsafe(32))
        session.add(key)
        session.commit()
        return Credentials(key.key, key.secret)
