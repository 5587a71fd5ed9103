"""Support tickets, their messages, months, queue positions and attachment object keys."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from chalicelib.store.keys.base import Key, utc_stamp

# The ticket's item collection, the user's and the month's indexes, the staff queue's sort key
# (its partition is TICKET_QUEUE below) and the S3 object keys of attachments.

def ticket(number: int) -> Key:
    return {"pk": f"TICKET#{number}", "sk": "TICKET"}


def ticket_partition(number: int) -> str:
    """A ticket's item collection: the ticket, its messages and its internal notes."""
    return f"TICKET#{number}"


TICKET_MESSAGE_PREFIX = "MSG#"   # what the customer may read
TICKET_NOTE_PREFIX = "NOTE#"     # internal notes: staff only, never queried for customers


def ticket_message(number: int, seq: int, internal: bool) -> Key:
    """A message (or, `internal`, a staff note) of a ticket; `seq` orders them in one sequence."""
    prefix = TICKET_NOTE_PREFIX if internal else TICKET_MESSAGE_PREFIX
    return {"pk": ticket_partition(number), "sk": f"{prefix}{seq:06d}"}


def tickets_index(user_id: str, created_iso: str, number: int) -> Key:
    """GSI1: a user's tickets (their list, and the duplicate check over recent ones)."""
    return {"gsi1pk": f"TICKETS#{user_id}", "gsi1sk": f"{created_iso}#{number:012d}"}


def tickets_of(user_id: str) -> str:
    return f"TICKETS#{user_id}"


def ticket_month(month: str, created_iso: str, number: int) -> Key:
    """One small item per ticket in its creation month's partition (the monthly breach count, S11).
    The ticket itself cannot also sit in a GSI2 month partition: GSI2 holds the staff queue."""
    return {"pk": tickets_month(month), "sk": f"{created_iso}#{number:012d}"}


def tickets_month(month: str) -> str:
    return f"TICKETMONTH#{month}"


def ticket_month_of(created: datetime) -> str:
    """The calendar month ("2026-11", UTC) whose partition lists a ticket created at `created`."""
    return created.astimezone(UTC).strftime("%Y-%m")


UNSCHEDULED = "~"
"""Sorts after every date: tickets without a deadline (clock not started, or paused) come last."""


def ticket_queue_position(deadline: datetime | None, number: int) -> str:
    """The staff queue's sort key: first-response deadline (soonest first), then number."""
    when = utc_stamp(deadline) if deadline else UNSCHEDULED
    return f"{when}#{number:012d}"


ATTACHMENT_PREFIX = "attachments"
_ATTACHMENT_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def attachment_key(user_id: str, token: str) -> str:
    """The S3 object key of an upload: under the uploader's own prefix, named by a random token
    (32 lowercase hex digits)."""
    assert _ATTACHMENT_TOKEN.match(token)
    return f"{ATTACHMENT_PREFIX}/{user_id}/{token}"


def attachment_token(user_id: str, key: object) -> str | None:
    """The token of `key` if it is an upload key under `user_id`'s prefix, else None."""
    if not isinstance(key, str):
        return None
    prefix = f"{ATTACHMENT_PREFIX}/{user_id}/"
    token = key[len(prefix):] if key.startswith(prefix) else ""
    return token if _ATTACHMENT_TOKEN.match(token) else None


def ticket_upload_owner(number: int) -> str:
    """The owner part of a staff upload's object key (`attachments/ticket-<number>/<token>`): staff
    files belong to the ticket they answer, not to the staff member, so a staff reply takes only
    files uploaded for its own ticket. A user id is never of this form."""
    return f"ticket-{number}"


# Canned replies: one small partition (an admin-edited list of tens of texts), and the flag that
# says the initial set was written once (so replies an admin deleted do not come back).
CANNED_PARTITION = "CANNED"
CANNED_REPLY_PREFIX = "REPLY#"


def canned_reply(reply_id: str) -> Key:
    return {"pk": CANNED_PARTITION, "sk": f"{CANNED_REPLY_PREFIX}{reply_id}"}


def canned_seeded() -> Key:
    return {"pk": CANNED_PARTITION, "sk": "SEEDED"}
