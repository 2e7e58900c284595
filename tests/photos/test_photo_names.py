"""Matching picture file names to SKUs for import-folder."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gianhang_desktop.core.photos.names import SkuMatcher, plan_folder

SKUS = ["VT-001", "VT-001-A", "VT-01", "MO-12", "Trà-Shan-Tuyết"]


def test_the_issue_examples_all_name_vt_001():
    matcher = SkuMatcher(SKUS)
    for name in ["VT-001_1.jpg", "VT-001 (2).jpg", "vt-001-3.png", "VT-001.JPG", "VT-001.x.jpg"]:
        assert matcher.match(name)[0] == "VT-001", name


def test_longest_sku_wins_and_sku_must_end_at_a_word_boundary():
    matcher = SkuMatcher(SKUS)
    assert matcher.match("VT-001-A_1.jpg")[0] == "VT-001-A"
    assert matcher.match("vt-001-a (3).jpg")[0] == "VT-001-A"
    assert matcher.match("VT-001-2.jpg")[0] == "VT-001"
    assert matcher.match("VT-0012.jpg") is None
    assert matcher.match("VT-01_5.jpg")[0] == "VT-01"
    assert matcher.match("IMG_2040.jpg") is None
    assert matcher.match("trà-shan-tuyết_1.jpg")[0] == "Trà-Shan-Tuyết"


@given(
    sku=st.from_regex(r"[A-Za-z]{1,4}-[0-9]{1,5}", fullmatch=True),
    sep=st.sampled_from(["_", "-", " ", " (", "."]),
    n=st.integers(0, 99),
)
def test_any_sku_with_any_separator_matches(sku, sep, n):
    matcher = SkuMatcher([sku, sku + "9X"])
    name = f"{sku.lower()}{sep}{n}{')' if sep == ' (' else ''}.jpg"
    assert matcher.match(name) == (sku, matcher.match(name)[1])
    assert matcher.match(f"{sku}{n}Z.jpg") is None


def test_plan_orders_naturally_and_reports_strays(tmp_path):
    for name in [
        "VT-001-10.jpg",
        "VT-001 (2).jpg",
        "VT-001_1.jpg",
        "VT-001.jpg",
        "MO-12.png",
        "IMG_0001.jpg",
        "ghi chú.txt",
        ".VT-001_9.jpg",
        "IMG_0002.HEIC",
        "IMG_0003.CR2",
    ]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "the" / "sub").mkdir(parents=True)
    (tmp_path / "the" / "sub" / "vt-001-3.png").write_bytes(b"x")

    plan = plan_folder(tmp_path, SKUS)
    assert {sku: [p.name for p in files] for sku, files in plan.by_sku.items()} == {
        "MO-12": ["MO-12.png"],
        "VT-001": ["VT-001.jpg", "VT-001_1.jpg", "VT-001 (2).jpg", "vt-001-3.png", "VT-001-10.jpg"],
    }
    # HEIC is read now (pillow-heif); camera RAW files are still named as unsupported.
    assert [p.name for p in plan.unmatched] == ["IMG_0001.jpg", "IMG_0002.HEIC"]
    assert [p.name for p in plan.unsupported] == ["IMG_0003.CR2"]
    assert plan.file_count == 6
