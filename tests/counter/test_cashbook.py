"""The cash book: vouchers by hand, balances at the start and end of each shop day, bad input."""

from __future__ import annotations

import pytest

from gianhang_desktop.core import clock
from gianhang_desktop.core.cashbook import service as cashbook
from gianhang_desktop.core.cashbook.models import CashEntry
from gianhang_desktop.core.errors import ValidationError


def count(db) -> int:
    with db.read_session() as session:
        return session.query(CashEntry).count()


def test_day_balances_follow_the_shop_clock(db):
    with clock.frozen("2026-11-28T09:00:00+07:00"):
        cashbook.add_entry(db, "in", "2.000.000", reason="Tiền lẻ đầu ca", category="opening")
        cashbook.add_entry(db, "out", "150k", reason="Tiền điện tháng 11", category="expense")
    # 23:30 on the 29th in Hà Nội is still the 29th, though UTC says 16:30 the same day.
    with clock.frozen("2026-11-29T23:30:00+07:00"):
        entry, changes = cashbook.add_entry(db, "in", 500_000, reason="Bán sỉ", fund="ngân hàng")
    assert changes.cashbook and entry.code == "PT-261129-0001" and entry.fund == "bank"
    with clock.frozen("2026-11-30T00:10:00+07:00"):
        cashbook.add_entry(db, "out", 50_000, reason="Phí gửi xe", fund="cash")
        book = cashbook.cash_book(db, "28/11/2026", "2026-11-30")
    assert [(d.day.day, d.opening, d.money_in, d.money_out, d.closing) for d in book.days] == [
        (28, 0, 2_000_000, 150_000, 1_850_000),
        (29, 1_850_000, 500_000, 0, 2_350_000),
        (30, 2_350_000, 0, 50_000, 2_300_000),
    ]
    assert book.closing_by_fund == {"cash": 1_800_000, "bank": 500_000}
    assert [e.code for e in book.entries] == ["PT-261128-0001", "PC-261128-0001", "PT-261129-0001", "PC-261130-0001"]
    with clock.frozen("2026-11-30T08:00:00+07:00"):
        only_cash = cashbook.cash_book(db, "29/11/2026", "30/11/2026", fund="cash")
        assert (only_cash.opening, only_cash.closing) == (1_850_000, 1_800_000)
        assert cashbook.balances(db) == {"cash": 1_800_000, "bank": 500_000}
    data = book.to_json()
    assert data["days"][1] == {"date": "2026-11-29", "opening": 1_850_000, "in": 500_000, "out": 0, "closing": 2_350_000}
    assert data["entries"][1]["category_label"].startswith("Chi phí")


@pytest.mark.parametrize(("args", "kwargs", "field"), [
    (("in", 0), {"reason": "x"}, "amount"),
    (("out", "-5000"), {"reason": "x"}, "amount"),
    (("in", "12,5"), {"reason": "x"}, "amount"),
    (("sideways", 1000), {"reason": "x"}, "direction"),
    (("in", 1000), {"reason": "  "}, "reason"),
    (("in", 1000), {"reason": "x", "fund": "ví"}, "fund"),
    (("in", 1000), {"reason": "x", "category": "expense"}, "category"),
    (("out", 1000), {"reason": "x", "category": "không có"}, "category"),
])
def test_bad_vouchers_are_refused_and_nothing_is_written(db, args, kwargs, field):
    with pytest.raises(ValidationError) as error:
        cashbook.add_entry(db, *args, **kwargs)
    assert error.value.field == field
    assert count(db) == 0


def test_dates_in_the_wrong_order_are_refused(db):
    with pytest.raises(ValidationError) as error:
        cashbook.cash_book(db, "30/11/2026", "01/11/2026")
    assert error.value.field == "to"
    assert "01/11/2026" in str(error.value)
