"""Batches on the process pool: per-file errors, input order, progress and cancel."""

from __future__ import annotations

import pictures
import pytest
from PIL import Image

from gianhang_desktop.core.photos.batch import process_batch


class Token:
    cancelled = False


def write_mixed_folder(folder):
    files = []
    for i in range(5):
        path = folder / f"VT-001_{i}.jpg"
        path.write_bytes(pictures.jpeg(Image.new("RGB", (900 + i, 700), (40 * i, 90, 90))))
        files.append(path)
    bad = folder / "ghi-chu.jpg"
    bad.write_text("không phải ảnh", encoding="utf-8")
    files.insert(2, bad)
    truncated = folder / "dang-chep.jpg"
    truncated.write_bytes(pictures.truncated_jpeg())
    files.append(truncated)
    return files


@pytest.mark.parametrize("use_processes", [True, False], ids=["processes", "threads"])
def test_batch_keeps_going_past_bad_files_and_keeps_input_order(tmp_path, use_processes):
    files = write_mixed_folder(tmp_path)
    seen = []
    items = process_batch(
        files,
        workers=2,
        progress=lambda f, name: seen.append((f, name)),
        use_processes=use_processes,
    )

    assert [item.source for item in items] == files
    assert [item.ok for item in items] == [True, True, False, True, True, True, False]
    assert items[2].error.code == "not_an_image"
    assert items[-1].error.code == "corrupt"
    assert [item.photo.original_width for item in items if item.ok] == [900, 901, 902, 903, 904]
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {name for _, name in seen} == {f.name for f in files}


def test_cancel_stops_the_batch(tmp_path):
    files = write_mixed_folder(tmp_path) * 4
    token = Token()

    def progress(fraction, name):
        token.cancelled = True

    items = process_batch(files, workers=2, progress=progress, cancel=token)
    assert 1 <= len(items) < len(files)


def test_single_file_runs_in_process(tmp_path):
    path = tmp_path / "one.png"
    path.write_bytes(pictures.png(Image.new("RGB", (640, 480), (1, 2, 3))))
    [item] = process_batch([path])
    assert item.ok and item.photo.market_width == 640
