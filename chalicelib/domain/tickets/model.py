"""The ticket model: categories and what each needs, statuses, authors, and the frozen records a
ticket is made of (issue 7; promises S7-S10). Rules that change a ticket live in the other modules
of this package; this one only says what a ticket is.

Priority and pauses belong to the SLA clock (`domain/sla_clock.py`), which times tickets without
knowing them; this is the one list of ticket categories (the clock is handed it).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from chalicelib.domain.accounts import Role
from chalicelib.domain.sla_clock import Pause, Priority

SUPPORT_ROLES = frozenset({Role.SUPPORT, Role.ADMIN})
"""Who works the staff console's tickets (legal staff do not)."""


class Category(enum.StrEnum):
    ORDERS = "orders"
    BALANCE_TOP_UP = "balance_top_up"
    API = "api"
    REFILL = "refill"
    CANCEL = "cancel"
    PRIVACY_REQUEST = "privacy_request"
    OTHER = "other"


CATEGORY_IDS: tuple[str, ...] = tuple(c.value for c in Category)
"""Every category's id: what the SLA clock accepts as a support category (S9)."""
CATEGORY_LABELS = MappingProxyType({
    Category.ORDERS: "Orders", Category.BALANCE_TOP_UP: "Balance top-up", Category.API: "API",
    Category.REFILL: "Refill", Category.CANCEL: "Cancel", Category.PRIVACY_REQUEST: "Privacy request",
    Category.OTHER: "Other",
})
ORDER_CATEGORIES = frozenset({Category.ORDERS, Category.REFILL, Category.CANCEL})
"""Categories about orders: they need at least one order id."""
ORDER_IDS_BELONG_TO = ORDER_CATEGORIES | {Category.API}
"""Where a ticket naming orders belongs (API problems are often about orders placed by API)."""
CATEGORY_NEEDS = MappingProxyType({
    Category.ORDERS: "at least one order id", Category.REFILL: "at least one order id",
    Category.CANCEL: "at least one order id", Category.BALANCE_TOP_UP: "the top-up id",
    Category.API: "nothing more than the subject and message",
    Category.PRIVACY_REQUEST: "the kind of request (a copy of your data, a correction, erasure...)",
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
