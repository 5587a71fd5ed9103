"""Customers file SLA compensation claims (S12) and read theirs.

A claim is a ticket with the subject "SLA Compensation Request" and a claim item born in the
ticket's own transaction. Malformed input (unreadable times, a month not yet ended, tickets that
are not the claimant's) is refused and nothing is stored; a late, incomplete or second claim for
the month is stored void with its reason, so the customer sees why it will not be decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.errors import InvalidInput, NotFound
from chalicelib.domain.numbers import checked_month
from chalicelib.domain.sla_claims import (
    CLAIM_SUBJECT,
    Claim,
    ClaimStatus,
    Evidence,
    Period,
    decision_deadline,
    describe,
    filing_window,
    has_ended,
    parse_moment,
    previous_month,
    status_at_filing,
)
from chalicelib.domain.sla_report import Entitlement, MonthReport
from chalicelib.domain.tickets import checks
from chalicelib.domain.tickets.model import Message, Ticket
from chalicelib.observability import logger, metrics
from chalicelib.services import clock
from chalicelib.services.sla import reports
from chalicelib.services.tickets import customer as tickets
from chalicelib.store import sla_claims as store
from chalicelib.store import tickets as tickets_store

NOT_ENDED = "You can claim for {month} once it has ended; claims are filed within 24 hours after the month ends."


@dataclass(frozen=True)
class ClaimForm:
    """What the claim form offers now: the month just ended and its filing window."""

    month: str
    subject: str
    opens_at: Any
    closes_at: Any
    open_now: bool


def form() -> ClaimForm:
    now = clock.now()
    month = previous_month(now)
    opens, closes = filing_window(month)
    return ClaimForm(month, CLAIM_SUBJECT, opens, closes, opens <= now < closes)


def _periods(raw: list[tuple[str, str]]) -> tuple[Period, ...]:
    return tuple(Period(parse_moment(start, "periods.start"), parse_moment(end, "periods.end")) for start, end in raw)


def _own_tickets(user_id: str, numbers: list[int]) -> tuple[int, ...]:
    found = tuple(dict.fromkeys(checks.check_id(n, "a ticket number", "ticket_numbers") for n in numbers))
    for number in found:
        ticket = tickets_store.get(number)
        if ticket is None or ticket.user_id != user_id:  # someone else's is refused like a missing one (O5)
            raise InvalidInput(f"Ticket #{number} is not one of your tickets.", fields={"ticket_numbers": "unknown"})
    return found


def file_claim(user_id: str, month: object, periods: list[tuple[str, str]], monitor: str, monitor_log: str,
               ticket_numbers: list[int], note: str, attachment_keys: list[str] | None = None
               ) -> tuple[Ticket, list[Message], Claim]:
    """Open the claim's ticket and store the claim with it, in one transaction (S12)."""
    clean_month = checked_month(month)
    now = clock.now()
    if not has_ended(clean_month, now):
        raise InvalidInput(NOT_ENDED.format(month=clean_month), fields={"month": "not_ended"})
    evidence = Evidence(periods=_periods(periods), monitor=" ".join(monitor.split()), monitor_log=monitor_log,
                        ticket_numbers=_own_tickets(user_id, ticket_numbers))
    made: list[Claim] = []

    def claim_of(ticket: Ticket, duplicate: bool) -> list[dict[str, Any]]:
        full = Evidence(evidence.periods, evidence.monitor, evidence.monitor_log, len(ticket.attachments),
                        evidence.ticket_numbers)
        status, reason = status_at_filing(clean_month, ticket.created_at, full, duplicate=duplicate)
        claim = Claim(ticket.number, user_id, clean_month, full, ticket.created_at, status, reason,
                      decision_deadline(ticket.created_at))
        made[:] = [claim]
        return store.insert_actions(claim)

    body = describe(evidence, clean_month, note)
    duplicate = store.slot_taken(clean_month, user_id)
    try:
        ticket, messages = tickets.open_ticket(user_id, CLAIM_SUBJECT, "other", body, None, None, attachment_keys,
                                               also=lambda t: claim_of(t, duplicate))
    except tickets_store.AlsoRefused:  # another claim of the month took the slot a moment ago
        ticket, messages = tickets.open_ticket(user_id, CLAIM_SUBJECT, "other", body, None, None, attachment_keys,
                                               also=lambda t: claim_of(t, True))
    claim = made[0]
    metrics.add_metric(name="SlaClaimsFiled", unit="Count", value=1)
    logger.info("sla claim filed", extra={"ticket": claim.number, "user_id": user_id, "month": clean_month,
                                          "status": claim.status.value, "reason": claim.reason})
    return ticket, messages, claim


@dataclass(frozen=True)
class ClaimView:
    """A claim with the numbers it is decided from: the month's report and the account's entitlement."""

    claim: Claim
    report: MonthReport | None
    entitlement: Entitlement | None


def view_of(claim: Claim) -> ClaimView:
    report = reports.month_report(claim.month)
    return ClaimView(claim, report, reports.entitlement(report, claim.user_id) if report else None)


def claim_of_ticket(user_id: str, number: int) -> ClaimView:
    """The caller's own claim on one of their tickets; anyone else's is "not found"."""
    claim = store.get(number)
    if claim is None or claim.user_id != user_id:
        raise NotFound("This ticket is not an SLA claim of yours.")
    return view_of(claim)


def claims_of(user_id: str) -> list[Claim]:
    return store.of_user(user_id)


def is_pending(claim: Claim) -> bool:
    return claim.status is ClaimStatus.PENDING
