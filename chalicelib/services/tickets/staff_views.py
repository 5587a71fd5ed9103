"""What staff read: the work queue sorted by first-response deadline, closed tickets a page at a
time, one ticket with its SLA view and the customer's name, the orders a ticket names, and a
customer's tickets. (Canned replies: `canned.py`.)"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.errors import NotFound
from chalicelib.domain.orders import Order
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets.mentions import mentioned_order_ids
from chalicelib.domain.tickets.model import Category, Message, Status, Ticket
from chalicelib.domain.tickets.sla import SlaView, sla_view
from chalicelib.services import clock
from chalicelib.services.tickets.changes import NO_SUCH_TICKET, ticket_number
from chalicelib.store import orders as order_store
from chalicelib.store import tickets as store
from chalicelib.store import users


@dataclass(frozen=True)
class QueueFilter:
    status: Status | None = None
    priority: Priority | None = None
    category: Category | None = None
    breached: bool | None = None
    assigned_to: str | None = None     # a staff user id, or "" for unassigned tickets


def work_queue(filters: QueueFilter) -> list[tuple[Ticket, SlaView]]:
    """Tickets not closed, soonest first-response deadline first (unscheduled ones last), filtered
    (one bounded read of the queue index). With the closed filter, the first page of closed
    tickets (`closed_page`)."""
    if filters.status == Status.CLOSED:
        return closed_page(filters, CLOSED_PAGE)[0]
    return _filtered(store.queue(), filters)


CLOSED_PAGE = 50


def closed_page(filters: QueueFilter, limit: int = CLOSED_PAGE,
                cursor: str | None = None) -> tuple[list[tuple[Ticket, SlaView]], str | None]:
    """One page of closed tickets, the most recently closed (or changed) first, and where the next
    page starts; the other filters apply within the page, so a filtered page may hold fewer."""
    candidates, next_cursor = store.closed_page(limit, cursor)
    return _filtered(candidates, filters), next_cursor


def _filtered(candidates: list[Ticket], filters: QueueFilter) -> list[tuple[Ticket, SlaView]]:
    now = clock.now()
    found = []
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


def ticket_orders(number: object) -> list[Order]:
    """The orders a ticket names (its order field, then ids written in its subject and messages,
    notes included), those of the ticket's customer only, in the order they were named."""
    ticket = store.get(ticket_number(number))
    if ticket is None:
        raise NotFound(NO_SUCH_TICKET)
    ids = mentioned_order_ids(ticket, (m.body for m in store.thread(ticket.number, with_notes=True)))
    found = order_store.get_many(list(ids)) if ids else {}
    return [found[i] for i in ids if i in found and found[i].user_id == ticket.user_id]


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
