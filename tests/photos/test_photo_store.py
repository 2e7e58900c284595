"""The content-addressed picture store on a real folder."""

from __future__ import annotations

import hashlib

import pictures
import pytest
from PIL import Image

from gianhang_desktop.core.photos.errors import PhotoError
from gianhang_desktop.core.photos.pipeline import process_image
from gianhang_desktop.core.photos.store import PhotoStore


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "in" / "VT-001_1.jpg"
    path.parent.mkdir()
    path.write_bytes(pictures.jpeg(Image.new("RGB", (900, 600), (10, 120, 200)), quality=90))
    return path


def test_put_stores_original_untouched_and_outputs(tmp_path, picture):
    store = PhotoStore(tmp_path / "photos")
    photo = process_image(picture)
    created = store.put(photo)

    original, market, thumb = store.paths(photo.sha256, "jpg")
    assert created == [original, market, thumb]
    assert original == tmp_path / "photos/originals" / photo.sha256[:2] / f"{photo.sha256}.jpg"
    assert original.read_bytes() == picture.read_bytes()
    assert market.read_bytes() == photo.market_jpeg
    assert thumb.read_bytes() == photo.thumb_jpeg
    assert not list((tmp_path / "photos").rglob("*.tmp"))


def test_same_picture_twice_is_stored_once(tmp_path, picture):
    store = PhotoStore(tmp_path / "photos")
    store.put(process_image(picture))
    copy = tmp_path / "copy of it.jpg"
    copy.write_bytes(picture.read_bytes())
    assert store.put(process_image(copy)) == []
    assert len(list((tmp_path / "photos").rglob("*.*"))) == 3


def test_changed_file_is_refused_and_leaves_nothing(tmp_path, picture):
    store = PhotoStore(tmp_path / "photos")
    photo = process_image(picture)
    picture.write_bytes(picture.read_bytes() + b"edited")
    with pytest.raises(PhotoError) as info:
        store.put(photo)
    assert info.value.code == "changed"
    assert [p for p in (tmp_path / "photos").rglob("*") if p.is_file()] == []


def test_put_from_bytes_checks_the_hash(tmp_path, picture):
    store = PhotoStore(tmp_path / "photos")
    data = picture.read_bytes()
    photo = process_image(data)
    assert photo.source is None
    store.put(photo, data)
    assert hashlib.sha256(store.original_path(photo.sha256, "jpg").read_bytes()).hexdigest() == (
        photo.sha256
    )
    with pytest.raises(PhotoError):
        PhotoStore(tmp_path / "other").put(photo, data + b"!")


def test_remove_unreferenced_keeps_referenced(tmp_path, picture):
    store = PhotoStore(tmp_path / "photos")
    kept = process_image(picture)
    store.put(kept)
    other_png = pictures.png(Image.new("RGB", (700, 700), (1, 2, 3)))
    other = process_image(other_png)
    store.put(other, other_png)
    assert store.stored_hashes() == {kept.sha256, other.sha256}
    assert store.remove_unreferenced({kept.sha256}) == 3
    assert store.stored_hashes() == {kept.sha256}
    assert store.market_path(kept.sha256).exists()
