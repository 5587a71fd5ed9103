"""The one way a ticket changes: read it, apply a pure rule, write it back on condition its version
did not move (with the messages the rule added, in one transaction); on a conflict read again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from chalicelib.domain import staff_alerts as alert_rules
from chalicelib.domain.errors import NotFound, Unavailable
from chalicelib.domain.numbers import whole_number
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets.model import Message, Ticket
from chalicelib.services import clock
from chalicelib.store import tickets as store

MAX_ATTEMPTS = 20
NO_SUCH_TICKET = "No such ticket."

Changed = tuple[Ticket, list[Message]]
"""A ticket after a change, and the messages (or notes) the change added."""


def ticket_number(raw: object) -> int:
    """A ticket number from a path ("1234" or "#1234"); anything else is simply not found."""
    number = whole_number(str(raw).strip().removeprefix("#"))
    if number is None:
        raise NotFound(NO_SUCH_TICKET)
    return number


def change_ticket(number: int, change: Callable[[Ticket, datetime], Changed], *, owner: str | None = None
                  ) -> Changed:
    """Apply `change` to the stored ticket and write it back if nobody changed it meanwhile.
    `owner`: the customer's own ticket only (anyone else's is not found)."""
    for _ in range(MAX_ATTEMPTS):
        before = store.get(number)
        if before is None or (owner is not None and before.user_id != owner):
            raise NotFound(NO_SUCH_TICKET)
        now = clock.now()
        after, added = change(before, now)
        if after == before and not added:
            return before, []
        after = replace(after, version=before.version + 1, updated_at=now)
        if store.write([store.replace_action(before, after), *(store.message_action(number, m) for m in added)]):
            return after, added
    raise Unavailable("The ticket kept changing while we saved; reload it and try again.")


def alert_if_high_priority(ticket: Ticket) -> None:
    """A new high-priority ticket alerts support and admins (once per ticket: a reclassified
    ticket alerts when it becomes high, never again)."""
    if ticket.priority is Priority.HIGH:
        from chalicelib.services import staff_alerts  # not at import: it loads mail and Telegram

        staff_alerts.raise_alert(alert_rules.high_priority_ticket(ticket.display, ticket.number,
                                                                  ticket.category.value))
