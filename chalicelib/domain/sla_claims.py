"""SLA compensation claims (SLA section 5; promises S12, S13), as pure rules.

Why each rule is the way it is:

* A claim is a ticket whose subject is exactly `CLAIM_SUBJECT`; the form sets it, so a customer
  never has to type it right.
* The filing window opens when the claimed month ends (00:00 UTC on the 1st of the next month) and
  closes 24 hours later. The opening is inclusive and the closing exclusive: a claim filed at
  00:00:00 on the 2nd is late. A claim for a month that has not ended is refused (nothing is
  stored): it cannot be on time yet, and the customer can still file it in the window.
* Evidence is downtime (each period's start and end, and the independent monitor's logs: a log
  excerpt or at least one attached file) and/or the numbers of the tickets whose first response
  was late. A part that was started but not finished makes the claim incomplete; a claim with no
  complete part is incomplete. A late or incomplete claim is stored, void, with its reason (S12).
* One claim per account per month: a second one is stored void "duplicate" (the first one keeps
  its place; the customer sees why the second one will not be decided).
* Staff decide within 14 business days after filing (the filing day is not counted), by the close
  of business (17:00 GMT) of the 14th business day, on the same England and Wales calendar as the
  ticket clock (`business_days`). Past it, a pending claim is overdue.
* A decision is final: approving pays the components the claim evidenced (availability for
  downtime evidence, first response for ticket numbers) from the month's stored report.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from chalicelib.domain.business_days import add_business_days, is_business_day

CLAIM_SUBJECT = "SLA Compensation Request"
FILING_WINDOW = timedelta(hours=24)
DECISION_BUSINESS_DAYS = 14
CLOSE_OF_BUSINESS = time(17, 0)
MAX_PERIODS = 50
MAX_TICKETS = 100
MAX_LOG_CHARS = 8000


class ClaimStatus(enum.StrEnum):
    PENDING = "pending"
    VOID = "void"
    APPROVED = "approved"
    REFUSED = "refused"


class Component(enum.StrEnum):
    """The credits of SLA section 4, each paid as its own ledger entry."""

    AVAILABILITY = "availability"      # 4.1, evidenced by downtime
    FIRST_RESPONSE = "first_response"  # 4.2, evidenced by ticket numbers


VOID_LATE = "late: filed after the 24 hours following the end of the month"
VOID_DUPLICATE = "duplicate: this account already filed a claim for this month"
VOID_INCOMPLETE = "incomplete: "


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Evidence:
    periods: tuple[Period, ...] = ()
    monitor: str = ""                 # the independent monitor's name, e.g. UptimeRobot
    monitor_log: str = ""             # an excerpt of its log
    log_files: int = 0                # files attached to the ticket
    ticket_numbers: tuple[int, ...] = ()

    @property
    def components(self) -> tuple[Component, ...]:
        """What the claim asks for: a part counts as soon as any of it was given."""
        found = []
        if self.periods or self.monitor or self.monitor_log:
            found.append(Component.AVAILABILITY)
        if self.ticket_numbers:
            found.append(Component.FIRST_RESPONSE)
        return tuple(found)


@dataclass(frozen=True)
class Claim:
    number: int                        # the ticket's number: the claim's id
    user_id: str
    month: str
    evidence: Evidence
    filed_at: datetime
    status: ClaimStatus
    reason: str | None
    decision_deadline: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    credits: dict[str, Decimal] = field(default_factory=dict)  # what an approval paid, per component
    version: int = 0


# --- the month and the filing window ----------------------------------------------------------

def month_start(month: str) -> datetime:
    year, number = int(month[:4]), int(month[5:7])
    return datetime(year, number, 1, tzinfo=UTC)


def month_end(month: str) -> datetime:
    """The first instant after `month` (00:00 UTC on the 1st of the next month)."""
    start = month_start(month)
    return datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)


def month_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def previous_month(moment: datetime) -> str:
    """The calendar month before the one `moment` lies in: the only month a claim can be on time for."""
    first = moment.astimezone(UTC).replace(day=1)
    return month_of(first - timedelta(days=1))


def filing_window(month: str) -> tuple[datetime, datetime]:
    """[opens, closes): from the end of `month` for 24 hours."""
    end = month_end(month)
    return end, end + FILING_WINDOW


def has_ended(month: str, now: datetime) -> bool:
    return now >= month_end(month)


def on_time(month: str, filed_at: datetime) -> bool:
    opens, closes = filing_window(month)
    return opens <= filed_at < closes


# --- evidence -----------------------------------------------------------------------------------

def evidence_problems(evidence: Evidence, month: str) -> list[str]:
    """Why the evidence is incomplete (empty: complete)."""
    problems: list[str] = []
    components = evidence.components
    if not components:
        return ["no evidence: give the downtime times with an independent monitor's logs, or the ticket numbers"]
    if Component.AVAILABILITY in components:
        if not evidence.periods:
            problems.append("the downtime's start and end times are missing")
        start, end = month_start(month), month_end(month)
        for period in evidence.periods:
            if period.end <= period.start:
                problems.append("a downtime period ends before it starts")
            elif period.start < start or period.end > end:
                problems.append("a downtime period lies outside the claimed month")
        if not evidence.monitor.strip():
            problems.append("the independent monitor is not named")
        if not evidence.monitor_log.strip() and evidence.log_files == 0:
            problems.append("the independent monitor's logs are missing (paste them or attach a file)")
    return problems


# --- filing -------------------------------------------------------------------------------------

def decision_deadline(filed_at: datetime) -> datetime:
    """17:00 GMT on the 14th business day after the filing day (the filing day not counted)."""
    day = add_business_days(filed_at.astimezone(UTC).date(), DECISION_BUSINESS_DAYS)
    return datetime.combine(day, CLOSE_OF_BUSINESS, tzinfo=UTC)


def status_at_filing(month: str, filed_at: datetime, evidence: Evidence, *,
                     duplicate: bool) -> tuple[ClaimStatus, str | None]:
    """Pending, or void with the first reason that voids it: late, then incomplete, then duplicate."""
    if not on_time(month, filed_at):
        return ClaimStatus.VOID, VOID_LATE
    problems = evidence_problems(evidence, month)
    if problems:
        return ClaimStatus.VOID, VOID_INCOMPLETE + "; ".join(problems)
    if duplicate:
        return ClaimStatus.VOID, VOID_DUPLICATE
    return ClaimStatus.PENDING, None


# --- deciding -----------------------------------------------------------------------------------

def is_overdue(claim: Claim, now: datetime) -> bool:
    return claim.status is ClaimStatus.PENDING and now > claim.decision_deadline


def business_days_left(deadline: datetime, today: date) -> int:
    """Business days from `today` (not counted) up to the deadline's day (counted); negative past it."""
    end = deadline.astimezone(UTC).date()
    if end >= today:
        return sum(1 for n in range(1, (end - today).days + 1) if is_business_day(today + timedelta(days=n)))
    return -sum(1 for n in range(0, (today - end).days) if is_business_day(end + timedelta(days=n + 1)))


