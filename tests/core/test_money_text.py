"""Money parsing and Vietnamese folding."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gianhang_desktop.core.errors import ValidationError
from gianhang_desktop.core.money import format_vnd, parse_vnd
from gianhang_desktop.core.text import fold


@pytest.mark.parametrize(
    "text,expected",
    [
        ("120000", 120_000), ("120.000", 120_000), ("120,000", 120_000), ("120.000 ₫", 120_000),
        ("120.000đ", 120_000), ("120k", 120_000), ("120K", 120_000), ("1.200.000 VNĐ", 1_200_000),
        ("1,5tr", 1_500_000), (" 45 000 ", 45_000), ("0", 0),
    ],
)
def test_parse_vnd_accepts_what_vietnamese_users_write(text, expected):
    assert parse_vnd(text) == expected


@pytest.mark.parametrize("text", ["120.5", "1.000,50", "0,5", "12,5k0", "abc", "", "-5", "1,2345k", "12.34.567"])
def test_parse_vnd_refuses_fractions_negatives_and_garbage(text):
    with pytest.raises(ValidationError) as info:
        parse_vnd(text, "price")
    assert info.value.field == "price"


@given(st.integers(min_value=0, max_value=10**12))
def test_format_then_parse_round_trips(value):
    assert parse_vnd(format_vnd(value)) == value


def test_format_vnd_uses_dots_and_the_dong_sign():
    assert format_vnd(350_000) == "350.000 ₫"
    assert format_vnd(1_234_567) == "1.234.567 ₫"


def test_every_vietnamese_letter_folds_to_ascii():
    vowels = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    folded = fold(vowels + vowels.upper())
    assert folded.isascii()
    assert set(folded) <= set("aeiouyd")
    assert fold("Vải thiều Lục Ngạn ĐẶC BIỆT") == "vai thieu luc ngan dac biet"
