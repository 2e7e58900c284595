"""The shared order state machine: allowed steps and their stock effects."""

import pytest

from gianhang_desktop.core.orders.states import (
    FINAL,
    INITIAL,
    RESERVING,
    SHIPPED_OUT,
    TRANSITIONS,
    OrderStatus,
    StockEffect,
    can_transition,
    next_statuses,
    path_to,
    stock_effect,
)

S = OrderStatus


def test_status_names_are_the_store_apis():
    assert [s.value for s in OrderStatus] == [
        "unpaid", "paid", "confirmed", "packed", "shipped", "delivered", "completed",
        "cancelled", "returned"]


def test_happy_path():
    steps = [S.UNPAID, S.PAID, S.CONFIRMED, S.PACKED, S.SHIPPED, S.DELIVERED, S.COMPLETED]
    for current, target in zip(steps, steps[1:], strict=False):
        assert can_transition(current, target)
    assert can_transition("unpaid", "confirmed")  # cash on delivery


@pytest.mark.parametrize("current, target", [
    (S.UNPAID, S.PACKED), (S.CONFIRMED, S.SHIPPED), (S.SHIPPED, S.PACKED),
    (S.COMPLETED, S.CANCELLED), (S.CANCELLED, S.CONFIRMED), (S.RETURNED, S.SHIPPED),
    (S.DELIVERED, S.CANCELLED), (S.PAID, S.PAID),
])
def test_refused_steps(current, target):
    assert not can_transition(current, target)
    with pytest.raises(KeyError):
        stock_effect(current, target)


def test_stock_effects_keep_holds_and_ledger_consistent():
    for (current, target), effect in TRANSITIONS.items():
        held_before, held_after = current in RESERVING, target in RESERVING
        out_before, out_after = current in SHIPPED_OUT, target in SHIPPED_OUT
        if effect is StockEffect.RESERVE:
            assert not held_before and held_after and not out_before
        elif effect is StockEffect.RELEASE:
            assert held_before and not held_after and not out_after
        elif effect is StockEffect.SHIP:
            assert held_before and out_after
        elif effect is StockEffect.RESTOCK:
            assert out_before and not out_after and not held_after
        else:
            assert held_before == held_after and out_before == out_after


def test_final_states_have_no_exit_and_initial_ones_no_entry():
    for status in FINAL:
        assert next_statuses(status) == []
    for (_current, target) in TRANSITIONS:
        assert target not in INITIAL or target == S.PAID


def test_path_to_fills_skipped_steps_for_sync():
    assert path_to(S.PAID, S.SHIPPED) == [S.CONFIRMED, S.PACKED, S.SHIPPED]
    assert path_to(S.UNPAID, S.COMPLETED) == [S.CONFIRMED, S.PACKED, S.SHIPPED, S.DELIVERED,
                                              S.COMPLETED]
    assert path_to(S.SHIPPED, S.SHIPPED) == []
    assert path_to(S.CANCELLED, S.PAID) is None


def test_store_orders_follow_the_store_api():
    # docs/store-api.md: no cancel once shipped; pay, deliver, complete, return come from the store.
    assert can_transition(S.SHIPPED, S.CANCELLED)
    assert not can_transition(S.SHIPPED, S.CANCELLED, "store")
    assert not can_transition(S.SHIPPED, S.CANCELLED, "store", from_store=True)
    assert not can_transition(S.SHIPPED, S.DELIVERED, "store")
    assert can_transition(S.SHIPPED, S.DELIVERED, "store", from_store=True)
    assert next_statuses(S.UNPAID, "store") == [S.CONFIRMED, S.CANCELLED]
    assert next_statuses(S.SHIPPED, "store") == []
    assert next_statuses(S.SHIPPED, "store", from_store=True) == [S.DELIVERED, S.RETURNED]
    assert path_to(S.PAID, S.COMPLETED, "store", from_store=True) == [
        S.CONFIRMED, S.PACKED, S.SHIPPED, S.DELIVERED, S.COMPLETED]