def credits_to_pay(components: tuple[Component, ...],
                   entitlement: dict[Component, Decimal]) -> dict[Component, Decimal]:
    """The positive credits of the report's entitlement that the claim evidenced."""
    return {c: entitlement[c] for c in components if entitlement.get(c, Decimal(0)) > 0}


def credit_entry_id(month: str, component: Component) -> str:
    """The ledger entry id of a service credit: one per account (the ledger's partition), month and
    component, so it can be paid once only, whatever retries or concurrent approvals do."""
    return f"sla#{month}#{component.value}"


# --- reading what the form sent -----------------------------------------------------------------

def parse_moment(text: str, field_name: str) -> datetime:
    """A time as the form sends it: ISO 8601 with its offset (e.g. 2026-11-03T10:05:00Z)."""
    from chalicelib.domain.errors import InvalidInput

    value = text.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")) if value.isascii() else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(f"'{field_name}' must be a time like 2026-11-03T10:05:00Z (with its time zone).",
                           fields={field_name: "invalid"})
    return moment.astimezone(UTC)


def describe(evidence: Evidence, month: str, note: str) -> str:
    """The claim as the ticket's first message: what the customer sent, in words staff read."""
    lines = [f"SLA compensation claim for {month}."]
    if evidence.periods or evidence.monitor or evidence.monitor_log:
        lines.append(f"Downtime reported by the independent monitor: {evidence.monitor or '(not named)'}")
        lines += [f"- {p.start:%Y-%m-%d %H:%M} to {p.end:%Y-%m-%d %H:%M} UTC" for p in evidence.periods]
        if evidence.monitor_log.strip():
            lines += ["Monitor log:", evidence.monitor_log.strip()]
    if evidence.ticket_numbers:
        lines.append("Tickets whose first response was late: " + ", ".join(f"#{n}" for n in evidence.ticket_numbers))
    if note.strip():
        lines += ["", note.strip()]
    return "\n".join(lines)
