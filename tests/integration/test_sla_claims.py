"""SLA claims on DynamoDB Local (S11-S13): filing on time, late or incomplete, the month report's
store, the final decision and the service credit it pays exactly once, even under concurrency."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.ledger import EntryKind
from chalicelib.domain.sla_claims import CLAIM_SUBJECT, ClaimStatus
from chalicelib.domain.sla_report import DowntimeRun, Entitlement, MonthReport
from chalicelib.services import audit_log, staff_alerts
from chalicelib.services.sla import claims, decisions, reports
from chalicelib.services.tickets import customer as customer_tickets
from tests.support.accounts import customer, new_staff
from tests.support.ledger import balance, kinds

MONTH = "2026-11"
IN_WINDOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
PERIOD = [("2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z")]


@pytest.fixture
def in_window(clock, fresh_table):
    """Inside the filing window of MONTH, on a table of its own (a month's report and decided
    flag are shared by every account)."""
    clock.at = IN_WINDOW
    return clock


def _report(version: int = 0, **credits: tuple[str, str]) -> MonthReport:
    """Save a report for MONTH whose entitlements are `user_id=(availability, first_response)`."""
    report = MonthReport(MONTH, 43200, 60, "99.861", (DowntimeRun(datetime(2026, 11, 3, 10, tzinfo=UTC),
                                                                  datetime(2026, 11, 3, 11, tzinfo=UTC), 60),),
                         (), IN_WINDOW)
    entitlements = [Entitlement(user_id, Decimal(a), Decimal(f), Decimal(a) + Decimal(f), Decimal("100.00"), 10,
                                "paid") for user_id, (a, f) in credits.items()]
    return reports.save_month_report(report, entitlements, version)


def _downtime_claim(user_id: str, **changes: object):
    fields: dict[str, object] = {"periods": PERIOD, "monitor": "UptimeRobot", "monitor_log": "10:00 down, 11:00 up",
                                 "ticket_numbers": [], "note": ""}
    fields.update(changes)
    return claims.file_claim(user_id, MONTH, **fields)  # type: ignore[arg-type]


def _ticket_of(user_id: str) -> int:
    ticket, _ = customer_tickets.open_ticket(user_id, "Slow answer", "other", "Nobody answered for weeks.")
    return ticket.number


@pytest.mark.promise("S12")
def test_a_claim_filed_in_the_window_is_a_pending_ticket_with_the_exact_subject(in_window) -> None:
    user_id = customer()
    ticket, messages, claim = _downtime_claim(user_id)
    assert ticket.subject == CLAIM_SUBJECT
    assert "UptimeRobot" in messages[0].body and "2026-11-03 10:00" in messages[0].body
    assert claim.status is ClaimStatus.PENDING and claim.reason is None
    assert claim.number == ticket.number and claim.filed_at == IN_WINDOW
    assert claim.decision_deadline == datetime(2026, 12, 21, 17, tzinfo=UTC)
    assert claims.claim_of_ticket(user_id, ticket.number).claim == claim


@pytest.mark.promise("S12")
def test_a_late_claim_is_recorded_void(clock) -> None:
    clock.at = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
    _, _, claim = _downtime_claim(customer())
    assert claim.status is ClaimStatus.VOID and claim.reason is not None and claim.reason.startswith("late")


@pytest.mark.promise("S12")
def test_an_incomplete_claim_is_recorded_void_with_what_is_missing(in_window) -> None:
    _, _, claim = _downtime_claim(customer(), monitor_log="")
    assert claim.status is ClaimStatus.VOID and claim.reason is not None and "logs" in claim.reason


@pytest.mark.promise("S12")
def test_a_second_claim_for_the_month_is_void_as_duplicate_and_the_first_stays(in_window) -> None:
    user_id = customer()
    _, _, first = _downtime_claim(user_id)
    _, _, second = _downtime_claim(user_id)
    assert second.status is ClaimStatus.VOID and second.reason is not None and second.reason.startswith("duplicate")
    assert claims.claim_of_ticket(user_id, first.number).claim.status is ClaimStatus.PENDING


@pytest.mark.promise("S12")
def test_two_claims_filed_at_once_leave_exactly_one_pending(in_window) -> None:
    user_id = customer()
    results: list[ClaimStatus] = []

    def file() -> None:
        results.append(_downtime_claim(user_id)[2].status)

    threads = [threading.Thread(target=file) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count(ClaimStatus.PENDING) == 1 and len(results) == 4


@pytest.mark.promise("S12")
def test_another_accounts_ticket_numbers_are_refused_and_nothing_is_stored(in_window) -> None:
    user_id, other = customer(), customer()
    foreign = _ticket_of(other)
    with pytest.raises(InvalidInput, match="not one of your tickets"):
        claims.file_claim(user_id, MONTH, [], "", "", [foreign], "")
    assert customer_tickets.tickets_of(user_id) == [] and claims.claims_of(user_id) == []


def test_a_month_not_yet_ended_cannot_be_claimed(in_window) -> None:
    user_id = customer()
    with pytest.raises(InvalidInput, match="once it has ended"):
        claims.file_claim(user_id, "2026-12", PERIOD, "M", "log", [], "")
    assert claims.claims_of(user_id) == []


def test_a_plain_ticket_with_the_claim_subject_is_sent_to_the_claim_form(in_window) -> None:
    user_id = customer()
    with pytest.raises(InvalidInput, match="claim form"):
        customer_tickets.open_ticket(user_id, "SLA Compensation Request", "other", "Pay me.")
    assert customer_tickets.tickets_of(user_id) == []


@pytest.mark.promise("S13")
def test_approving_pays_the_reports_entitlement_once_as_service_credit(in_window) -> None:
    user_id, staff = customer("5.00"), new_staff()
    _, _, claim = _downtime_claim(user_id)
    _report(**{user_id: ("1.20", "1.00")})
    decided = decisions.decide(staff.user_id, claim.number, approve=True)
    assert decided.status is ClaimStatus.APPROVED and decided.credits == {"availability": Decimal("1.20")}
    assert balance(user_id) == Decimal("6.20")
    assert (EntryKind.SERVICE_CREDIT.value, Decimal("1.20")) in kinds(user_id) and len(kinds(user_id)) == 2
    with pytest.raises(Conflict, match="final"):
        decisions.decide(staff.user_id, claim.number, approve=True)
    with pytest.raises(Conflict, match="final"):
        decisions.decide(staff.user_id, claim.number, approve=False, reason="changed my mind")
    assert balance(user_id) == Decimal("6.20")
    records, _ = audit_log.subject_page(f"sla_claim:{claim.number}", 10, None)
    assert [r.action.value for r in records] == ["sla_claim.approved"]


@pytest.mark.promise("S11", "S13")
def test_a_first_response_claim_pays_the_one_dollar_credit(in_window) -> None:
    user_id, staff = customer(), new_staff()
    _, _, claim = claims.file_claim(user_id, MONTH, [], "", "", [_ticket_of(user_id)], "")
    _report(**{user_id: ("0.00", "1.00")})
    decisions.decide(staff.user_id, claim.number, approve=True)
    assert kinds(user_id) == [(EntryKind.SERVICE_CREDIT.value, Decimal("1.00"))]


@pytest.mark.promise("S13")
def test_concurrent_approvals_pay_exactly_once(in_window) -> None:
    user_id = customer()
    staff = [new_staff() for _ in range(4)]
    _, _, claim = claims.file_claim(user_id, MONTH, PERIOD, "UptimeRobot", "log", [_ticket_of(user_id)], "")
    _report(**{user_id: ("2.00", "1.00")})
    outcomes: list[str] = []

    def approve(staff_id: str) -> None:
        try:
            decisions.decide(staff_id, claim.number, approve=True)
            outcomes.append("approved")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=approve, args=(s.user_id,)) for s in staff]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "conflict", "conflict", "conflict"]
    assert sorted(kinds(user_id)) == [(EntryKind.SERVICE_CREDIT.value, Decimal("1.00")),
                                      (EntryKind.SERVICE_CREDIT.value, Decimal("2.00"))]
    assert balance(user_id) == Decimal("3.00")


@pytest.mark.promise("S13")
def test_refusing_is_final_needs_a_reason_and_pays_nothing(in_window) -> None:
    user_id, staff = customer(), new_staff()
    _, _, claim = _downtime_claim(user_id)
    _report(**{user_id: ("1.20", "0.00")})
    with pytest.raises(InvalidInput, match="why"):
        decisions.decide(staff.user_id, claim.number, approve=False)
    refused = decisions.decide(staff.user_id, claim.number, approve=False, reason="Our monitors saw no downtime.")
    assert refused.status is ClaimStatus.REFUSED and refused.reason == "Our monitors saw no downtime."
    with pytest.raises(Conflict):
        decisions.decide(staff.user_id, claim.number, approve=True)
    assert kinds(user_id) == []


@pytest.mark.promise("S13")
def test_approving_without_a_report_is_refused_with_a_clear_message(in_window) -> None:
    user_id, staff = customer(), new_staff()
    _, _, claim = _downtime_claim(user_id)
    with pytest.raises(Conflict, match="no report for 2026-11 yet"):
        decisions.decide(staff.user_id, claim.number, approve=True)
    assert claims.claim_of_ticket(user_id, claim.number).claim.status is ClaimStatus.PENDING
    assert not reports.sla_month_decided(MONTH)


def test_a_void_claim_cannot_be_decided(clock) -> None:
    clock.at = datetime(2026, 12, 3, tzinfo=UTC)
    user_id, staff = customer(), new_staff()
    _, _, claim = _downtime_claim(user_id)
    with pytest.raises(Conflict, match="void"):
        decisions.decide(staff.user_id, claim.number, approve=False, reason="late")


def test_a_report_is_versioned_and_can_be_recomputed_until_a_claim_is_decided(in_window) -> None:
    user_id, staff = customer(), new_staff()
    first = _report(**{user_id: ("1.00", "0.00")})
    assert first.version == 1
    with pytest.raises(Conflict, match="changed since"):
        _report(0, **{user_id: ("2.00", "0.00")})
    second = _report(1, **{user_id: ("2.00", "0.00")})
    stored = reports.month_report(MONTH)
    assert stored is not None and stored.version == 2 and stored.revision == second.revision
    entitlement = reports.entitlement(stored, user_id)
    assert entitlement is not None and entitlement.availability == Decimal("2.00")
    _, _, claim = _downtime_claim(user_id)
    decisions.decide(staff.user_id, claim.number, approve=False, reason="No downtime on our monitors.")
    assert reports.sla_month_decided(MONTH)
    with pytest.raises(Conflict, match="decided"):
        _report(2, **{user_id: ("3.00", "0.00")})
    after = reports.month_report(MONTH)
    assert after is not None and after.version == 2


def test_the_queue_puts_overdue_claims_first_and_the_daily_check_alerts(clock, fresh_table) -> None:
    clock.at = datetime(2026, 11, 1, 9, tzinfo=UTC)
    early = claims.file_claim(customer(), "2026-10", [("2026-10-03T10:00:00Z", "2026-10-03T11:00:00Z")],
                              "UptimeRobot", "log", [], "")[2]
    clock.at = IN_WINDOW
    later = _downtime_claim(customer())[2]
    clock.at = early.decision_deadline + timedelta(minutes=1)
    entries = decisions.queue()
    assert [e.claim.number for e in entries] == [early.number, later.number]
    assert entries[0].overdue and entries[0].days_left == 0 and not entries[1].overdue
    assert decisions.check_overdue()["overdue"] == [early.number]
    decisions.check_overdue()  # the next day's check: the claim was alerted once already
    assert [(a.alert.kind.value, a.alert.subject) for a in staff_alerts.recent()] == [
        ("sla_claim_overdue", str(early.number))]


@pytest.mark.promise("S13")
def test_an_interrupted_payment_is_finished_only_soon_after_the_approval(in_window) -> None:
    """The daily check pays a component a crash left unpaid, but never an old claim's: after six
    years the retention purge removes the ledger entry that made the credit once only."""
    user_id, staff = customer(), new_staff()
    _, _, claim = _downtime_claim(user_id)
    _report(**{user_id: ("1.20", "1.00")})
    decided = decisions.decide(staff.user_id, claim.number, approve=True)
    unpaid = dataclasses.replace(decided, credits={**decided.credits, "first_response": Decimal("1.00")})

    in_window.at = IN_WINDOW + decisions.SETTLE_WITHIN + timedelta(minutes=1)
    assert decisions.settle(unpaid) == 0
    assert kinds(user_id) == [(EntryKind.SERVICE_CREDIT.value, Decimal("1.20"))]

    in_window.at = IN_WINDOW + timedelta(days=1)
    assert decisions.settle(unpaid) == 1
    assert decisions.settle(unpaid) == 0
    assert sorted(kinds(user_id)) == [(EntryKind.SERVICE_CREDIT.value, Decimal("1.00")),
                                      (EntryKind.SERVICE_CREDIT.value, Decimal("1.20"))]
