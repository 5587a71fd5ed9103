"""A ticket's life after intake: messages, status changes, replies, notes, assignment, merging.

* **Statuses**: open, awaiting customer, answered, closed. "Awaiting customer" pauses the SLA
  clock (staff wait for information); any other status, or the customer's reply, ends the pause.
* **First response** (S7): the first staff reply, unless the acknowledgement already was one.
  Internal notes never count.
* A closed ticket takes no replies; a merged one stays closed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.sla_clock import Pause
from chalicelib.domain.tickets.model import Attachment, Author, Change, Message, Status, Ticket, display_number

STAFF_REPLY_STATUSES = frozenset({Status.ANSWERED, Status.AWAITING_CUSTOMER, Status.CLOSED})


def append_message(ticket: Ticket, author: Author, author_id: str, body: str, at: datetime, *,
                   internal: bool = False, attachments: tuple[Attachment, ...] = ()) -> tuple[Ticket, Message]:
    message = Message(ticket.message_count + 1, author, author_id, body, at, internal, attachments)
    return replace(ticket, message_count=message.seq), message


def with_status(ticket: Ticket, status: Status, by: str, at: datetime, reason: str | None = None) -> Ticket:
    """Change the status, opening a pause when staff start waiting for the customer and ending it
    when the ticket leaves "awaiting customer" (S9)."""
    if status == ticket.status:
        return ticket
    pauses = ticket.pauses
    if status == Status.AWAITING_CUSTOMER and not ticket.paused:
        pauses = (*pauses, Pause(at, None))
    elif status != Status.AWAITING_CUSTOMER and ticket.paused:
        pauses = (*pauses[:-1], Pause(pauses[-1].paused_at, max(at, pauses[-1].paused_at)))
    return replace(ticket, status=status, pauses=pauses,
                   history=(*ticket.history, Change("status", ticket.status.value, status.value, by, at, reason)))


def _refuse_closed(ticket: Ticket, *, customer: bool) -> None:
    if ticket.status != Status.CLOSED:
        return
    if ticket.merged_into is not None:
        raise InvalidInput(f"Ticket {ticket.display} was merged into {display_number(ticket.merged_into)}; "
                           "reply there.", fields={"ticket": "merged"})
    if customer:
        raise InvalidInput(f"Ticket {ticket.display} is closed; open a new ticket if you still need help.",
                           fields={"ticket": "closed"})
    raise InvalidInput(f"Ticket {ticket.display} is closed; reopen it before replying.", fields={"ticket": "closed"})


def customer_reply(ticket: Ticket, body: str, at: datetime, attachments: tuple[Attachment, ...] = ()
                   ) -> tuple[Ticket, Message]:
    """The customer answers: the ticket is open again and a pause (awaiting customer) ends."""
    _refuse_closed(ticket, customer=True)
    reopened = with_status(ticket, Status.OPEN, ticket.user_id, at, "customer replied")
    return append_message(reopened, Author.CUSTOMER, ticket.user_id, body, at, attachments=attachments)


def customer_close(ticket: Ticket, at: datetime) -> Ticket:
    return with_status(ticket, Status.CLOSED, ticket.user_id, at, "closed by the customer")


def staff_reply(ticket: Ticket, staff_id: str, body: str, at: datetime, status: Status = Status.ANSWERED,
                attachments: tuple[Attachment, ...] = ()) -> tuple[Ticket, Message]:
    """A staff reply: the first one is the first response unless the acknowledgement already was."""
    _refuse_closed(ticket, customer=False)
    if status not in STAFF_REPLY_STATUSES:
        raise InvalidInput("After a reply the ticket is answered, awaiting customer or closed.",
                           fields={"status": "invalid"})
    changed = with_status(ticket, status, staff_id, at)
    if changed.first_response_at is None:
        changed = replace(changed, first_response_at=at, first_response_by=staff_id)
    return append_message(changed, Author.STAFF, staff_id, body, at, attachments=attachments)


def internal_note(ticket: Ticket, staff_id: str, body: str, at: datetime) -> tuple[Ticket, Message]:
    """Staff only; changes neither the status nor the first response."""
    return append_message(ticket, Author.STAFF, staff_id, body, at, internal=True)


def staff_status(ticket: Ticket, status: Status, staff_id: str, at: datetime) -> Ticket:
    if ticket.merged_into is not None:
        raise InvalidInput(f"Ticket {ticket.display} was merged into {display_number(ticket.merged_into)}; "
                           "it stays closed.", fields={"ticket": "merged"})
    return with_status(ticket, status, staff_id, at)


def assign(ticket: Ticket, assignee: str | None, staff_id: str, at: datetime) -> Ticket:
    if assignee == ticket.assigned_to:
        return ticket
    return replace(ticket, assigned_to=assignee,
                   history=(*ticket.history, Change("assigned_to", ticket.assigned_to, assignee, staff_id, at)))


def merge(duplicate: Ticket, original: Ticket, staff_id: str, at: datetime) -> tuple[Ticket, Ticket]:
    """Close `duplicate` into `original` (same customer, both not closed). The duplicate is not a
    correctly submitted ticket, so its SLA clock is taken back (S9); its messages stay readable."""
    if duplicate.number == original.number:
        raise InvalidInput("A ticket cannot be merged into itself.", fields={"into": "same"})
    if duplicate.user_id != original.user_id:
        raise InvalidInput("Only tickets of the same customer can be merged.", fields={"into": "other_customer"})
    for ticket in (duplicate, original):
        if ticket.status == Status.CLOSED:
            raise InvalidInput(f"Ticket {ticket.display} is closed; only open tickets can be merged.",
                               fields={"into" if ticket is original else "ticket": "closed"})
    reason = f"duplicate of {original.display}"
    closed = with_status(duplicate, Status.CLOSED, staff_id, at, reason)
    merged = replace(
        closed, merged_into=original.number, clock_started_at=None, duplicate_of=original.number,
        clock_blockers=(*closed.clock_blockers, f"the ticket was merged into {original.display} as a duplicate"),
        history=(*closed.history, Change("merged_into", None, str(original.number), staff_id, at, reason)))
    kept = replace(original, history=(*original.history, Change(
        "merged_from", None, str(duplicate.number), staff_id, at, f"{duplicate.display} merged into it")))
    return merged, kept


def check_version(ticket: Ticket, expected: int | None) -> None:
    """Staff changes may name the version they saw; a newer one means someone else changed it."""
    if expected is not None and expected != ticket.version:
        raise Conflict(f"Ticket {ticket.display} was changed by someone else since you opened it; reload it and "
                       "try again.", fields={"version": "stale"})
