"""The SLA view of a ticket: start, deadline, first-response time and breach (S6-S9, S11).

The arithmetic is `sla_clock`'s; this module only feeds it a ticket. Where a ticket sits in the
staff queue is its `queue_deadline`; how that is written into an index is `store/keys/tickets.py`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.sla_clock import breached, elapsed_business_seconds, first_response_deadline
from chalicelib.domain.tickets.model import Ticket


@dataclass(frozen=True)
class SlaView:
    clock_started_at: datetime | None
    clock_blockers: tuple[str, ...]
    deadline: datetime | None            # None: not timed, or frozen by an open pause
    first_response_at: datetime | None
    first_response_by: str | None
    first_response_business_seconds: int | None
    business_seconds_used: int | None    # up to the first response, or up to now
    breached: bool
    paused: bool


def sla_view(ticket: Ticket, now: datetime) -> SlaView:
    """Start, deadline, first-response time and breach of a ticket, by `sla_clock` (S6-S9)."""
    responded = ticket.first_response_at
    if not ticket.timed:
        return SlaView(None, ticket.clock_blockers, None, responded, ticket.first_response_by, None, None, False,
                       ticket.paused)
    created, pauses = ticket.created_at, ticket.pauses
    seconds = elapsed_business_seconds(created, responded, pauses) if responded is not None else None
    return SlaView(
        clock_started_at=ticket.clock_started_at, clock_blockers=ticket.clock_blockers,
        deadline=first_response_deadline(created, ticket.priority, pauses), first_response_at=responded,
        first_response_by=ticket.first_response_by, first_response_business_seconds=seconds,
        business_seconds_used=seconds if seconds is not None else elapsed_business_seconds(created, now, pauses),
        breached=breached(created, ticket.priority, responded, now, pauses), paused=ticket.paused,
    )


def queue_deadline(ticket: Ticket) -> datetime | None:
    """What orders the staff queue: the first-response deadline, or None when there is none (the
    clock did not start, or an open pause froze it); those tickets come after every dated one."""
    return first_response_deadline(ticket.created_at, ticket.priority, ticket.pauses) if ticket.timed else None


def breaches_by_user(tickets: Iterable[Ticket], now: datetime) -> dict[str, int]:
    """First-response breaches per user among `tickets` (S11 counts them per calendar month)."""
    counts: dict[str, int] = {}
    for ticket in tickets:
        if sla_view(ticket, now).breached:
            counts[ticket.user_id] = counts.get(ticket.user_id, 0) + 1
    return counts
