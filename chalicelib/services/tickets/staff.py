"""The staff side of support: replies (the customer is mailed), internal notes, status changes,
assignment, reclassifying (S10) and merging duplicates. Changes that name the version staff saw
are refused when someone else changed the ticket first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from chalicelib.domain.errors import InvalidInput, NotFound, Unavailable
from chalicelib.domain.tickets import checks, classification, lifecycle
from chalicelib.domain.tickets.model import SUPPORT_ROLES, SYSTEM_ID, Author, Message, Status, Ticket, display_number
from chalicelib.observability import logger
from chalicelib.services import clock
from chalicelib.services.tickets.attachments import attached
from chalicelib.services.tickets.changes import (
    MAX_ATTEMPTS,
    NO_SUCH_TICKET,
    Changed,
    alert_if_high_priority,
    change_ticket,
    ticket_number,
)
from chalicelib.services.tickets.reply_mail import queue_reply_mail
from chalicelib.settings import get_settings
from chalicelib.store import tickets as store
from chalicelib.store import users


def reply_as_staff(staff_id: str, number: object, message: object, attachment_keys: object = None,
                   status: object = None) -> tuple[Ticket, Message]:
    """A reply the customer sees (and is mailed about); by default the ticket becomes answered."""
    found = ticket_number(number)
    body = checks.check_message(message, get_settings().ticket_max_message_bytes)
    new_status = checks.parse_status(status) if status is not None else Status.ANSWERED
    files = attached(store.upload_owner(found), attachment_keys)   # uploaded for this ticket only

    def change(ticket: Ticket, now: datetime) -> Changed:
        after, added = lifecycle.staff_reply(ticket, staff_id, body, now, new_status, files)
        return after, [added]

    ticket, added = change_ticket(found, change)
    logger.info("ticket answered", extra={"ticket": ticket.number, "staff_id": staff_id, "status": ticket.status})
    queue_reply_mail(ticket.number)
    return ticket, added[0]


def add_note(staff_id: str, number: object, text: object) -> tuple[Ticket, Message]:
    body = checks.check_message(text, get_settings().ticket_max_message_bytes)

    def change(ticket: Ticket, now: datetime) -> Changed:
        after, note = lifecycle.internal_note(ticket, staff_id, body, now)
        return after, [note]

    ticket, added = change_ticket(ticket_number(number), change)
    return ticket, added[0]


def set_status(staff_id: str, number: object, status: object, expected_version: int | None = None) -> Ticket:
    new_status = checks.parse_status(status)

    def change(ticket: Ticket, now: datetime) -> Changed:
        lifecycle.check_version(ticket, expected_version)
        return lifecycle.staff_status(ticket, new_status, staff_id, now), []

    ticket, _ = change_ticket(ticket_number(number), change)
    logger.info("ticket status", extra={"ticket": ticket.number, "staff_id": staff_id, "status": ticket.status})
    return ticket


def assign(staff_id: str, number: object, assignee: str | None, expected_version: int | None = None) -> Ticket:
    if assignee is not None:
        user = users.get(assignee)
        if user is None or user.role not in SUPPORT_ROLES:
            raise InvalidInput("Tickets can be assigned to support staff and admins only.",
                               fields={"assignee": "not_support"})

    def change(ticket: Ticket, now: datetime) -> Changed:
        lifecycle.check_version(ticket, expected_version)
        return lifecycle.assign(ticket, assignee, staff_id, now), []

    ticket, _ = change_ticket(ticket_number(number), change)
    return ticket


def reclassify(staff_id: str, number: object, category: object = None, priority: object = None,
               reason: object = None, expected_version: int | None = None) -> Ticket:
    """Staff set the category and/or priority (S10); every change is recorded with who and when."""
    if category is None and priority is None:
        raise InvalidInput("Give a new category, a new priority, or both.", fields={"priority": "required"})
    new_category = checks.parse_category(category) if category is not None else None
    new_priority = checks.parse_priority(priority) if priority is not None else None
    why = checks.check_reason(reason)

    def change(ticket: Ticket, now: datetime) -> Changed:
        lifecycle.check_version(ticket, expected_version)
        return classification.reclassify(ticket, staff_id, now, new_category, new_priority, why), []

    ticket, _ = change_ticket(ticket_number(number), change)
    alert_if_high_priority(ticket)
    logger.info("ticket reclassified", extra={"ticket": ticket.number, "staff_id": staff_id,
                                              "category": ticket.category, "priority": ticket.priority})
    return ticket


def merge(staff_id: str, number: object, into: object) -> tuple[Ticket, Ticket]:
    """Close a duplicate into its original (same customer): both changes, and a message on each
    that the customer sees, in one transaction; the duplicate's messages stay readable.
    Two tickets change at once, so this has its own versioned loop rather than `change_ticket`."""
    duplicate_number = ticket_number(number)
    into = checks.check_into(into)
    for _ in range(MAX_ATTEMPTS):
        duplicate, original = store.get(duplicate_number), store.get(into)
        if duplicate is None:
            raise NotFound(NO_SUCH_TICKET)
        if original is None:
            raise InvalidInput(f"There is no ticket {display_number(into)}.", fields={"into": "unknown"})
        now = clock.now()
        merged, kept = lifecycle.merge(duplicate, original, staff_id, now)
        merged, closing = lifecycle.append_message(
            merged, Author.SYSTEM, SYSTEM_ID,
            f"This ticket was merged into {original.display}; the conversation continues there.", now)
        kept, joined = lifecycle.append_message(
            kept, Author.SYSTEM, SYSTEM_ID,
            f"Ticket {duplicate.display} was merged into this one as a duplicate; its messages stay readable there.",
            now)
        merged = replace(merged, version=duplicate.version + 1, updated_at=now)
        kept = replace(kept, version=original.version + 1, updated_at=now)
        if store.write([store.replace_action(duplicate, merged), store.replace_action(original, kept),
                        store.message_action(merged.number, closing), store.message_action(kept.number, joined)]):
            logger.info("ticket merged", extra={"ticket": merged.number, "into": kept.number, "staff_id": staff_id})
            return merged, kept
    raise Unavailable("The tickets kept changing while we saved; reload them and try again.")
