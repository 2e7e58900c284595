"""The store API keeps text in NFC: a decomposed name comes back composed, invisible marks dropped."""

from __future__ import annotations

import unicodedata

from tests.server.conftest import API, product_body


def test_decomposed_text_is_stored_composed(shop):
    name = unicodedata.normalize("NFD", "Chè Thái Nguyên đặc biệt") + "\u200b"
    body = product_body("NFC-1", name=name, description=unicodedata.normalize("NFD", "Búp\u202e non"),
                        category=unicodedata.normalize("NFD", "Trà"), certifications=["\ufeffVietGAP"])
    response = shop.put(f"{API}/products/NFC-1", body)
    assert response.status_code == 201, response.text
    got = shop.get(f"{API}/products/NFC-1").json()
    assert got["name"] == "Chè Thái Nguyên đặc biệt"
    assert got["description"] == "Búp non" and got["category"] == "Trà"
    assert got["certifications"] == ["VietGAP"]
    # The same content in either form is the same product: no new version.
    again = shop.put(f"{API}/products/NFC-1", product_body("NFC-1", name="Chè Thái Nguyên đặc biệt",
                                                           description="Búp non", category="Trà",
                                                           certifications=["VietGAP"]))
    assert again.json()["version"] == 1


def test_control_characters_are_still_refused(shop):
    response = shop.put(f"{API}/products/NFC-2", product_body("NFC-2", name="Chè\x00"))
    assert response.status_code == 422
