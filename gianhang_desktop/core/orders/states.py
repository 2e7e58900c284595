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

# The store API (docs/store-api.md) has no cancel after shipping: a store order that comes back
# goes shipped → returned. Cancelling a shipped phone or Zalo order is allowed here only.
LOCAL_ONLY = frozenset({(S.SHIPPED, S.CANCELLED)})
# For store orders these steps are taken by the storefront or the carrier and arrive by sync;
# the seller's own steps are confirm, pack, ship and cancel.
STORE_SIDE_TARGETS = frozenset({S.PAID, S.DELIVERED, S.COMPLETED, S.RETURNED})
STORE_CHANNEL = "store"
# Orders entered here; every other channel (the store, a marketplace account) is remote: its
# platform-side steps arrive by sync only.
LOCAL_CHANNELS = frozenset({"manual", "phone", "zalo"})


def is_remote(channel: str | None) -> bool:
    """True for the store and marketplace accounts, whose orders follow the platform's status."""
    return channel is not None and channel not in LOCAL_CHANNELS

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


def can_transition(current: OrderStatus | str, target: OrderStatus | str,
                   channel: str | None = None, from_store: bool = False) -> bool:
    """Whether ``current → target`` is allowed for an order of ``channel``.

    ``from_store`` is True when sync applies a status the store reported.
    """
    step = (OrderStatus(current), OrderStatus(target))
    if step not in TRANSITIONS:
        return False
    if is_remote(channel):
        if step in LOCAL_ONLY:
            return False
        if not from_store and step[1] in STORE_SIDE_TARGETS:
            return False
    return True


def stock_effect(current: OrderStatus | str, target: OrderStatus | str) -> StockEffect:
    """The stock effect of ``current → target``; raises ``KeyError`` if not allowed."""
    return TRANSITIONS[(OrderStatus(current), OrderStatus(target))]


def next_statuses(current: OrderStatus | str, channel: str | None = None,
                  from_store: bool = False) -> list[OrderStatus]:
    """Statuses reachable in one step, in workflow order."""
    return [target for target in OrderStatus
            if can_transition(current, target, channel, from_store)]


def path_to(current: OrderStatus | str, target: OrderStatus | str,
            channel: str | None = None, from_store: bool = False) -> list[OrderStatus] | None:
    """Shortest chain of steps from ``current`` to ``target`` (for syncing a remote status
    that skipped intermediate steps), or ``None`` when it cannot be reached."""
    current, target = OrderStatus(current), OrderStatus(target)
    frontier: list[list[OrderStatus]] = [[current]]
    seen = {current}
    while frontier:
        path = frontier.pop(0)
        if path[-1] == target:
            return path[1:]
        for step in next_statuses(path[-1], channel, from_store):
            if step not in seen:
                seen.add(step)
                frontier.append([*path, step])
    return None
