"""The customer's side of support: open, list, read, reply to and close their own tickets.

Anyone else's ticket is "not found", exactly like a missing one (O5); customers never read notes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.sla_claims import CLAIM_SUBJECT
from chalicelib.domain.tickets import checks, intake, lifecycle
from chalicelib.domain.tickets.model import Category, Message, Ticket
from chalicelib.observability import logger, metrics
from chalicelib.services import clock, privacy_requests
from chalicelib.services.tickets.attachments import attached
from chalicelib.services.tickets.changes import (
    NO_SUCH_TICKET,
    Changed,
    alert_if_high_priority,
    change_ticket,
    ticket_number,
)
from chalicelib.settings import get_settings
from chalicelib.store import counters
from chalicelib.store import orders as orders_store
from chalicelib.store import payments as payments_store
from chalicelib.store import tickets as store


def _check_own_orders(user_id: str, order_ids: tuple[int, ...]) -> None:
    for order_id in order_ids:
        order = orders_store.get(order_id)
        if order is None or order.user_id != user_id:
            raise InvalidInput(f"Order {order_id} is not one of your orders.", fields={"order_ids": "unknown"})


def _check_own_top_up(user_id: str, top_up_id: int | None) -> None:
    if top_up_id is None:
        return
    top_up = payments_store.get(top_up_id)
    if top_up is None or top_up.user_id != user_id:
        raise InvalidInput(f"Top-up {top_up_id} is not one of your top-ups.", fields={"top_up_id": "unknown"})


def open_ticket(user_id: str, subject: object, category: object, message: object, order_ids: object = None,
                top_up_id: object = None, attachment_keys: object = None, request_type: object = None, *,
                also: Callable[[Ticket], list[dict[str, Any]]] | None = None) -> Changed:
    """Check everything, then store the ticket with its first messages in one transaction.

    Bad input is refused before anything is written. A ticket that is accepted but not correctly
    submitted (wrong category, missing information, duplicate, abusive language) is stored with
    its reasons and no running clock (S9). A "Privacy request" ticket (`request_type` says what
    it asks) opens its entry in the privacy request register in the same transaction, unless it
    repeats an open privacy ticket of the same customer (a resubmission), whose entry covers it.
    `also` gives further actions joined to the ticket's transaction (an SLA claim born with its
    ticket); the store's AlsoRefused says one failed its condition."""
    settings = get_settings()
    clean_subject = checks.check_subject(subject)
    if also is None and clean_subject.casefold() == CLAIM_SUBJECT.casefold():
        raise InvalidInput("To claim SLA compensation, use the claim form (POST /api/tickets/claims): it asks for "
                           "the month and the evidence a claim needs.", fields={"subject": "use_claim_form"})
    clean_category = checks.parse_category(category)
    privacy_type = checks.privacy_request_type(clean_category, request_type)
    body = checks.check_message(message, settings.ticket_max_message_bytes)
    ids = checks.check_order_ids(order_ids)
    top_up = checks.check_id(top_up_id, "a top-up id", "top_up_id") if top_up_id is not None else None
    _check_own_orders(user_id, ids)
    _check_own_top_up(user_id, top_up)
    files = attached(user_id, attachment_keys)
    now = clock.now()
    window = settings.ticket_duplicate_window_seconds
    recent = store.of_user_since(user_id, now - timedelta(seconds=window))
    duplicate = intake.duplicate_of(ids, intake.text_fingerprint(body), recent, now, window)
    ticket, messages = intake.new_ticket(counters.next_id("ticket"), user_id, clean_subject, clean_category, body,
                                         ids, top_up, files, duplicate, settings.ticket_abusive_words, now,
                                         settings.ticket_ack_enabled)
    repeats_privacy_ticket = any(t.number == duplicate and t.category == Category.PRIVACY_REQUEST for t in recent)
    register = (privacy_requests.ticket_intake(ticket.number, user_id, privacy_type, now)
                if privacy_type is not None and not repeats_privacy_ticket else [])
    store.insert(ticket, messages, [*register, *(also(ticket) if also else [])] or None)
    metrics.add_metric(name="TicketsOpened", unit="Count", value=1)
    alert_if_high_priority(ticket)
    logger.info("ticket opened", extra={"ticket": ticket.number, "user_id": user_id, "category": clean_category.value,
                                        "timed": ticket.timed, "blockers": len(ticket.clock_blockers)})
    return ticket, messages


def tickets_of(user_id: str) -> list[Ticket]:
    return store.of_user(user_id)


def my_ticket(user_id: str, number: object) -> tuple[Ticket, list[Message]]:
    """The customer's own ticket and its messages (never internal notes)."""
    ticket = store.get(ticket_number(number))
    if ticket is None or ticket.user_id != user_id:
        raise NotFound(NO_SUCH_TICKET)
    return ticket, store.thread(ticket.number, with_notes=False)


def reply_as_customer(user_id: str, number: object, message: object, attachment_keys: object = None
                      ) -> tuple[Ticket, Message]:
    found = ticket_number(number)
    body = checks.check_message(message, get_settings().ticket_max_message_bytes)
    owned = store.get(found)
    if owned is None or owned.user_id != user_id:
        raise NotFound(NO_SUCH_TICKET)  # before looking at any upload
    files = attached(user_id, attachment_keys)

    def change(ticket: Ticket, now: datetime) -> Changed:
        after, added = lifecycle.customer_reply(ticket, body, now, files)
        return after, [added]

    ticket, added = change_ticket(found, change, owner=user_id)
    return ticket, added[0]


def close_as_customer(user_id: str, number: object) -> Ticket:
    ticket, _ = change_ticket(ticket_number(number), lambda t, now: (lifecycle.customer_close(t, now), []),
                              owner=user_id)
    return ticket
