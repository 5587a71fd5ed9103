"""A new ticket: whether it is correctly submitted, duplicates, the acknowledgement (S7, S9).

* **What each category needs.** `orders`, `refill` and `cancel` are about orders and need at least
  one of the customer's order ids; `balance_top_up` needs the id of the customer's top-up;
  `api` and `other` need only the subject and message. A ticket that lacks what its category
  needs is accepted, but its SLA clock does not start (S9).
* **Right category.** The information decides where a ticket belongs: order ids belong to the
  order categories or `api`; a top-up id belongs to `balance_top_up`. A ticket whose information
  points elsewhere is in the wrong category: accepted, clock not started.
* **Duplicates**: another not-closed ticket of the same user, created within the window, that
  names one of the same order ids or has the same message text (compared after Unicode NFKC,
  case folding and collapsing white space).
* **First response** (S7): the automatic acknowledgement carrying the ticket number, when the
  clock started and the acknowledgement is switched on; otherwise the first staff reply.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from chalicelib.domain.sla_clock import clock_blockers, clock_start
from chalicelib.domain.tickets.classification import initial_priority
from chalicelib.domain.tickets.lifecycle import append_message
from chalicelib.domain.tickets.model import (
    AUTO_RESPONDER,
    CATEGORY_IDS,
    ORDER_CATEGORIES,
    ORDER_IDS_BELONG_TO,
    SYSTEM_ID,
    Attachment,
    Author,
    Category,
    Change,
    Message,
    Status,
    Ticket,
    display_number,
)


def needed_info_present(category: Category, order_ids: Collection[int], top_up_id: int | None) -> bool:
    if category in ORDER_CATEGORIES:
        return bool(order_ids)
    if category == Category.BALANCE_TOP_UP:
        return top_up_id is not None
    return True


def category_mismatch(category: Category, order_ids: Collection[int], top_up_id: int | None) -> str | None:
    """Why the information given points to another category, or None when it fits."""
    if top_up_id is not None and category != Category.BALANCE_TOP_UP:
        return "the ticket is in the wrong category: it names a top-up, so it belongs under balance top-up"
    if order_ids and category not in ORDER_IDS_BELONG_TO:
        return "the ticket is in the wrong category: it names orders, so it belongs under orders, refill, cancel or API"
    return None


def normalise_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def duplicate_of(order_ids: Collection[int], fingerprint: str, earlier: Iterable[Ticket], now: datetime,
                 window_seconds: int) -> int | None:
    """The number of an earlier not-closed ticket of the same user, created within the window,
    naming one of the same orders or carrying the same text; the oldest such one, or None.

    `earlier` must be the same user's tickets (the caller reads them from the user's index).
    """
    since = now - timedelta(seconds=window_seconds)
    wanted = set(order_ids)
    matches = [t.number for t in earlier
               if t.status != Status.CLOSED and t.created_at >= since
               and (wanted.intersection(t.order_ids) or (fingerprint and t.text_hash == fingerprint))]
    return min(matches) if matches else None


def blockers(category: Category, order_ids: Collection[int], top_up_id: int | None, duplicate: int | None,
             subject: str, message: str, abusive_words: Iterable[str]) -> tuple[str, ...]:
    """Every reason the SLA clock does not start (S9); empty when the ticket is correctly submitted."""
    reasons = []
    mismatch = category_mismatch(category, order_ids, top_up_id)
    if mismatch:
        reasons.append(mismatch)
    reasons += clock_blockers(category.value, needed_info_present(category, order_ids, top_up_id),
                              duplicate is not None, f"{subject}\n{message}", abusive_words,
                              categories=CATEGORY_IDS)
    return tuple(reasons)


def acknowledgement(number: int) -> str:
    return (f"We have received your ticket {display_number(number)}. Our support team answers balance top-up "
            "problems within 3 business days and other requests within 7 business days (business days are "
            "Monday to Friday, 10:00-17:00 GMT, except bank holidays in England and Wales). Reply here to add "
            f"anything; please quote {display_number(number)} if you contact us about it.")


def new_ticket(number: int, user_id: str, subject: str, category: Category, message: str,
               order_ids: tuple[int, ...], top_up_id: int | None, attachments: tuple[Attachment, ...],
               duplicate: int | None, abusive_words: Iterable[str], now: datetime,
               ack_enabled: bool) -> tuple[Ticket, list[Message]]:
    """A new ticket and its first messages: the customer's, then the acknowledgement (if enabled).

    The acknowledgement counts as the first response only when the clock started: S7 times
    correctly submitted tickets only; for the others the first staff reply is recorded instead.
    """
    reasons = blockers(category, order_ids, top_up_id, duplicate, subject, message, abusive_words)
    priority = initial_priority(category)
    ticket = Ticket(
        number=number, user_id=user_id, subject=subject, category=category, priority=priority,
        status=Status.OPEN, created_at=now, updated_at=now, order_ids=order_ids, top_up_id=top_up_id,
        attachments=attachments, text_hash=text_fingerprint(message),
        clock_started_at=None if reasons else clock_start(now), clock_blockers=reasons, duplicate_of=duplicate,
        history=(Change("priority", None, priority.value, SYSTEM_ID, now, f"category {category.value}"),),
    )
    ticket, first = append_message(ticket, Author.CUSTOMER, user_id, message, now, attachments=attachments)
    messages = [first]
    if ack_enabled:
        ticket, ack = append_message(ticket, Author.SYSTEM, SYSTEM_ID, acknowledgement(number), now)
        messages.append(ack)
        if ticket.timed:
            ticket = replace(ticket, first_response_at=now, first_response_by=AUTO_RESPONDER)
    return ticket, messages
