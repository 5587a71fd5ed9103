"""What staff read: the work queue sorted by first-response deadline, one ticket with its SLA view
and the customer's name, a customer's tickets, and the canned replies."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.errors import NotFound
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets.canned import CANNED_REPLIES, CannedReply
from chalicelib.domain.tickets.model import Category, Message, Status, Ticket
from chalicelib.domain.tickets.sla import SlaView, sla_view
from chalicelib.services import clock
from chalicelib.services.tickets.changes import NO_SUCH_TICKET, ticket_number
from chalicelib.store import tickets as store
from chalicelib.store import users


@dataclass(frozen=True)
class QueueFilter:
    status: Status | None = None
    priority: Priority | None = None
    category: Category | None = None
    breached: bool | None = None
    assigned_to: str | None = None     # a staff user id, or "" for unassigned tickets


CLOSED_SHOWN = 500  # the closed filter looks at this many most recently changed closed tickets


def work_queue(filters: QueueFilter) -> list[tuple[Ticket, SlaView]]:
    """Tickets not closed, soonest first-response deadline first (unscheduled ones last), filtered;
    with the closed filter, the most recently closed (or changed) closed tickets first."""
    now = clock.now()
    found = []
    candidates = store.closed(CLOSED_SHOWN) if filters.status == Status.CLOSED else store.queue()
    for ticket in candidates:
        if ((filters.status and ticket.status != filters.status)
                or (filters.priority and ticket.priority != filters.priority)
                or (filters.category and ticket.category != filters.category)
                or (filters.assigned_to is not None and (ticket.assigned_to or "") != filters.assigned_to)):
            continue
        view = sla_view(ticket, now)
        if filters.breached is not None and view.breached != filters.breached:
            continue
        found.append((ticket, view))
    return found


@dataclass(frozen=True)
class StaffThread:
    ticket: Ticket
    sla: SlaView
    messages: list[Message]
    username: str | None


def staff_ticket(number: object) -> StaffThread:
    ticket = store.get(ticket_number(number))
    if ticket is None:
        raise NotFound(NO_SUCH_TICKET)
    user = users.get(ticket.user_id)
    return StaffThread(ticket, sla_view(ticket, clock.now()), store.thread(ticket.number, with_notes=True),
                       user.username if user else None)


def sla_of(ticket: Ticket) -> SlaView:
    return sla_view(ticket, clock.now())


def tickets_of_customer(user_id: str) -> list[tuple[Ticket, SlaView]]:
    now = clock.now()
    return [(t, sla_view(t, now)) for t in store.of_user(user_id)]


def canned_replies() -> tuple[CannedReply, ...]:
    return CANNED_REPLIES
