"""SLA compensation claims: the claim form's body and the answers customers and staff read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Money, Out, Timestamp, when
from chalicelib.api.schemas.tickets import MessageOut, TicketOut

if TYPE_CHECKING:
    from chalicelib.domain.sla_claims import Claim
    from chalicelib.domain.sla_report import Entitlement, MonthReport
    from chalicelib.services.sla.claims import ClaimForm, ClaimView
    from chalicelib.services.sla.decisions import QueueEntry


# --- bodies ---------------------------------------------------------------------------------

class PeriodIn(Body):
    start: str = Field(max_length=40, description="ISO 8601 with its zone, e.g. 2026-11-03T10:05:00Z.")
    end: str = Field(max_length=40)


class ClaimBody(Body):
    month: str = Field(max_length=7, description="The month claimed for, YYYY-MM: the month just ended.")
    periods: list[PeriodIn] = Field(default_factory=list, max_length=50,
                                    description="Downtime periods as the independent monitor saw them.")
    monitor: str = Field(default="", max_length=100, description="The independent monitor, e.g. UptimeRobot.")
    monitor_log: str = Field(default="", max_length=8000, description="An excerpt of the monitor's log.")
    ticket_numbers: list[int] = Field(default_factory=list, max_length=100,
                                      description="The caller's tickets whose first response was late.")
    note: str = Field(default="", max_length=4000)
    attachments: list[str] | None = Field(default=None, description="Upload keys (the monitor's logs).")


class DecisionBody(Body):
    decision: str = Field(pattern="^(approve|refuse)$")
    reason: str | None = Field(default=None, max_length=500, description="Required to refuse; the customer reads it.")


# --- answers --------------------------------------------------------------------------------

class ClaimFormOut(Out):
    month: str
    subject: str
    opens_at: Timestamp
    closes_at: Timestamp
    open_now: bool

    @classmethod
    def of(cls, form: ClaimForm) -> ClaimFormOut:
        return cls(month=form.month, subject=form.subject, opens_at=form.opens_at.isoformat(),
                   closes_at=form.closes_at.isoformat(), open_now=form.open_now)


class PeriodOut(Out):
    start: Timestamp
    end: Timestamp


class EvidenceOut(Out):
    periods: list[PeriodOut]
    monitor: str
    monitor_log: str
    log_files: int
    ticket_numbers: list[int]


class ClaimOut(Out):
    number: int
    user_id: str
    month: str
    status: str
    reason: str | None
    evidence: EvidenceOut
    filed_at: Timestamp
    decision_deadline: Timestamp
    decided_by: str | None
    decided_at: Timestamp | None
    credits: dict[str, Money]

    @classmethod
    def of(cls, claim: Claim) -> ClaimOut:
        e = claim.evidence
        return cls(number=claim.number, user_id=claim.user_id, month=claim.month, status=claim.status.value,
                   reason=claim.reason,
                   evidence=EvidenceOut(periods=[PeriodOut(start=p.start.isoformat(), end=p.end.isoformat())
                                                 for p in e.periods], monitor=e.monitor, monitor_log=e.monitor_log,
                                        log_files=e.log_files, ticket_numbers=list(e.ticket_numbers)),
                   filed_at=claim.filed_at.isoformat(), decision_deadline=claim.decision_deadline.isoformat(),
                   decided_by=claim.decided_by, decided_at=when(claim.decided_at),
                   credits={k: f"{v:.2f}" for k, v in claim.credits.items()})


class ReportOut(Out):
    """The month's numbers from our own monitoring."""

    month: str
    minutes: int
    downtime_minutes: int
    availability_percent: str
    computed_at: Timestamp
    version: int

    @classmethod
    def of(cls, report: MonthReport) -> ReportOut:
        return cls(month=report.month, minutes=report.minutes, downtime_minutes=report.downtime_minutes,
                   availability_percent=report.availability_percent, computed_at=report.computed_at.isoformat(),
                   version=report.version)


class EntitlementOut(Out):
    availability: Money
    first_response: Money
    total: Money
    base_top_ups: Money
    breaches: int
    plan: str

    @classmethod
    def of(cls, e: Entitlement) -> EntitlementOut:
        return cls(availability=f"{e.availability:.2f}", first_response=f"{e.first_response:.2f}",
                   total=f"{e.total:.2f}", base_top_ups=f"{e.base_top_ups:.2f}", breaches=e.breaches, plan=e.plan)


class ClaimViewOut(Out):
    claim: ClaimOut
    report: ReportOut | None = Field(description="Null until the month's report is computed.")
    entitlement: EntitlementOut | None = Field(description="Null when the report gives this account nothing.")

    @classmethod
    def of(cls, view: ClaimView) -> ClaimViewOut:
        return cls(claim=ClaimOut.of(view.claim), report=ReportOut.of(view.report) if view.report else None,
                   entitlement=EntitlementOut.of(view.entitlement) if view.entitlement else None)


class ClaimFiled(Out):
    ticket: TicketOut
    messages: list[MessageOut]
    claim: ClaimOut


class QueueEntryOut(Out):
    claim: ClaimOut
    days_left: int = Field(description="Business days left until the decision deadline; negative past it.")
    overdue: bool

    @classmethod
    def of(cls, entry: QueueEntry) -> QueueEntryOut:
        return cls(claim=ClaimOut.of(entry.claim), days_left=entry.days_left, overdue=entry.overdue)


class ClaimQueue(Out):
    claims: list[QueueEntryOut]


class StaffClaimOut(Out):
    entry: QueueEntryOut
    view: ClaimViewOut
