"""Support tickets (issue 7; SLA sections 2 and 3.2; promises S7-S10), as pure rules.

What each rule says and why (docs/support.md has the same for people):

* **Categories and what each needs.** `orders`, `refill` and `cancel` are about orders and need
  at least one of the customer's order ids; `balance_top_up` needs the id of the customer's
  top-up (a field, `top_up_id`; the add-funds history shows it); `api` and `other` need only the
  subject and message. A ticket that lacks what its category needs is accepted, but its SLA clock
  does not start (S9).
* **Right category.** The information decides where a ticket belongs: order ids belong to the
  order categories or `api`; a top-up id belongs to `balance_top_up`. A ticket whose information
  points elsewhere (a top-up id in `orders`, order ids in `balance_top_up` or `other`) is in the
  wrong category: accepted, clock not started. An unknown category is refused outright (400).
* **Priority** is high only for balance top-up problems, standard otherwise (S8). Customers do not
  choose it. Staff may reclassify; a ticket not in `balance_top_up` is always standard (S10), so
  asking for high on one is refused with a clear error; moving a ticket out of `balance_top_up`
  makes it standard. Every change is recorded with who, when and why.
* **Duplicates**: another not-closed ticket of the same user, created within the window, that
  names one of the same order ids or has the same message text (compared after Unicode NFKC,
  case folding and collapsing white space).
* **Statuses**: open, awaiting customer, answered, closed. "Awaiting customer" pauses the SLA
  clock (staff wait for information); any other status, or the customer's reply, ends the pause.
* **First response** (S7): the automatic acknowledgement carrying the ticket number, when the
  clock started and the acknowledgement is switched on; otherwise the first staff reply. Internal
  notes never count.

The SLA arithmetic itself is `sla_clock`'s; this module only feeds it a ticket.
"""

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import TypeVar

from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.sla_clock import (
    Pause,
    Priority,
    breached,
    clock_blockers,
    clock_start,
    elapsed_business_seconds,
    first_response_deadline,
)

SUPPORT_ROLES = frozenset({Role.SUPPORT, Role.ADMIN})
"""Who works the staff console's tickets (legal staff do not)."""


class Category(enum.StrEnum):
    ORDERS = "orders"
    BALANCE_TOP_UP = "balance_top_up"
    API = "api"
    REFILL = "refill"
    CANCEL = "cancel"
    OTHER = "other"


CATEGORY_LABELS = MappingProxyType({
    Category.ORDERS: "Orders", Category.BALANCE_TOP_UP: "Balance top-up", Category.API: "API",
    Category.REFILL: "Refill", Category.CANCEL: "Cancel", Category.OTHER: "Other",
})
ORDER_CATEGORIES = frozenset({Category.ORDERS, Category.REFILL, Category.CANCEL})
"""Categories about orders: they need at least one order id."""
ORDER_IDS_BELONG_TO = ORDER_CATEGORIES | {Category.API}
"""Where a ticket naming orders belongs (API problems are often about orders placed by API)."""
CATEGORY_NEEDS = MappingProxyType({
    Category.ORDERS: "at least one order id", Category.REFILL: "at least one order id",
    Category.CANCEL: "at least one order id", Category.BALANCE_TOP_UP: "the top-up id",
    Category.API: "nothing more than the subject and message",
    Category.OTHER: "nothing more than the subject and message",
})


class Status(enum.StrEnum):
    OPEN = "open"
    AWAITING_CUSTOMER = "awaiting_customer"
    ANSWERED = "answered"
    CLOSED = "closed"


class Author(enum.StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"
    SYSTEM = "system"


SYSTEM_ID = "system"
AUTO_RESPONDER = "auto"
"""`first_response_by` when the automatic acknowledgement was the first response."""

SUBJECT_MAX_CHARS = 200
MAX_ORDER_IDS = 10
MAX_ATTACHMENTS = 5
FILENAME_MAX_CHARS = 200
MAX_ID = 10**12
REASON_MAX_CHARS = 500
ATTACHMENT_PREFIX = "attachments"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")

CONTENT_TYPE_NAMES = MappingProxyType({
    "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP", "text/plain": "plain text",
    "application/pdf": "PDF",
})


@dataclass(frozen=True)
class Attachment:
    attachment_id: str      # the random part of the object key; what routes name
    key: str                # the S3 object key, under attachments/<uploader's user id>/
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class Change:
    """One recorded change: which field, from what, to what, by whom, when and why."""

    field: str              # priority, category, status, assigned_to, merged_into
    old: str | None
    new: str | None
    by: str                 # a staff user id, the customer's user id, or "system"
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class Message:
    seq: int                # 1, 2, ... within the ticket; notes share the sequence
    author: Author
    author_id: str
    body: str
    at: datetime
    internal: bool = False  # an internal note: staff only, never shown to the customer
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Ticket:
    number: int
    user_id: str
    subject: str
    category: Category
    priority: Priority
    status: Status
    created_at: datetime
    updated_at: datetime
    order_ids: tuple[int, ...] = ()
    top_up_id: int | None = None
    attachments: tuple[Attachment, ...] = ()
    text_hash: str = ""
    clock_started_at: datetime | None = None
    clock_blockers: tuple[str, ...] = ()
    duplicate_of: int | None = None
    pauses: tuple[Pause, ...] = ()
    first_response_at: datetime | None = None
    first_response_by: str | None = None
    assigned_to: str | None = None
    merged_into: int | None = None
    history: tuple[Change, ...] = ()
    message_count: int = 0
    version: int = 0

    @property
    def display(self) -> str:
        return display_number(self.number)

    @property
    def timed(self) -> bool:
        """Whether the SLA clock runs for it at all (a correctly submitted ticket, S9)."""
        return self.clock_started_at is not None

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].resumed_at is None


