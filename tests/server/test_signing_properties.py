"""Property-based checks of the canonical query: whatever a client's encoder does, the server reads
back the same pairs and so computes the same string to sign."""

from __future__ import annotations

from urllib.parse import quote, quote_plus, urlencode

from hypothesis import given
from hypothesis import strategies as st

from gianhang_server import signing

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
pairs = st.lists(st.tuples(text.filter(bool), text), max_size=6)


@given(pairs)
def test_any_standard_encoding_reads_back_to_the_same_canonical_query(items):
    canonical = signing.canonical_query(items)
    for raw in (
        urlencode(items),  # form style: spaces as +
        "&".join(f"{quote(n, safe='')}={quote(v, safe='')}" for n, v in items),  # RFC 3986 style
        "&".join(f"{quote_plus(n)}={quote_plus(v)}" for n, v in items),
    ):
        assert signing.canonical_query(signing.query_pairs(raw)) == canonical


@given(pairs)
def test_canonical_query_is_sorted_and_only_bare_safe_characters(items):
    canonical = signing.canonical_query(items)
    parts = canonical.split("&") if canonical else []
    assert parts == sorted(parts, key=lambda p: tuple(p.split("=", 1)))
    assert all(c.isascii() and (c.isalnum() or c in "-._~%=&") for c in canonical)


@given(pairs, st.permutations(range(6)))
def test_order_of_the_pairs_does_not_matter(items, order):
    shuffled = [items[i] for i in order if i < len(items)]
    assert signing.canonical_query(shuffled) == signing.canonical_query(items)
