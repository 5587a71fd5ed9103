"""GSI2, the work index: what jobs and staff queues read."""

from __future__ import annotations

from datetime import datetime

from chalicelib.store.keys.base import Key, utc_stamp

PENDING_DISPATCH = "WORK#pending"   # charged orders waiting to be sent
SENDING = "WORK#sending"            # claimed orders whose provider call is in flight
REVIEW = "WORK#review"              # orders staff must reconcile
TICKET_QUEUE = "WORK#tickets"       # tickets not closed, by first-response deadline (staff queue)
CLOSED_TICKETS = "CLOSEDTICKETS"    # closed tickets, by when they last changed (the queue's closed filter)


def closed_ticket(updated_at: datetime, number: int) -> Key:
    """GSI2: a closed ticket, sorted by its last change (its closing, unless staff touched it
    since); read newest first."""
    return work(CLOSED_TICKETS, f"{utc_stamp(updated_at)}#{number:012d}")


def open_orders_of(provider_id: int) -> str:
    """Orders sent to a provider and not final: what status sync polls."""
    return f"WORK#open#{provider_id}"


def refills_of(provider_id: int) -> str:
    """Refill requests to forward or to follow at a provider."""
    return f"WORK#refill#{provider_id}"


def work(partition: str, sort: str) -> Key:
    return {"gsi2pk": partition, "gsi2sk": sort}


WORK_ATTRIBUTES = ("gsi2pk", "gsi2sk")  # removed when an item leaves the work index


def in_line_since(at_iso: str, number: int) -> str:
    """Work sort key of an order waiting since `at_iso` (pending, sending, review): oldest
    first, so a sweep reads only what waited longer than its cutoff."""
    return f"{at_iso}#{number:012d}"


def waited_until(at_iso: str) -> str:
    """The highest `in_line_since` sort key of anything waiting since `at_iso` or before."""
    return at_iso


def in_line_by_number(number: int) -> str:
    """Work sort key in a partition ordered by id alone (open orders, refills)."""
    return f"{number:012d}"
