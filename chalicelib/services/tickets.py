"""Support ticket use cases (issue 7; promises S7-S10, O5).

Customers open, list, read, reply to and close their own tickets; anyone else's ticket is "not
found", exactly like a missing one (O5). Staff (support and admins) work a queue sorted by
first-response deadline, reply, write internal notes, change statuses, assign, reclassify and
merge duplicates. Each change reads the ticket, applies a pure rule of `domain/tickets`, and
writes it back on condition its version did not move, together with any message it adds; on a
conflict it reads again, so a concurrent close makes a reply fail cleanly instead of landing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.adapters import attachments, mail, queue
from chalicelib.domain import tickets as rules
from chalicelib.domain.errors import InvalidInput, NotFound, Unavailable
from chalicelib.domain.numbers import whole_number
from chalicelib.domain.sla_clock import Priority
from chalicelib.domain.tickets import Attachment, Category, Message, SlaView, Status, Ticket
from chalicelib.observability import logger, metrics
from chalicelib.services import clock
from chalicelib.settings import get_settings
from chalicelib.store import counters, users
from chalicelib.store import orders as orders_store
from chalicelib.store import payments as payments_store
from chalicelib.store import tickets as store

MAX_ATTEMPTS = 20
NO_SUCH_TICKET = "No such ticket."
NO_SUCH_ATTACHMENT = "No such attachment."
REPLY_MAIL = "ticket_reply"

Changed = tuple[Ticket, list[Message]]


def ticket_number(raw: object) -> int:
    """A ticket number from a path ("1234" or "#1234"); anything else is simply not found."""
    number = whole_number(str(raw).strip().removeprefix("#"))
    if number is None:
        raise NotFound(NO_SUCH_TICKET)
    return number


def _change(number: int, change: Callable[[Ticket, datetime], Changed], *, owner: str | None = None) -> Changed:
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


# --- attachments ------------------------------------------------------------------------------

def request_upload(user_id: str, filename: object, content_type: object, size: object) -> dict[str, Any]:
    """A presigned form to upload one file to the caller's own prefix of the bucket."""
    settings = get_settings()
    name = rules.check_filename(filename)
    kind = rules.check_content_type(content_type, settings.attachment_content_types)
    rules.check_size(size, settings.attachment_max_bytes)
    token = secrets.token_hex(16)
    key = rules.attachment_key(user_id, token)
    form = attachments.presigned_post(settings.attachments_bucket, key, kind, name, settings.attachment_max_bytes,
                                      settings.attachment_url_seconds)
    return {"id": token, "key": key, "filename": name, "content_type": kind, "max_bytes": settings.attachment_max_bytes,
            "expires_in": settings.attachment_url_seconds, "upload": form}


