"""Staff decide SLA claims (S13): the queue with deadlines, a claim with its month's numbers, the
final decision, the service credit an approval pays (S11 for first responses), and the daily
alert for overdue claims.

Approving pays what the month's stored report gives the account for the components the claim
evidenced; staff never type an amount. The first credit's ledger movement carries, in its one
transaction, the claim's decision (on condition it is still pending), the month's decided flag,
a check that the report is still the version read, and the audit record: so a decision without
its credit, or a credit without its decision, cannot happen, and of two concurrent approvals
exactly one commits. A second component (if any) is its own movement right after, with its own
deterministic entry id (`sla#<month>#<component>`); were a crash to fall between the two, any
later approval attempt or the daily check pays what is missing, once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from chalicelib.domain import staff_alerts as alert_rules
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.ledger import AlreadyApplied, EntryKind, LedgerEntry
from chalicelib.domain.sla_claims import (
    Claim,
    ClaimStatus,
    Component,
    business_days_left,
    credit_entry_id,
    credits_to_pay,
    is_overdue,
)
from chalicelib.domain.tickets import checks
from chalicelib.domain.tickets.model import display_number
from chalicelib.observability import SLA_CLAIMS_OVERDUE, logger, metrics
from chalicelib.services import audit_log, clock, ledger, staff_alerts
from chalicelib.services.sla import reports
from chalicelib.services.sla.claims import ClaimView, view_of
from chalicelib.store import ledger as ledger_store
from chalicelib.store import sla_claims as store
from chalicelib.store import sla_reports as reports_store

FINAL = "This claim was already {status}; a decision is final."
NO_REPORT = ("There is no report for {month} yet: a claim is decided from our monitoring data, so wait for the "
             "monthly report to be computed, then approve.")
NOTHING_DUE = ("The report for {month} gives this account no credit for what the claim evidenced; refuse it with "
               "a reason.")


@dataclass(frozen=True)
class QueueEntry:
    claim: Claim
    days_left: int
    overdue: bool


def queue() -> list[QueueEntry]:
    """Pending claims, overdue first then soonest deadline, and the latest decided and void ones."""
    now = clock.now()
    today = now.date()
    found = [QueueEntry(c, business_days_left(c.decision_deadline, today), is_overdue(c, now)) for c in store.pending()]
    found.sort(key=lambda e: (not e.overdue, e.claim.decision_deadline, e.claim.number))
    done = [QueueEntry(c, 0, False) for c in store.finished()]
    return found + done


def detail(number: int) -> tuple[ClaimView, QueueEntry]:
    claim = store.get(number)
    if claim is None:
        raise NotFound("There is no SLA claim on this ticket.")
    now = clock.now()
    return view_of(claim), QueueEntry(claim, business_days_left(claim.decision_deadline, now.date()),
                                      is_overdue(claim, now))


def _decided(claim: Claim, status: ClaimStatus, staff_id: str, now: datetime, reason: str | None,
             credits: dict[str, Decimal]) -> Claim:
    return replace(claim, status=status, reason=reason, decided_by=staff_id, decided_at=now, credits=credits,
                   version=claim.version + 1)


def _record(claim: Claim, after: Claim, staff_id: str, action: Action) -> dict[str, Any]:
    return audit_log.action(audit_log.build(
        action, SubjectKind.SLA_CLAIM, claim.number, actor=staff_id, record_id=f"slaclaim#{claim.number}",
        before={"status": claim.status.value},
        after={"status": after.status.value, "reason": after.reason, "month": claim.month,
               "user_id": claim.user_id, "credits": {k: str(v) for k, v in after.credits.items()}}))


def decide(staff_id: str, number: int, approve: bool, reason: object = None) -> Claim:
    """Approve (pay the report's entitlement) or refuse (with a reason) a pending claim, once."""
    claim = store.get(number)
    if claim is None:
        raise NotFound("There is no SLA claim on this ticket.")
    why = checks.check_reason(reason)
    if not approve and not why:
        raise InvalidInput("Say why the claim is refused; the customer reads it.", fields={"reason": "required"})
    if claim.status is not ClaimStatus.PENDING:
        if claim.status is ClaimStatus.APPROVED:
            settle(claim)  # finish a payment a crash may have interrupted; still refused as a second decision
        raise Conflict(FINAL.format(status=claim.status.value))
    decided = approve_claim(staff_id, claim, why) if approve else _refuse(staff_id, claim, why or "")
    logger.info("sla claim decided", extra={"ticket": number, "staff_id": staff_id, "status": decided.status.value})
    metrics.add_metric(name="SlaClaimsDecided", unit="Count", value=1)
    return decided


def _refuse(staff_id: str, claim: Claim, why: str) -> Claim:
    now = clock.now()
    after = _decided(claim, ClaimStatus.REFUSED, staff_id, now, why, {})
    if not store.write([store.decide_action(claim, after), reports_store.decided_action(claim.month, now.isoformat(),
                                                                                          claim.number),
                        _record(claim, after, staff_id, Action.SLA_CLAIM_REFUSED)]):
        raise Conflict("This claim was decided by someone else a moment ago; reload it.")
    return after


def approve_claim(staff_id: str, claim: Claim, note: str | None) -> Claim:
    report = reports.month_report(claim.month)
    if report is None:
        raise Conflict(NO_REPORT.format(month=claim.month))
    entitlement = reports.entitlement(report, claim.user_id)
    due = credits_to_pay(claim.evidence.components, entitlement.as_map() if entitlement else {})
    if not due:
        raise Conflict(NOTHING_DUE.format(month=claim.month))
    now = clock.now()
    after = _decided(claim, ClaimStatus.APPROVED, staff_id, now, note, {c.value: a for c, a in due.items()})
    (first, amount), rest = next(iter(due.items())), list(due.items())[1:]

    def decision(entry: LedgerEntry) -> list[dict[str, Any]]:
        return [store.decide_action(claim, after), reports_store.decided_action(claim.month, now.isoformat(),
                                                                                claim.number),
                reports_store.report_version_check(claim.month, report.version),
                _record(claim, after, staff_id, Action.SLA_CLAIM_APPROVED)]

    try:
        _credit(claim, first, amount, staff_id, decision)
    except ledger_store.ExtraActionFailed as exc:
        if exc.index == 2:
            raise Conflict(f"The report for {claim.month} changed while you decided; reload the claim.") from None
        raise Conflict("This claim was decided by someone else a moment ago; reload it.") from None
    except AlreadyApplied:  # a concurrent approval committed first (its credit is this one's entry id)
        raise Conflict("This claim was decided by someone else a moment ago; reload it.") from None
    for component, value in rest:
        _pay_once(claim, component, value, staff_id)
    return after


def _credit(claim: Claim, component: Component, amount: Decimal, staff_id: str | None,
            extra: ledger.ExtraActions | None = None) -> LedgerEntry:
    return ledger.move(claim.user_id, amount, EntryKind.SERVICE_CREDIT, credit_entry_id(claim.month, component),
                       reference=f"SLA claim #{claim.number} ({claim.month}, {component.value})", staff_id=staff_id,
                       reason=f"service credit for {claim.month}", extra=extra)


def _pay_once(claim: Claim, component: Component, amount: Decimal, staff_id: str | None) -> bool:
    """Pay one component unless it was paid: True if this call paid it."""
    try:
        _credit(claim, component, amount, staff_id)
    except AlreadyApplied:
        return False
    return True


# How long after its approval an interrupted payment is still finished. The ledger entry's id
# makes a credit once only while the entry exists; the retention purge removes ledger entries
# after six years, so an old approved claim must never be "settled" again. A crash between the
# decision and a second credit is found by the next daily check, well within this window.
SETTLE_WITHIN = timedelta(days=30)


def settle(claim: Claim) -> int:
    """Pay any credit of an approved claim that is not in the ledger yet; how many were paid now.
    Only within SETTLE_WITHIN of the approval."""
    if claim.status is not ClaimStatus.APPROVED or claim.decided_at is None:
        return 0
    if clock.now() - claim.decided_at > SETTLE_WITHIN:
        return 0
    paid = 0
    for name, amount in claim.credits.items():
        component = Component(name)
        if not ledger_store.has_entry(claim.user_id, credit_entry_id(claim.month, component)):
            paid += _pay_once(claim, component, amount, claim.decided_by)
    return paid


def check_overdue() -> dict[str, Any]:
    """The daily check: alert on pending claims past their decision deadline (a metric and an
    error log per claim, like the other alerts), and finish any interrupted approval's payment."""
    now = clock.now()
    overdue = [c for c in store.pending() if is_overdue(c, now)]
    for claim in overdue:
        logger.error("sla claim overdue", extra={"ticket": claim.number, "month": claim.month,
                                                 "deadline": claim.decision_deadline.isoformat()})
        staff_alerts.raise_alert(alert_rules.sla_claim_overdue(display_number(claim.number), claim.number,
                                                               claim.month, claim.decision_deadline))
    metrics.add_metric(name=SLA_CLAIMS_OVERDUE, unit="Count", value=len(overdue))
    settled = sum(settle(c) for c in store.finished())
    logger.info("sla claims checked", extra={"overdue": len(overdue), "settled": settled})
    return {"overdue": [c.number for c in overdue], "settled": settled}