def display_number(number: int) -> str:
    return f"#{number}"


# --- input -------------------------------------------------------------------------------------

_Choice = TypeVar("_Choice", bound=enum.StrEnum)

def _choice(raw: object, kind: type[_Choice], field: str) -> _Choice:
    """One of an enum's values, written loosely ("Balance top-up" finds balance_top_up)."""
    text = raw.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(raw, str) else ""
    try:
        return kind(text)
    except ValueError:
        names = ", ".join(member.value for member in kind)
        raise InvalidInput(f"Unknown {field}; choose one of: {names}.", fields={field: "unknown"}) from None


def parse_category(raw: object) -> Category:
    return _choice(raw, Category, "category")


def parse_status(raw: object) -> Status:
    return _choice(raw, Status, "status")


def parse_priority(raw: object) -> Priority:
    return _choice(raw, Priority, "priority")


def check_subject(raw: object) -> str:
    subject = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not subject:
        raise InvalidInput("Write a subject for your ticket.", fields={"subject": "required"})
    if len(subject) > SUBJECT_MAX_CHARS:
        raise InvalidInput(f"The subject is too long: at most {SUBJECT_MAX_CHARS} characters.",
                           fields={"subject": "too_long"})
    return subject


def check_message(raw: object, max_bytes: int, *, field: str = "message") -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput("Write a message: describe the problem step by step.", fields={field: "required"})
    text = raw.strip()
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise InvalidInput(f"The message is too long ({size:,} bytes); the limit is {max_bytes:,} bytes. "
                           "Attach long logs as a text file instead.", fields={field: "too_long"})
    return text


