"""The order state machine, shared by manual orders and orders synced from the store.

Status names are the store API's. Each allowed transition carries its stock effect,
so the service and the sync code apply exactly the same rules.
"""

from __future__ import annotations

from enum import StrEnum


class OrderStatus(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    CONFIRMED = "confirmed"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    RETURNED = "returned"


class StockEffect(StrEnum):
    """What a transition does to stock."""

    NONE = "none"
    RESERVE = "reserve"  # hold the items: sellable = on hand − reserved
    RELEASE = "release"  # drop the hold
    SHIP = "ship"  # drop the hold and write shipment movements (FEFO by lot)
    RESTOCK = "restock"  # write return movements back to the lots shipped from


S = OrderStatus

# (from, to) → stock effect. Anything not listed is refused.
TRANSITIONS: dict[tuple[OrderStatus, OrderStatus], StockEffect] = {
    (S.UNPAID, S.PAID): StockEffect.NONE,
    (S.UNPAID, S.CONFIRMED): StockEffect.RESERVE,  # cash on delivery: confirm before payment
    (S.PAID, S.CONFIRMED): StockEffect.RESERVE,
    (S.CONFIRMED, S.PACKED): StockEffect.NONE,
    (S.PACKED, S.SHIPPED): StockEffect.SHIP,
    (S.SHIPPED, S.DELIVERED): StockEffect.NONE,
    (S.DELIVERED, S.COMPLETED): StockEffect.NONE,
    (S.UNPAID, S.CANCELLED): StockEffect.NONE,
    (S.PAID, S.CANCELLED): StockEffect.NONE,
    (S.CONFIRMED, S.CANCELLED): StockEffect.RELEASE,
    (S.PACKED, S.CANCELLED): StockEffect.RELEASE,
    (S.SHIPPED, S.CANCELLED): StockEffect.RESTOCK,  # parcel recalled before delivery
    (S.SHIPPED, S.RETURNED): StockEffect.RESTOCK,  # delivery failed, parcel came back
    (S.DELIVERED, S.RETURNED): StockEffect.RESTOCK,  # buyer sent it back
}

INITIAL = frozenset({S.UNPAID, S.PAID})
FINAL = frozenset({S.COMPLETED, S.CANCELLED, S.RETURNED})
# Statuses in which the order's items are held (counted as reserved stock).
RESERVING = frozenset({S.CONFIRMED, S.PACKED})
# Statuses in which the order's items have left the warehouse.
SHIPPED_OUT = frozenset({S.SHIPPED, S.DELIVERED, S.COMPLETED})

LABELS_VI = {
    S.UNPAID: "Chưa thanh toán", S.PAID: "Đã thanh toán", S.CONFIRMED: "Đã xác nhận",
    S.PACKED: "Đã đóng gói", S.SHIPPED: "Đang giao", S.DELIVERED: "Đã giao",
    S.COMPLETED: "Hoàn tất", S.CANCELLED: "Đã hủy", S.RETURNED: "Hoàn trả",
}
LABELS_EN = {
    S.UNPAID: "Unpaid", S.PAID: "Paid", S.CONFIRMED: "Confirmed", S.PACKED: "Packed",
    S.SHIPPED: "Shipped", S.DELIVERED: "Delivered", S.COMPLETED: "Completed",
    S.CANCELLED: "Cancelled", S.RETURNED: "Returned",
}


def can_transition(current: OrderStatus | str, target: OrderStatus | str) -> bool:
    return (OrderStatus(current), OrderStatus(target)) in TRANSITIONS


def stock_effect(current: OrderStatus | str, target: OrderStatus | str) -> StockEffect:
    """The stock effect of ``current → target``; raises ``KeyError`` if not allowed."""
    return TRANSITIONS[(OrderStatus(current), OrderStatus(target))]


def next_statuses(current: OrderStatus | str) -> list[OrderStatus]:
    """Statuses reachable in one step, in workflow order."""
    current = OrderStatus(current)
    return [target for target in OrderStatus if (current, target) in TRANSITIONS]


def path_to(current: OrderStatus | str, target: OrderStatus | str) -> list[OrderStatus] | None:
    """Shortest chain of steps from ``current`` to ``target`` (for syncing a remote status
    that skipped intermediate steps), or ``None`` when it cannot be reached."""
    current, target = OrderStatus(current), OrderStatus(target)
    frontier: list[list[OrderStatus]] = [[current]]
    seen = {current}
    while frontier:
        path = frontier.pop(0)
        if path[-1] == target:
            return path[1:]
        for step in next_statuses(path[-1]):
            if step not in seen:
                seen.add(step)
                frontier.append([*path, step])
    return None
