"""Under the server's fault injection (500, 503, 429, stalls, connections dropped after the commit)
sync converges to exactly the state it reaches without faults: nothing lost, nothing duplicated."""

from __future__ import annotations

import random

from helpers import app_state, build_catalogue, store_products, store_state
from sqlalchemy import func, select

from gianhang_desktop.core.catalog.service import update_product
from gianhang_desktop.core.database import Database
from gianhang_desktop.core.stock.service import adjust_stock, receive_stock
from gianhang_desktop.core.sync import listing as listings
from gianhang_desktop.core.sync.engine import sync


def scenario(db: Database, folder, client) -> list:
    """A clerk's day: a catalogue, a sync, edits, stock, listings, more syncs. Returns the reports."""
    rng = random.Random(5)
    skus = build_catalogue(db, folder, count=24, photos_every=4)
    reports = [converge(db, client)]
    for sku in rng.sample(skus, 6):
        update_product(db, sku, price=rng.randrange(60, 90) * 1000)
        receive_stock(db, sku, rng.randrange(1, 9))
    adjust_stock(db, skus[2], -3, reason="hỏng")
    for sku in skus[::4]:
        listings.save_listing(db, sku, price=99_000)
    reports.append(converge(db, client))
    update_product(db, skus[5], name="Gạo ST25 túi số 005 bản mới")
    reports.append(converge(db, client))
    return reports


def converge(db: Database, client, rounds: int = 12):
    for _ in range(rounds):
        result = sync(db, client)
        if result.ok and result.pending == 0:
            return result
    raise AssertionError(f"sync did not converge: {result}")


def store_counts(server, key: str) -> dict[str, int]:
    from gianhang_server.models import AppKey, GalleryImage, Image, Listing, Product

    with server._db().writer() as session:
        shop_id = session.scalars(select(AppKey.shop_id).where(AppKey.key == key)).one()
        return {
            "products": session.scalar(select(func.count()).select_from(Product).where(Product.shop_id == shop_id)),
            "images": session.scalar(select(func.count()).select_from(Image).where(Image.shop_id == shop_id)),
            "gallery": session.scalar(select(func.count()).select_from(GalleryImage).join(Product)
                                      .where(Product.shop_id == shop_id)),
            "listings": session.scalar(select(func.count()).select_from(Listing).where(Listing.shop_id == shop_id)),
        }


def listing_states(server, key: str) -> dict[str, tuple]:
    from gianhang_server.models import AppKey, Listing, Product

    with server._db().writer() as session:
        shop_id = session.scalars(select(AppKey.shop_id).where(AppKey.key == key)).one()
        rows = session.execute(select(Product.sku, Listing.price, Listing.status, Listing.active)
                               .join(Listing, Listing.product_id == Product.id).where(Product.shop_id == shop_id))
        return {sku: (price, status, active) for sku, price, status, active in rows}


def test_faults_converge_to_the_fault_free_state(tmp_path, template_dir, store, faulty_store):
    import shutil

    from gianhang_desktop.core.paths import DB_FILENAME

    results = {}
    for name, server in (("clean", store), ("faulty", faulty_store)):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy2(template_dir / DB_FILENAME, folder / DB_FILENAME)
        db = Database.open(folder)
        creds = server.create_shop()
        client = server.client(creds, timeout=(2.0, 3.0), retries=8)
        reports = scenario(db, tmp_path / f"pics-{name}", client)
        checker = server.client(creds, retries=10)
        results[name] = {
            "app": app_state(db),
            "store": store_state(store_products(checker)),
            "listings": listing_states(server, creds.key),
            "counts": store_counts(server, creds.key),
            "requests": sum(r.requests for r in reports),
        }
        db.dispose()
    clean, faulty = results["clean"], results["faulty"]
    assert clean["store"] == clean["app"]
    assert faulty["store"] == faulty["app"]  # nothing lost
    assert faulty["store"] == clean["store"]
    assert faulty["listings"] == clean["listings"]
    assert faulty["counts"] == clean["counts"] == {"products": 24, "images": 12, "gallery": 12, "listings": 6}
    assert faulty["requests"] > clean["requests"]  # the faults really happened
