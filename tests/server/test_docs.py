"""The worked signing examples of docs/store-api.md are recomputed with gianhang_server.signing."""

from __future__ import annotations

import re

import pytest

from gianhang_server import signing
from tests.server.conftest import ROOT

DOC = (ROOT / "docs" / "store-api.md").read_text(encoding="utf-8")


def _blocks_after(marker: str) -> list[str]:
    tail = DOC[DOC.index(marker):]
    return re.findall(r"```text\n(.*?)```", tail, re.S)


def _fields(block: str) -> dict[str, str]:
    fields = {}
    for line in block.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


@pytest.mark.parametrize("marker", ["<!-- signing-example-1 -->", "<!-- signing-example-2 -->", "<!-- signing-example-3 -->"])
def test_signing_examples_in_the_docs(marker):
    secret = re.search(r"^secret:\s+(\S+)$", DOC, re.M).group(1)
    inputs, string_block, signature_block = _blocks_after(marker)[:3]
    fields = _fields(inputs)
    body = fields["body"].encode("utf-8")
    pairs = signing.query_pairs(fields["query"])
    device = fields.get("device")  # example 3: a seventh part
    expected = signing.string_to_sign(fields["method"], fields["path"], pairs, fields["timestamp"], fields["nonce"], body, device)
    assert string_block.rstrip("\n") == expected
    assert _fields(signature_block)["signature"] == signing.sign(secret, fields["method"], fields["path"], pairs,
                                                                 fields["timestamp"], fields["nonce"], body, device)


def test_example_body_length_as_documented():
    assert len(b'{"items":[{"sku":"VT-001","delta":-2}]}') == 39
    assert "The body is the 39 bytes shown" in DOC