def _attached(user_id: str, raw: object) -> tuple[Attachment, ...]:
    """The uploads named by key, each checked in S3: the caller's own, present, allowed type and size."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
        raise InvalidInput("'attachments' must be a list of upload keys.", fields={"attachments": "invalid"})
    wanted = list(dict.fromkeys(raw))
    if len(wanted) > rules.MAX_ATTACHMENTS:
        raise InvalidInput(f"Attach at most {rules.MAX_ATTACHMENTS} files to one message.",
                           fields={"attachments": "too_many"})
    settings = get_settings()
    bucket, found = settings.attachments_bucket, []
    for key in wanted:
        token = rules.attachment_token(user_id, key)
        stored = attachments.head(bucket, key) if token else None
        if token is None or stored is None:
            raise InvalidInput("An attachment was not found: the upload did not finish or the link expired. "
                               "Upload the file again.", fields={"attachments": "not_uploaded"})
        kind = stored.content_type.split(";")[0].strip().lower()
        try:
            rules.check_content_type(kind, settings.attachment_content_types)
            rules.check_size(stored.size, settings.attachment_max_bytes)
        except InvalidInput as exc:
            attachments.delete(bucket, key)  # the caller's own refused upload: not kept
            raise InvalidInput(f"{stored.filename or 'An attachment'}: {exc.message}",
                               fields={"attachments": next(iter(exc.fields.values()), "invalid")}) from exc
        found.append(Attachment(token, key, stored.filename or token, kind, stored.size))
    return tuple(found)


def attachment_link(number: object, attachment_id: str, *, customer: str | None) -> dict[str, Any]:
    """A short-lived download link; `customer`: only from their own ticket and never from a note."""
    found_number = ticket_number(number)
    ticket = store.get(found_number)
    if ticket is None or (customer is not None and ticket.user_id != customer):
        raise NotFound(NO_SUCH_ATTACHMENT)
    for message in store.thread(found_number, with_notes=customer is None):
        for attachment in message.attachments:
            if attachment.attachment_id == attachment_id:
                settings = get_settings()
                url = attachments.presigned_get(settings.attachments_bucket, attachment.key, attachment.filename,
                                                attachment.content_type, settings.attachment_url_seconds)
                return {"url": url, "filename": attachment.filename, "content_type": attachment.content_type,
                        "size": attachment.size, "expires_in": settings.attachment_url_seconds}
    raise NotFound(NO_SUCH_ATTACHMENT)


# --- customers ------------------------------------------------------------------------------

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
                top_up_id: object = None, attachment_keys: object = None) -> Changed:
    """Check everything, then store the ticket with its first messages in one transaction.

    Bad input is refused before anything is written. A ticket that is accepted but not correctly
    submitted (wrong category, missing information, duplicate, abusive language) is stored with
    its reasons and no running clock (S9)."""
    settings = get_settings()
    clean_subject = rules.check_subject(subject)
    clean_category = rules.parse_category(category)
    body = rules.check_message(message, settings.ticket_max_message_bytes)
    ids = rules.check_order_ids(order_ids)
    top_up = rules.check_id(top_up_id, "a top-up id", "top_up_id") if top_up_id is not None else None
    _check_own_orders(user_id, ids)
    _check_own_top_up(user_id, top_up)
    files = _attached(user_id, attachment_keys)
    now = clock.now()
    window = settings.ticket_duplicate_window_seconds
    recent = store.of_user_since(user_id, now - timedelta(seconds=window))
    duplicate = rules.duplicate_of(ids, rules.text_fingerprint(body), recent, now, window)
    ticket, messages = rules.new_ticket(counters.next_id("ticket"), user_id, clean_subject, clean_category, body,
                                        ids, top_up, files, duplicate, settings.ticket_abusive_words, now,
                                        settings.ticket_ack_enabled)
    store.insert(ticket, messages)
    metrics.add_metric(name="TicketsOpened", unit="Count", value=1)
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
    body = rules.check_message(message, get_settings().ticket_max_message_bytes)
    owned = store.get(found)
    if owned is None or owned.user_id != user_id:
        raise NotFound(NO_SUCH_TICKET)  # before looking at any upload
    files = _attached(user_id, attachment_keys)

    def change(ticket: Ticket, now: datetime) -> Changed:
        after, added = rules.customer_reply(ticket, body, now, files)
        return after, [added]

    ticket, added = _change(found, change, owner=user_id)
    return ticket, added[0]


def close_as_customer(user_id: str, number: object) -> Ticket:
    ticket, _ = _change(ticket_number(number), lambda t, now: (rules.customer_close(t, now), []), owner=user_id)
    return ticket


# --- staff ----------------------------------------------------------------------------------

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
        view = rules.sla_view(ticket, now)
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
    return StaffThread(ticket, rules.sla_view(ticket, clock.now()), store.thread(ticket.number, with_notes=True),
                       user.username if user else None)


def sla_of(ticket: Ticket) -> SlaView:
    return rules.sla_view(ticket, clock.now())


def tickets_of_customer(user_id: str) -> list[tuple[Ticket, SlaView]]:
    now = clock.now()
    return [(t, rules.sla_view(t, now)) for t in store.of_user(user_id)]


def reply_as_staff(staff_id: str, number: object, message: object, attachment_keys: object = None,
                   status: object = None) -> tuple[Ticket, Message]:
    """A reply the customer sees (and is mailed about); by default the ticket becomes answered."""
    found = ticket_number(number)
    body = rules.check_message(message, get_settings().ticket_max_message_bytes)
    new_status = rules.parse_status(status) if status is not None else Status.ANSWERED
    files = _attached(staff_id, attachment_keys)

    def change(ticket: Ticket, now: datetime) -> Changed:
        after, added = rules.staff_reply(ticket, staff_id, body, now, new_status, files)
        return after, [added]

    ticket, added = _change(found, change)
    logger.info("ticket answered", extra={"ticket": ticket.number, "staff_id": staff_id, "status": ticket.status})
    _queue_reply_mail(ticket.number)
    return ticket, added[0]


def add_note(staff_id: str, number: object, text: object) -> tuple[Ticket, Message]:
    body = rules.check_message(text, get_settings().ticket_max_message_bytes)

    def change(ticket: Ticket, now: datetime) -> Changed:
        after, note = rules.internal_note(ticket, staff_id, body, now)
        return after, [note]

    ticket, added = _change(ticket_number(number), change)
    return ticket, added[0]


def set_status(staff_id: str, number: object, status: object, expected_version: int | None = None) -> Ticket:
    new_status = rules.parse_status(status)

    def change(ticket: Ticket, now: datetime) -> Changed:
        rules.check_version(ticket, expected_version)
        return rules.staff_status(ticket, new_status, staff_id, now), []

    ticket, _ = _change(ticket_number(number), change)
    logger.info("ticket status", extra={"ticket": ticket.number, "staff_id": staff_id, "status": ticket.status})
    return ticket


def assign(staff_id: str, number: object, assignee: str | None, expected_version: int | None = None) -> Ticket:
    if assignee is not None:
        user = users.get(assignee)
        if user is None or user.role not in rules.SUPPORT_ROLES:
            raise InvalidInput("Tickets can be assigned to support staff and admins only.",
                               fields={"assignee": "not_support"})

    def change(ticket: Ticket, now: datetime) -> Changed:
        rules.check_version(ticket, expected_version)
        return rules.assign(ticket, assignee, staff_id, now), []

    ticket, _ = _change(ticket_number(number), change)
    return ticket


def reclassify(staff_id: str, number: object, category: object = None, priority: object = None,
               reason: object = None, expected_version: int | None = None) -> Ticket:
    """Staff set the category and/or priority (S10); every change is recorded with who and when."""
    if category is None and priority is None:
        raise InvalidInput("Give a new category, a new priority, or both.", fields={"priority": "required"})
    new_category = rules.parse_category(category) if category is not None else None
    new_priority = rules.parse_priority(priority) if priority is not None else None
    why = rules.check_reason(reason)

    def change(ticket: Ticket, now: datetime) -> Changed:
        rules.check_version(ticket, expected_version)
        return rules.reclassify(ticket, staff_id, now, new_category, new_priority, why), []

    ticket, _ = _change(ticket_number(number), change)
    logger.info("ticket reclassified", extra={"ticket": ticket.number, "staff_id": staff_id,
                                              "category": ticket.category, "priority": ticket.priority})
    return ticket


def merge(staff_id: str, number: object, into: object) -> tuple[Ticket, Ticket]:
    """Close a duplicate into its original (same customer): both changes, and a message on each
    that the customer sees, in one transaction; the duplicate's messages stay readable."""
    duplicate_number = ticket_number(number)
    if isinstance(into, bool) or not isinstance(into, int):
        raise InvalidInput("'into' must be the number of the original ticket.", fields={"into": "invalid"})
    for _ in range(MAX_ATTEMPTS):
        duplicate, original = store.get(duplicate_number), store.get(into)
        if duplicate is None:
            raise NotFound(NO_SUCH_TICKET)
        if original is None:
            raise InvalidInput(f"There is no ticket {rules.display_number(into)}.", fields={"into": "unknown"})
        now = clock.now()
        merged, kept = rules.merge(duplicate, original, staff_id, now)
        merged, closing = rules.append_message(
            merged, rules.Author.SYSTEM, rules.SYSTEM_ID,
            f"This ticket was merged into {original.display}; the conversation continues there.", now)
        kept, joined = rules.append_message(
            kept, rules.Author.SYSTEM, rules.SYSTEM_ID,
            f"Ticket {duplicate.display} was merged into this one as a duplicate; its messages stay readable there.",
            now)
        merged = replace(merged, version=duplicate.version + 1, updated_at=now)
        kept = replace(kept, version=original.version + 1, updated_at=now)
        if store.write([store.replace_action(duplicate, merged), store.replace_action(original, kept),
                        store.message_action(merged.number, closing), store.message_action(kept.number, joined)]):
            logger.info("ticket merged", extra={"ticket": merged.number, "into": kept.number, "staff_id": staff_id})
            return merged, kept
    raise Unavailable("The tickets kept changing while we saved; reload them and try again.")


