"""Staff tasks: durable to-do items the system opens for staff, who resolve each with a note
(docs/support.md, "Staff tasks"). Pure rules: the task's id, wording and the note's checks.

A task's id is deterministic where the thing that opens it can run twice (flagging the same
account as a minor twice opens one task), so the store's conditional put makes it once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from chalicelib.domain.errors import InvalidInput

MAX_NOTE = 1000
CENTS = Decimal("0.01")


class TaskKind(enum.StrEnum):
    REFUND_BALANCE = "refund_balance"


class TaskStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class StaffTask:
    task_id: str
    kind: TaskKind
    user_id: str
    amount: Decimal
    text: str
    created_at: datetime
    created_by: str
    status: TaskStatus = TaskStatus.OPEN
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    note: str | None = None


def minor_refund_task_id(user_id: str) -> str:
    """One refund task per account flagged as a minor, however often it is flagged."""
    return f"minor-refund-{user_id}"


def refund_text(user_id: str, amount: Decimal) -> str:
    """The task's wording; the amount in whole cents, rounded down (a card refund is in cents,
    and never more than the balance holds; the task keeps the exact amount too)."""
    cents = amount.quantize(CENTS, rounding=ROUND_DOWN)
    return (f"Refund the remaining withdrawable balance of ${cents} of account {user_id} to its payment method, "
            "or record why not (service credit and bonus are never paid out).")


def checked_note(note: object, what: str = "note") -> str:
    """A resolution note or a reason: required, trimmed, at most MAX_NOTE characters."""
    text = note.strip() if isinstance(note, str) else ""
    if not text:
        raise InvalidInput(f"Write a {what}: it is recorded with your staff id.", fields={what: "required"})
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"The {what} is too long (at most {MAX_NOTE} characters).", fields={what: "too_long"})
    return text
