"""What an order's status history says: one short event per status change, newest last.

The store appends the event in the same write that changes the order (store/orders.py), so
the history never disagrees with the status. Bounded: only the newest MAX_EVENTS are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.domain.orders import Order

MAX_EVENTS = 50
NOTE_LIMIT = 200


@dataclass(frozen=True)
class StatusEvent:
    at: datetime
    status: str
    note: str = ""


def bounded(history: tuple[StatusEvent, ...]) -> tuple[StatusEvent, ...]:
    """The newest MAX_EVENTS events, oldest first."""
    return history[-MAX_EVENTS:]


def event(at: datetime, status: str, note: str = "") -> StatusEvent:
    return StatusEvent(at, status, note[:NOTE_LIMIT])


def placed(quantity: int, charge: Decimal) -> str:
    return f"placed: {quantity} units charged {charge:.2f}"


def claimed() -> str:
    return "claimed for sending"


def sent(provider_order: str) -> str:
    return f"sent upstream as {provider_order}"


def cancel_requested() -> str:
    return "cancel requested by the customer"


def settled(remains: int | None, refunded: Decimal, note: str | None = None) -> str:
    parts = [] if note is None else [note]
    if remains is not None:
        parts.append(f"remains {remains}")
    if refunded > 0:
        parts.append(f"refunded {refunded:.2f}")
    return ", ".join(parts)


def change_note(before: Order, after: Order) -> str | None:
    """What changed between two versions of an order that is worth a history line; None if
    nothing staff would look for (a timestamp, a cost) changed."""
    parts: list[str] = []
    if after.review_reason != before.review_reason and after.review_reason:
        parts.append(after.review_reason)
    if after.provider_order != before.provider_order and after.provider_order:
        parts.append(f"upstream id {after.provider_order}")
    if after.remains != before.remains and after.remains is not None:
        parts.append(f"remains {after.remains}")
    if after.upstream_status != before.upstream_status and after.upstream_status:
        parts.append(f"provider says {after.upstream_status}")
    if after.stuck and not before.stuck:
        parts.append("no progress upstream (stuck)")
    if after.cancel_requested and not before.cancel_requested:
        parts.append(cancel_requested())
    if after.status.value == "pending" and before.status != after.status:
        parts.append("queued to be sent again")
    if not parts and after.status == before.status:
        return None
    return ", ".join(parts)


def recorded(before: Order, after: Order, at: datetime) -> Order:
    """`after` with an event appended to its history if something worth noting changed."""
    note = change_note(before, after)
    if note is None:
        return after
    return replace(after, history=bounded((*after.history, event(at, after.status.value, note))))
