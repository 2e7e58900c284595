"""A catalogue and double channels for the channel engine's tests."""

from __future__ import annotations

from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.channels.accounts import add_account, set_rule
from gianhang_desktop.core.stock.service import receive_stock

from .double import PLATFORM, credentials_json, install

PRODUCTS = [("GAO-1KG", "Gạo ST25 túi 1 kg", 45_000, "8934567890120"),
            ("GAO-5KG", "Gạo ST25 túi 5 kg", 210_000, None),
            ("CHE-200", "Chè Thái Nguyên 200 g", 185_000, "8930000000019"),
            ("MAT-ONG", "Mật ong hoa cà phê", 180_000, None)]


def catalogue(db, stock: dict[str, int] | None = None) -> None:
    stock = stock if stock is not None else {"GAO-1KG": 20, "GAO-5KG": 10, "CHE-200": 7, "MAT-ONG": 0}
    for sku, name, price, barcode in PRODUCTS:
        add_product(db, sku, name, price, barcode=barcode)
        if stock.get(sku):
            receive_stock(db, sku, stock[sku])


def channel(db, name: str = "Shop A", app_key: str = "k1", *, link: bool = True):
    """A fake platform listing the catalogue (túi 1 kg / 5 kg as two variations of one item) and an
    account for it; linked automatically when ``link``."""
    from gianhang_desktop.core.channels.service import link_automatically

    fake = install(app_key)
    fake.add("GAO-1KG", item="RICE", name="Gạo ST25")
    fake.add("GAO-5KG", item="RICE", name="Gạo ST25")
    fake.add("", gtin="8930000000019", name="Chè")  # found by its barcode
    fake.add("MAT-ONG")
    add_account(db, PLATFORM, name, credentials_json(fake))
    set_rule(db, name, buffer=0)  # these tests count units exactly; the default buffer has its own test
    if link:
        link_automatically(db, name)
    return fake