def check_id(raw: object, what: str, field: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < MAX_ID:
        raise InvalidInput(f"'{field}' must be {what} (a whole number).", fields={field: "invalid"})
    return raw


def check_order_ids(raw: object) -> tuple[int, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InvalidInput("'order_ids' must be a list of order ids.", fields={"order_ids": "invalid"})
    ids = tuple(dict.fromkeys(check_id(item, "an order id", "order_ids") for item in raw))
    if len(ids) > MAX_ORDER_IDS:
        raise InvalidInput(f"Name at most {MAX_ORDER_IDS} orders in one ticket.", fields={"order_ids": "too_many"})
    return ids


def check_reason(raw: object) -> str | None:
    if raw is None:
        return None
    text = " ".join(raw.split()) if isinstance(raw, str) else None
    if text is None or len(text) > REASON_MAX_CHARS:
        raise InvalidInput(f"'reason' must be text of at most {REASON_MAX_CHARS} characters.",
                           fields={"reason": "invalid"})
    return text or None


# --- attachments -------------------------------------------------------------------------------

def attachment_key(user_id: str, token: str) -> str:
    """The object key of an upload: under the uploader's own prefix, named by a random token."""
    assert _TOKEN.match(token)
    return f"{ATTACHMENT_PREFIX}/{user_id}/{token}"


def attachment_token(user_id: str, key: object) -> str | None:
    """The token of `key` if it is an upload key under `user_id`'s prefix, else None."""
    if not isinstance(key, str):
        return None
    prefix = f"{ATTACHMENT_PREFIX}/{user_id}/"
    token = key[len(prefix):] if key.startswith(prefix) else ""
    return token if _TOKEN.match(token) else None


def allowed_types_text(allowed: Collection[str]) -> str:
    return ", ".join(CONTENT_TYPE_NAMES.get(t, t) for t in allowed)


def check_content_type(raw: object, allowed: Collection[str]) -> str:
    content_type = raw.split(";")[0].strip().lower() if isinstance(raw, str) else ""
    if content_type not in allowed:
        raise InvalidInput(f"This type of file cannot be attached; allowed are {allowed_types_text(allowed)}.",
                           fields={"content_type": "forbidden"})
    return content_type


def check_size(raw: object, max_bytes: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw <= 0:
        raise InvalidInput("'size' must be the file's size in bytes.", fields={"size": "invalid"})
    if raw > max_bytes:
        raise InvalidInput(f"The file is too large ({_megabytes(raw)}); the largest attachment is "
                           f"{_megabytes(max_bytes)}.", fields={"size": "too_large"})
    return raw


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_filename(raw: object) -> str:
    """A display name only (never a path or key): the last path part, printable, trimmed."""
    text = raw if isinstance(raw, str) else ""
    name = unicodedata.normalize("NFKC", text.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    if not name or name in {".", ".."}:
        raise InvalidInput("The file needs a name.", fields={"filename": "required"})
    if len(name) > FILENAME_MAX_CHARS:
        raise InvalidInput(f"The file name is too long: at most {FILENAME_MAX_CHARS} characters.",
                           fields={"filename": "too_long"})
    return name


# --- priority, category, clock blockers ------------------------------------------------------

def initial_priority(category: Category) -> Priority:
    """High only for balance top-up problems (SLA 3.2, S8)."""
    return Priority.HIGH if category == Category.BALANCE_TOP_UP else Priority.STANDARD


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
                              categories=[c.value for c in Category])
    return tuple(reasons)


# --- the acknowledgement ---------------------------------------------------------------------

def acknowledgement(number: int) -> str:
    return (f"We have received your ticket {display_number(number)}. Our support team answers balance top-up "
            "problems within 3 business days and other requests within 7 business days (business days are "
            "Monday to Friday, 10:00-17:00 GMT, except bank holidays in England and Wales). Reply here to add "
            f"anything; please quote {display_number(number)} if you contact us about it.")


# --- the ticket's life -----------------------------------------------------------------------

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


STAFF_REPLY_STATUSES = frozenset({Status.ANSWERED, Status.AWAITING_CUSTOMER, Status.CLOSED})


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


def customer_close(ticket: Ticket, at: datetime) -> Ticket:
    return with_status(ticket, Status.CLOSED, ticket.user_id, at, "closed by the customer")


def assign(ticket: Ticket, assignee: str | None, staff_id: str, at: datetime) -> Ticket:
    if assignee == ticket.assigned_to:
        return ticket
    return replace(ticket, assigned_to=assignee,
                   history=(*ticket.history, Change("assigned_to", ticket.assigned_to, assignee, staff_id, at)))


NOT_TOP_UP = "not about a balance top-up, so standard (SLA 3.2)"


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


# --- the SLA view ----------------------------------------------------------------------------

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


UNSCHEDULED = "~"
"""Sorts after every date: tickets without a deadline (clock not started, or paused) come last."""


def queue_sort_key(ticket: Ticket) -> str:
    """The staff queue's order: by first-response deadline, soonest first, then by number."""
    deadline = first_response_deadline(ticket.created_at, ticket.priority, ticket.pauses) if ticket.timed else None
    when = deadline.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if deadline else UNSCHEDULED
    return f"{when}#{ticket.number:012d}"


def month_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def check_month(raw: object) -> str:
    text = raw.strip() if isinstance(raw, str) else ""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise InvalidInput("'month' must look like 2026-11.", fields={"month": "invalid"})
    return text


def breaches_by_user(tickets: Iterable[Ticket], now: datetime) -> dict[str, int]:
    """First-response breaches per user among `tickets` (S11 counts them per calendar month)."""
    counts: dict[str, int] = {}
    for ticket in tickets:
        if sla_view(ticket, now).breached:
            counts[ticket.user_id] = counts.get(ticket.user_id, 0) + 1
    return counts


# --- canned replies --------------------------------------------------------------------------

@dataclass(frozen=True)
class CannedReply:
    reply_id: str
    title: str
    text: str


CANNED_REPLIES: tuple[CannedReply, ...] = (
    CannedReply("need-order-ids", "Ask for order ids",
                "Thank you for contacting us. Please send the ID of each order concerned (you find them on the "
                "Orders page), and describe step by step what you expected and what happened."),
    CannedReply("need-top-up-details", "Ask for top-up details",
                "Thank you for contacting us. Please send the top-up ID from your add-funds history, the amount "
                "and the date of the payment, and a screenshot of the payment confirmation if you have one."),
    CannedReply("need-screenshot", "Ask for a screenshot or log",
                "To look into this we need a screenshot of the problem or the error message / log you received. "
                "Please attach it to your reply."),
    CannedReply("refill-requested", "Refill requested",
                "We have requested a refill from the provider. Refills usually start within 24-72 hours."),
    CannedReply("cancel-requested", "Cancellation requested",
                "We have asked the provider to cancel the order. If it is canceled, the undelivered part is "
                "refunded to your balance automatically."),
    CannedReply("resolved", "Resolved",
                "This should now be resolved. If anything is still wrong, reply to this ticket and we will "
                "look again."),
)
