"""Vietnamese phone validation and normalisation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gianhang_desktop.core.phone import (
    MOBILE_PREFIXES,
    PhoneError,
    format_phone,
    normalize_phone,
    to_e164,
)


@pytest.mark.parametrize("text, expected", [
    ("0912345678", "0912345678"),
    ("0912 345 678", "0912345678"),
    ("0912.345.678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("+84912345678", "0912345678"),
    ("84912345678", "0912345678"),
    ("0084 912 345 678", "0912345678"),
    ("(+84) 0912-345-678", "0912345678"),
    ("0323456789", "0323456789"),
    ("0587654321", "0587654321"),
    ("024 3826 1234", "02438261234"),
    ("0236.3822.123", "02363822123"),
    ("+84 28 3822 1234", "02838221234"),
])
def test_accepts_and_normalises(text, expected):
    assert normalize_phone(text) == expected


@pytest.mark.parametrize("text", [
    "", "   ", "091234567", "09123456789", "0112345678", "0312345678", "0951234567",
    "0412345678", "abc0912345678", "024 3826 123", "+1 415 555 0100", "0912-345-67x",
])
def test_refuses(text):
    with pytest.raises(PhoneError):
        normalize_phone(text)


def test_format_and_e164():
    assert format_phone("0912345678") == "0912 345 678"
    assert format_phone("02438261234") == "024 3826 1234"
    assert format_phone("02363822123") == "0236 3822 123"
    assert to_e164("0912345678") == "+84912345678"


@given(prefix=st.sampled_from(sorted(MOBILE_PREFIXES)), rest=st.from_regex(r"\A[0-9]{7}\Z"),
       style=st.sampled_from(["{p}{r}", "+84{p1}{r}", "{p} {r3} {r4}", "84{p1}{r}"]))
def test_every_valid_mobile_round_trips(prefix, rest, style):
    text = style.format(p=prefix, p1=prefix[1:], r=rest, r3=rest[:3], r4=rest[3:])
    national = normalize_phone(text)
    assert national == prefix + rest
    assert normalize_phone(to_e164(national)) == national
    assert normalize_phone(format_phone(national)) == national
