"""Priority and category of a ticket (SLA 3.2; promises S8, S10).

Priority is high only for balance top-up problems, standard otherwise; customers do not choose it.
Staff may reclassify, and every change is recorded with who, when and why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets.model import Category, Change, Ticket

NOT_TOP_UP = "not about a balance top-up, so standard (SLA 3.2)"


def initial_priority(category: Category) -> Priority:
    """High only for balance top-up problems (SLA 3.2, S8)."""
    return Priority.HIGH if category == Category.BALANCE_TOP_UP else Priority.STANDARD


def reclassify(ticket: Ticket, staff_id: str, at: datetime, category: Category | None = None,
               priority: Priority | None = None, reason: str | None = None) -> Ticket:
    """Staff decide category and priority (S10). High is for balance top-up problems only: asking
    for it on another category is refused; leaving `balance_top_up` makes the ticket standard;
    entering it makes it high unless staff say otherwise."""
    new_category = category or ticket.category
    if priority == Priority.HIGH and new_category != Category.BALANCE_TOP_UP:
        raise InvalidInput("Only balance top-up problems can be high priority (SLA 3.2). Change the category "
                           "to balance top-up if that is what the ticket is about; otherwise it stays standard.",
                           fields={"priority": "not_top_up"})
    if priority is not None:
        new_priority = priority
    elif new_category != Category.BALANCE_TOP_UP:
        new_priority = Priority.STANDARD
    elif new_category != ticket.category:
        new_priority = initial_priority(new_category)
    else:
        new_priority = ticket.priority
    history = list(ticket.history)
    if new_category != ticket.category:
        history.append(Change("category", ticket.category.value, new_category.value, staff_id, at, reason))
    if new_priority != ticket.priority:
        why = reason or (NOT_TOP_UP if new_category != Category.BALANCE_TOP_UP else None)
        history.append(Change("priority", ticket.priority.value, new_priority.value, staff_id, at, why))
    if len(history) == len(ticket.history):
        return ticket
    return replace(ticket, category=new_category, priority=new_priority, history=tuple(history))
