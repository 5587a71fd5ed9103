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
* A closed account's erasure is run again once `CLOSED_ACCOUNT_GRACE_DAYS` have passed since
  it was closed, and on every pass after that until no order of it is still running: orders
  running at closing keep their link (the provider may still need it), and 30 days cover the
  delivery of nearly every order (drip-feed orders run for weeks); a run before that would
  mostly find the same orders still running. Once nothing is left the account leaves the list.
* Consent records prove a choice while it is relied on, at most `CONSENT_RELIED_ON_DAYS` (the
  banner asks again when `cc_cookie` expires), and then for `PROOF_YEARS` (the Limitation Act
  1980's six years for a claim about it, which is also the ICO's horizon for complaints in
  practice): due `CONSENT_RELIED_ON_DAYS` + six years after the choice.
* An upload never attached to a ticket is due `UNATTACHED_UPLOAD_HOURS` after its form was
  issued: the form itself expires within minutes, so a day is ample for a message to name it.
* Financial records (orders, refills, ledger entries, top-ups) are kept six years from the end
  of the accounting period they belong to (HMRC's record keeping; Companies Act 2006 s.388 for
  a public company, the longer of the two). The period is the UK financial year (1 April to
  31 March, the corporation-tax year) unless the operator's own accounting reference date is
  set (`PANEL_ACCOUNTING_YEAR_END`). The staff audit log is kept six years from each record.
* Nothing under a preservation hold is purged, however due (L7): the hold wins over every rule.

Every function takes what it decides on as arguments (no clock, no I/O).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

TICKET_TEXT_RETENTION_DAYS = 365
CLOSED_ACCOUNT_GRACE_DAYS = 30
CONSENT_RELIED_ON_DAYS = 182
PROOF_YEARS = 6
UNATTACHED_UPLOAD_HOURS = 24
UK_FINANCIAL_YEAR_END = (3, 31)   # month, day: the UK financial year ends on 31 March


class DataClass(enum.StrEnum):
    """A class of personal data the daily purge enforces; each has one entry in the service's
    table of purgers and one metric named after it."""

    LOGIN_IPS = "login_ips"
    TICKET_TEXT = "ticket_text"
    EXPIRED_RECORDS = "expired_records"
    CLOSED_ACCOUNTS = "closed_accounts"
    CONSENT_RECORDS = "consent_records"
    UNATTACHED_UPLOADS = "unattached_uploads"
    FINANCIAL_RECORDS = "financial_records"
    AUDIT_LOG = "audit_log"

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


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


def years_later(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def closed_account_cutoff(now: datetime, grace_days: int = CLOSED_ACCOUNT_GRACE_DAYS) -> datetime:
    """Accounts closed at or before this instant are due for their erasure to be run again."""
    if grace_days < 0:
        raise ValueError("grace_days must not be negative")
    return _aware(now) - timedelta(days=grace_days)


def closed_account_due(closed_at: datetime, now: datetime, grace_days: int = CLOSED_ACCOUNT_GRACE_DAYS) -> bool:
    return closed_at <= closed_account_cutoff(now, grace_days)


def consent_record_due(at: datetime, now: datetime, relied_on_days: int = CONSENT_RELIED_ON_DAYS,
                       years: int = PROOF_YEARS) -> bool:
    """A consent record goes six years after the longest time its choice can be relied on."""
    relied_until = _aware(at) + timedelta(days=relied_on_days)
    return years_later(relied_until.date(), years) < _aware(now).date()


def consent_cutoff(now: datetime, relied_on_days: int = CONSENT_RELIED_ON_DAYS, years: int = PROOF_YEARS) -> datetime:
    """Every consent record made before this instant is due (for the reader's filter)."""
    today = _aware(now).date()
    back = years_later(today, -years) - timedelta(days=relied_on_days)
    return datetime.combine(back, datetime.min.time(), tzinfo=now.tzinfo)


def upload_cutoff(now: datetime, hours: int = UNATTACHED_UPLOAD_HOURS) -> datetime:
    """An upload whose form was issued at or before this instant and that no message named is due."""
    return _aware(now) - timedelta(hours=hours)


def parse_year_end(text: str) -> tuple[int, int]:
    """`MM-DD` of the accounting reference date (the last day of the accounting year)."""
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2001, month, day)  # a common year: 29 February is refused, it is not every year's end
    except ValueError:
        raise ValueError(f"the accounting year end must be MM-DD (29 February excepted), not {text!r}") from None
    return month, day


def accounting_period_end(day: date, year_end: tuple[int, int] = UK_FINANCIAL_YEAR_END) -> date:
    """The last day of the accounting year that `day` belongs to."""
    end = date(day.year, *year_end)
    return end if day <= end else date(day.year + 1, *year_end)


def financial_record_due(record_day: date, today: date, year_end: tuple[int, int] = UK_FINANCIAL_YEAR_END,
                         years: int = PROOF_YEARS) -> bool:
    """A financial record goes once six years have passed since the end of its accounting year
    (the day after the sixth anniversary of that end)."""
    return years_later(accounting_period_end(record_day, year_end), years) < today


def financial_cutoff(today: date, year_end: tuple[int, int] = UK_FINANCIAL_YEAR_END,
                     years: int = PROOF_YEARS) -> date:
    """The end of the latest accounting year whose records are all due today: every record
    dated on or before it is due, every later one is not."""
    end = date(today.year - years, *year_end)
    while years_later(end, years) >= today:
        end = date(end.year - 1, *year_end)
    return end


def audit_record_due(at: datetime, now: datetime, years: int = PROOF_YEARS) -> bool:
    """A staff audit record goes six years after it was written."""
    return years_later(_aware(at).date(), years) < _aware(now).date()


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