def canned_replies() -> tuple[rules.CannedReply, ...]:
    return rules.CANNED_REPLIES


# --- reply mails ----------------------------------------------------------------------------

def _queue_reply_mail(number: int) -> None:
    """Queue the customer's notification; the reply is saved whatever happens here."""
    try:
        queue.send(get_settings().mail_queue_name, {"kind": REPLY_MAIL, "ticket": number})
    except Exception as exc:
        logger.warning("ticket reply mail not queued", extra={"ticket": number, "error": type(exc).__name__})


def send_reply_mail(number: int) -> bool:
    """Worker side: tell the customer that support replied (a link, not the text)."""
    ticket = store.get(number)
    user = users.get(ticket.user_id) if ticket else None
    if ticket is None or user is None:
        logger.info("ticket reply mail dropped", extra={"ticket": number})
        return False
    link = f"{get_settings().site_url}/tickets/{ticket.number}"
    mail.send(user.email, f"Support replied to your ticket {ticket.display}",
              f"Hello {user.username},\n\nOur support team replied to your ticket {ticket.display} "
              f"(\"{ticket.subject}\").\n\nRead the reply and answer it here: {link}\n\n"
              "Please answer on the ticket page rather than to this e-mail.\n")
    logger.info("ticket reply mailed", extra={"ticket": number, "user_id": ticket.user_id})
    return True


# --- the SLA's monthly count (S11) ------------------------------------------------------------

def breaches_by_user(month: str) -> dict[str, int]:
    """First-response breaches per user among the tickets created in `month` ("2026-11")."""
    return rules.breaches_by_user(store.created_in(rules.check_month(month)), clock.now())


def breaches_of_user(user_id: str, month: str) -> int:
    return breaches_by_user(month).get(user_id, 0)


def index_closed_tickets() -> int:
    """Bring tickets closed before the queue's closed filter existed into its list (once, by an
    operator: `panel tickets index-closed`); returns how many were added."""
    indexed = store.index_closed()
    logger.info("closed tickets indexed", extra={"indexed": indexed})
    return indexed
