"""VietQR payloads: published examples, the CRC, what a bank app reads back, and the QR itself (zbarimg)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gianhang_desktop.core.errors import ValidationError
from gianhang_desktop.core.payments import qr_image
from gianhang_desktop.core.payments.bank_account import check_bank_account, holder_name
from gianhang_desktop.core.payments.banks import BANKS, bank_by_bin, find_bank
from gianhang_desktop.core.payments.vietqr import (
    build_payload,
    crc16_ccitt_false,
    parse_payload,
    purpose_text,
)
from tests.orders import poppler

# Payloads published with their inputs (README and tests of github.com/subiz/vietqr, an
# implementation of the NAPAS VietQR format): (BIN, account, amount, description, dynamic, payload).
PUBLISHED = [
    ("970415", "0011001932418", 120000, "ung ho lu lut", True,
     "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
     "62170813ung ho lu lut6304C15C"),
    ("970423", "0099999999", None, "", False,
     "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4"),
    ("970422", "0023457923442", 40123, "test text string", True,
     "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN"
     "62200816test text string6304D9C6"),
    ("970422", "0023457923442", 40123, "chuyển khoản", True,
     "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN"
     "62160812chuyen khoan6304722F"),
]


def test_crc_is_ccitt_false():
    assert crc16_ccitt_false(b"123456789") == 0x29B1  # the catalogue's check value of CRC-16/CCITT-FALSE


@pytest.mark.parametrize(("bin_", "account", "amount", "purpose", "dynamic", "expected"), PUBLISHED)
def test_published_examples(bin_, account, amount, purpose, dynamic, expected):
    assert build_payload(bin_, account, amount, purpose, dynamic=dynamic) == expected
    back = parse_payload(expected)
    assert (back.bin, back.account, back.amount, back.dynamic) == (bin_, account, amount, dynamic)
    assert back.service == "QRIBFTTA"


def test_payload_objects_as_napas_lays_them_out():
    payload = build_payload("970436", "0123456789", 120000, "HD-261130-0001")
    assert payload.startswith("000201" "010212" "3854" "0010A000000727" "0124" "0006970436" "01100123456789"
                              "0208QRIBFTTA" "5303704" "5406120000" "5802VN" "62180814HD-261130-0001" "6304")
    assert len(payload) == payload.index("6304") + 8


def test_wrong_crc_or_shape_is_refused():
    good = PUBLISHED[0][5]
    with pytest.raises(ValidationError) as error:
        parse_payload(good[:-4] + "0000")
    assert error.value.field == "payload"
    with pytest.raises(ValidationError):
        parse_payload(good.replace("1200005802", "1300005802"))  # amount changed, CRC not
    with pytest.raises(ValidationError):
        parse_payload("hello")


def test_purpose_is_ascii_and_at_most_25():
    assert purpose_text("Đơn GH-2611-0001 – trả tiền") == "Don GH-2611-0001 tra tien"
    with pytest.raises(ValidationError) as error:
        build_payload("970436", "0123456789", 1000, "X" * 26)
    assert error.value.field == "purpose"


@pytest.mark.parametrize(("bin_", "account", "amount", "field"), [
    ("97043", "0123456789", 1000, "bank_bin"), ("970436", "", 1000, "bank_account"),
    ("970436", "1" * 20, 1000, "bank_account"), ("970436", "0123456789", 0, "amount"),
    ("970436", "0123456789", -5, "amount"),
])
def test_bad_parts_are_refused(bin_, account, amount, field):
    with pytest.raises(ValidationError) as error:
        build_payload(bin_, account, amount, "HD-1")
    assert error.value.field == field


@settings(deadline=None)  # a loaded machine must not fail a pure function on time
@given(amount=st.integers(min_value=1, max_value=10**12),
       account=st.text(alphabet="0123456789", min_size=6, max_size=19),
       purpose=st.text(alphabet="ABCXYZabc0123456789 -", max_size=25),
       bank=st.sampled_from([b.bin for b in BANKS]))
def test_any_payload_reads_back(amount, account, purpose, bank):
    back = parse_payload(build_payload(bank, account, amount, purpose))
    assert (back.bin, back.account, back.amount, back.purpose) == (bank, account, amount, purpose_text(purpose))


def test_qr_decodes_back_to_the_payload(tmp_path):
    payload = build_payload("970436", "0071000123456", 1250000, "HD-261130-0042")
    png = tmp_path / "qr.png"
    qr_image.save_qr(payload, png)
    assert poppler.run("zbarimg", "-q", "--raw", png).strip() == payload
    svg = tmp_path / "qr.svg"
    qr_image.save_qr(payload, svg)
    assert svg.read_text().startswith("<?xml")
    with pytest.raises(ValidationError):
        qr_image.save_qr(payload, tmp_path / "qr.gif")
    matrix = qr_image.qr_matrix(payload)
    assert matrix.size == qr_image.make(payload).symbol_size(border=0)[0]


def test_bank_list_and_account_checks():
    assert len({b.bin for b in BANKS}) == len(BANKS)
    assert all(len(b.bin) == 6 and b.bin.isdigit() for b in BANKS)
    assert bank_by_bin("970436").short_name == "Vietcombank"
    assert find_bank("vietcombank") == find_bank("VCB") == find_bank("970436")
    assert find_bank("Techcom bank").bin == "970407"
    account = check_bank_account("VCB", "0071 000 123 456", "Hợp tác xã Nông sản Lục Ngạn")
    assert (account.bin, account.account, account.holder) == ("970436", "0071000123456", "HOP TAC XA NONG SAN LUC NGAN")
    assert holder_name("  Đỗ   Thị  Ánh ") == "DO THI ANH"


@pytest.mark.parametrize(("bank", "account", "holder", "field"), [
    ("999999", "0123456789", "", "bank_bin"), ("Ngân hàng ma", "0123456789", "", "bank_bin"),
    ("970436", "01234", "", "bank_account"), ("970436", "0123ABC789", "", "bank_account"),
    ("970436", "1" * 20, "", "bank_account"), ("970436", "0123456789", "NGUYEN VAN A 2", "bank_account_name"),
])
def test_a_bank_account_failing_its_checks_is_refused(bank, account, holder, field):
    with pytest.raises(ValidationError) as error:
        check_bank_account(bank, account, holder)
    assert error.value.field == field
