"""Photo services on a real migrated database and a real data folder."""

from __future__ import annotations

import json
import os
import stat

import pictures
import pytest
from PIL import Image
from sqlalchemy import select

from gianhang_desktop.core.catalog.service import add_product
from gianhang_desktop.core.errors import Conflict, NotFound, ValidationError
from gianhang_desktop.core.photos import service
from gianhang_desktop.core.photos.models import ProductPhoto
from gianhang_desktop.core.sync.models import OutboxEntry
from gianhang_desktop.core.tasks import Cancelled, CancelToken


def picture(folder, name, colour, size=(900, 700), fmt="JPEG"):
    path = folder / name
    im = Image.new("RGB", size, colour)
    im.save(path, fmt)
    return path


def files_under(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def product(db):
    view, _ = add_product(db, "VT-001", "Vải thiều Thanh Hà", 65000)
    return view


@pytest.fixture
def shots(tmp_path):
    folder = tmp_path / "card"
    folder.mkdir()
    return [picture(folder, f"IMG_{i}.jpg", (30 * i, 120, 200 - 20 * i)) for i in range(4)]


def test_attach_list_and_outbox(db, product, shots, tmp_path):
    small = picture(tmp_path, "nho.png", (200, 10, 10), size=(320, 240), fmt="PNG")
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(pictures.truncated_jpeg())
    report = service.attach_photos(db, "vt-001", [shots[0], small, broken, shots[1]], workers=2)

    assert [o.status for o in report.outcomes] == ["ok", "flagged", "error", "ok"]
    assert report.outcomes[1].flags == ("too_small",)
    assert report.outcomes[2].code == "corrupt"
    assert report.failed and report.changes.photos == {product.id}

    photos = service.list_photos(db, "VT-001")
    assert [p.original_name for p in photos] == ["IMG_0.jpg", "nho.png", "IMG_1.jpg"]
    assert [p.position for p in photos] == [1, 2, 3] and photos[0].is_cover
    assert photos[1].flags == ("too_small",) and (photos[1].width, photos[1].height) == (320, 240)
    for p in photos:
        assert p.original_path.read_bytes()[:4] in (b"\xff\xd8\xff\xe0", b"\x89PNG")
        assert p.market_path.exists() and p.thumb_path.exists()
    assert photos[0].original_path.read_bytes() == shots[0].read_bytes()
    # 3 pictures x (original, market, thumbnail), nothing of the broken file, no temp files.
    assert len(files_under(db.data_dir / "photos")) == 9
    with db.read_session() as s:
        entries = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "photos")).all()
    assert [(e.kind, e.key) for e in entries] == [("photos", "VT-001")]


def test_same_picture_is_stored_once_and_skipped_on_the_same_product(db, product, shots):
    add_product(db, "MO-12", "Mật ong hoa nhãn", 180000)
    service.attach_photos(db, "VT-001", [shots[0]])
    again = service.attach_photos(db, "VT-001", [shots[0], shots[0]])
    assert [o.status for o in again.outcomes] == ["skipped", "skipped"]
    assert not again.failed and not again.changes
    other = service.attach_photos(db, "MO-12", [shots[0]])
    assert other.outcomes[0].status == "ok"
    assert len(files_under(db.data_dir / "photos")) == 3  # one picture, stored once


def test_ninth_picture_is_refused(db, product, tmp_path):
    many = [picture(tmp_path, f"p{i}.jpg", (i * 25, 90, 90)) for i in range(10)]
    report = service.attach_photos(db, "VT-001", many)
    assert [o.status for o in report.outcomes] == ["ok"] * 8 + ["error"] * 2
    assert report.outcomes[8].code == "too_many_photos"
    assert "8" in report.outcomes[8].messages[0].text()
    assert len(service.list_photos(db, "VT-001")) == 8
    # Files of the refused pictures are not left behind.
    assert len(files_under(db.data_dir / "photos")) == 8 * 3
    with pytest.raises(Conflict):
        service.attach_photos(db, "VT-001", [picture(tmp_path, "p10.jpg", (1, 1, 1))])


def test_unknown_sku_writes_nothing(db, shots):
    with pytest.raises(NotFound):
        service.attach_photos(db, "KHONG-CO", shots)
    assert not (db.data_dir / "photos").exists() or not files_under(db.data_dir / "photos")


def test_cancel_leaves_nothing(db, product, shots):
    token = CancelToken()

    def progress(fraction, text):
        if fraction > 0.2:
            token.cancel()

    with pytest.raises(Cancelled):
        service.attach_photos(db, "VT-001", shots * 3, progress=progress, cancel=token, workers=2)
    assert service.list_photos(db, "VT-001") == []
    assert files_under(db.data_dir / "photos") == []


def test_failed_transaction_removes_the_files_it_wrote(db, product, shots, monkeypatch):
    from gianhang_desktop.core.photos import importing

    def broken_enqueue(session, kind, key, payload=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "enqueue", broken_enqueue)
    with pytest.raises(RuntimeError):
        service.attach_photos(db, "VT-001", shots[:2])
    assert service.list_photos(db, "VT-001") == []
    assert files_under(db.data_dir / "photos") == []


