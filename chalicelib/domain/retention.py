"""The retention schedule's rules, as pure decisions (docs/privacy.md, "Retention schedule").

Why each rule is the way it is:

* Login IP addresses are kept 90 England-and-Wales business days (P8). The purge-by date is
  fixed when the sign-in is recorded (`business_days`), so the rule here only compares dates:
  an IP is due on its purge-by date itself, not the day after.
* The text of a closed support ticket (subject, messages, staff notes, attachment names and
  files) is kept `TICKET_TEXT_RETENTION_DAYS` after the ticket last changed while closed. A
  year covers what a closed conversation can still be needed for: a card-scheme dispute of a
  top-up (usually raised within 120 days), an SLA claim and its decision, and a customer coming
  back about the same order. The ticket's numbers, dates, status and the order and top-up it
  names stay: they are the service's own records, not the customer's words.
* Records with a DynamoDB TTL (sessions, reset links, second-factor challenges, idempotency keys,
  throttle windows) are due as soon as their expiry has passed. TTL deletes them too, but only
  "within a few days", and not at all on DynamoDB Local; the job removes what it has not yet.
* Nothing under a preservation hold is purged, however due (L7): the hold wins over every rule.

Every function takes what it decides on as arguments (no clock, no I/O).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

TICKET_TEXT_RETENTION_DAYS = 365


class DataClass(enum.StrEnum):
    """A class of personal data the daily purge enforces; each has one entry in the service's
    table of purgers and one metric named after it."""

    LOGIN_IPS = "login_ips"
    TICKET_TEXT = "ticket_text"
    EXPIRED_RECORDS = "expired_records"

    @property
    def metric(self) -> str:
        """The CloudWatch metric counting what one run purged: "Purged" + the class in CamelCase."""
        return "Purged" + "".join(part.capitalize() for part in self.value.split("_"))


class Decision(enum.StrEnum):
    PURGE = "purge"
    HELD = "held"          # due, but a preservation hold keeps it
    NOT_DUE = "not_due"


def decide(due: bool, hold_reason: str | None) -> Decision:
    """A hold keeps data whether it is due or not; otherwise what is due goes."""
    if hold_reason is not None:
        return Decision.HELD
    return Decision.PURGE if due else Decision.NOT_DUE


def login_ip_due(purge_after: date, today: date) -> bool:
    """A login IP goes on its purge-by date (that day included)."""
    return purge_after <= today


def ticket_text_cutoff(now: datetime, retention_days: int = TICKET_TEXT_RETENTION_DAYS) -> datetime:
    """Closed tickets that last changed at or before this instant have outlived their text."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    return now - timedelta(days=retention_days)


def ticket_text_due(closed: bool, last_changed: datetime, now: datetime,
                    retention_days: int = TICKET_TEXT_RETENTION_DAYS) -> bool:
    """A ticket's text goes once it has been closed, untouched, for the whole retention period.
    An open ticket is never due: the conversation is still going on."""
    return closed and last_changed <= ticket_text_cutoff(now, retention_days)


def ttl_expired(ttl_epoch: int | None, now_epoch: int) -> bool:
    """A record with a TTL is due once the TTL instant has passed; one without never is."""
    return ttl_epoch is not None and ttl_epoch < now_epoch


ERASED_TEXT = "[removed under the retention schedule]"
TEXT_FIELDS = frozenset({"subject"})  # ticket history entries whose values are the customer's words


def scrub_history(history: list[dict[str, object]]) -> list[dict[str, object]]:
    """A ticket's change history without free text: staff's reasons go, and so do the old and new
    values of fields that hold the customer's words. Who changed what and when stays."""
    scrubbed = []
    for change in history:
        kept = {**change, "reason": None}
        if change.get("field") in TEXT_FIELDS:
            kept["from"] = kept["to"] = None
        scrubbed.append(kept)
    return scrubbed
