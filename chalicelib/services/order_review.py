"""Staff's reconciliation of orders the dispatcher could not finish on its own.

An order whose outcome upstream is unknown waits for review; staff check at the provider and
then mark it sent, cancel and refund it, settle it with the remains the provider reports, or
(for a parked order the provider never took) send it again. The moves themselves live in
`services/dispatch.py`; this module is the one entry point the console and tools call.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.numbers import whole_number
from chalicelib.domain.orders import Order
from chalicelib.services import dispatch

REMAINS_MESSAGE = "Give the remains (units not delivered) as a whole number."


class Reconcile(enum.StrEnum):
    MARK_SENT = "mark_sent"   # found at the provider: record its order id and follow it
    CANCEL = "cancel"         # the provider never took it: end it and refund the charge
    SETTLE = "settle"         # the provider reports the remains: end it, refund the undelivered share
    RETRY = "retry"           # parked (funds, rate limit...): send it again


@dataclass(frozen=True)
class Queues:
    needs_review: list[Order]
    stuck: list[Order]


def queues() -> Queues:
    """Orders waiting for staff: those under review, and those the provider seems to sit on."""
    return Queues(needs_review=dispatch.orders_to_review(), stuck=dispatch.stuck_orders())


def reconcile(order_id: int, action: Reconcile, staff_id: str, *, provider_order: str | None = None,
              remains: str | None = None) -> Order:
    """Apply staff's decision about an order under review; `provider_order` goes with
    MARK_SENT, `remains` (a whole number, as typed) with SETTLE."""
    if action is Reconcile.MARK_SENT:
        return dispatch.mark_sent(order_id, provider_order or "", staff_id)
    if action is Reconcile.CANCEL:
        return dispatch.cancel_and_refund(order_id, staff_id)
    if action is Reconcile.SETTLE:
        undelivered = whole_number(remains or "")
        if undelivered is None:
            raise InvalidInput(REMAINS_MESSAGE, fields={"remains": "invalid"})
        return dispatch.settle_reviewed(order_id, undelivered, staff_id)
    return dispatch.retry_parked(order_id)