def test_remove_reorder_cover(db, product, shots):
    service.attach_photos(db, "VT-001", shots)
    names = lambda: [p.original_name for p in service.list_photos(db, "VT-001")]  # noqa: E731
    assert names() == ["IMG_0.jpg", "IMG_1.jpg", "IMG_2.jpg", "IMG_3.jpg"]

    changes = service.reorder_photos(db, "VT-001", [3, 1])
    assert changes.photos == {product.id}
    assert names() == ["IMG_2.jpg", "IMG_0.jpg", "IMG_1.jpg", "IMG_3.jpg"]
    service.set_cover(db, "VT-001", 4)
    assert names() == ["IMG_3.jpg", "IMG_2.jpg", "IMG_0.jpg", "IMG_1.jpg"]
    assert not service.reorder_photos(db, "VT-001", [1, 2])

    removed = service.list_photos(db, "VT-001")[1]
    service.remove_photo(db, "VT-001", 2)
    assert names() == ["IMG_3.jpg", "IMG_0.jpg", "IMG_1.jpg"]
    assert [p.position for p in service.list_photos(db, "VT-001")] == [1, 2, 3]
    assert not removed.original_path.exists() and not removed.thumb_path.exists()

    for bad in ([5], [1, 1], [0]):
        with pytest.raises(ValidationError):
            service.reorder_photos(db, "VT-001", bad)
    with pytest.raises(ValidationError):
        service.remove_photo(db, "VT-001", 4)


def test_remove_keeps_files_used_by_another_product(db, product, shots):
    add_product(db, "MO-12", "Mật ong hoa nhãn", 180000)
    service.attach_photos(db, "VT-001", [shots[0]])
    service.attach_photos(db, "MO-12", [shots[0]])
    service.remove_photo(db, "VT-001", 1)
    [kept] = service.list_photos(db, "MO-12")
    assert kept.original_path.exists() and kept.market_path.exists()


def test_export_names_files_by_sku_in_order(db, product, shots, tmp_path):
    service.attach_photos(db, "VT-001", shots[:3])
    service.set_cover(db, "VT-001", 3)
    out = tmp_path / "xuat"
    files = service.export_photos(db, "vt-001", out)
    assert [f.name for f in files] == ["VT-001-1.jpg", "VT-001-2.jpg", "VT-001-3.jpg"]
    photos = service.list_photos(db, "VT-001")
    umask = os.umask(0o022)
    os.umask(umask)
    for f, p in zip(files, photos, strict=True):
        assert f.read_bytes() == p.market_path.read_bytes()
        assert stat.S_IMODE(f.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
        with Image.open(f) as im:
            assert im.size == (900, 900) and im.format == "JPEG"
    add_product(db, "MO-12", "Mật ong", 1)
    with pytest.raises(NotFound):
        service.export_photos(db, "MO-12", out)


def test_import_folder_by_file_names(db, tmp_path):
    for sku in ("VT-001", "VT-001-A", "MO-12"):
        add_product(db, sku, f"Sản phẩm {sku}", 10000)
    folder = tmp_path / "the-nho"
    folder.mkdir()
    for i, name in enumerate(
        [
            "VT-001 (2).jpg",
            "VT-001_1.jpg",
            "vt-001-3.png",
            "VT-001-A_1.jpg",
            "IMG_9999.jpg",
            "MO-12.jpg",
        ]
    ):
        picture(folder, name, (20 * i, 100, 100), fmt="PNG" if name.endswith("png") else "JPEG")
    (folder / "MO-12_2.jpg").write_text("không phải ảnh", encoding="utf-8")

    report = service.import_folder(db, folder, workers=2)
    assert [p.name for p in report.unmatched] == ["IMG_9999.jpg"]
    assert report.attached == {"MO-12": 1, "VT-001": 3, "VT-001-A": 1}
    assert report.failed and [o.source.name for o in report.outcomes if o.failed] == ["MO-12_2.jpg"]
    assert [p.original_name for p in service.list_photos(db, "VT-001")] == [
        "VT-001_1.jpg",
        "VT-001 (2).jpg",
        "vt-001-3.png",
    ]
    # Running it again attaches nothing twice.
    again = service.import_folder(db, folder)
    assert again.attached == {} and again.count("skipped") == 5


def test_cover_thumbnails_and_counts(db, product, shots):
    other, _ = add_product(db, "MO-12", "Mật ong", 1)
    service.attach_photos(db, "VT-001", shots[:2])
    covers = service.cover_thumbnails(db, [product.id, other.id])
    assert list(covers) == [product.id] and covers[product.id].exists()
    assert service.photo_counts(db, [product.id, other.id]) == {product.id: 2}


def test_report_json_is_serialisable(db, product, shots):
    report = service.attach_photos(db, "VT-001", shots[:1])
    data = json.loads(json.dumps(report.to_json()))
    assert data["files"][0]["status"] == "ok" and data["counts"]["ok"] == 1
    with db.read_session() as s:
        assert s.scalar(select(ProductPhoto.market_width)) == 900


def test_export_file_names_are_safe_on_windows():
    assert service.safe_file_stem("HTX/ABC:01") == "HTX_ABC_01"
    assert service.safe_file_stem(" VT-001 ") == "VT-001"
    assert service.safe_file_stem("...") == "photo"


def test_heic_from_an_iphone_is_attached_and_raw_files_get_a_helpful_error(db, product, tmp_path):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    heic = tmp_path / "IMG_0001.HEIC"
    Image.new("RGB", (900, 700), (200, 30, 30)).save(heic, "HEIF")
    raw = tmp_path / "IMG_0002.CR2"
    raw.write_bytes(b"II*\x00\x10\x00\x00\x00CR\x02\x00")
    report = service.attach_photos(db, "VT-001", [heic, raw])
    first, second = report.outcomes
    assert first.status == "ok", first
    assert second.code == "unsupported" and "JPEG" in second.messages[0].text()
    assert "RAW" in second.messages[0].text("en")
