"""The pure rules of SLA claims (S12, S13): the filing window, evidence, the decision deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.sla_claims import (
    VOID_DUPLICATE,
    VOID_LATE,
    Claim,
    ClaimStatus,
    Component,
    Evidence,
    Period,
    business_days_left,
    credit_entry_id,
    credits_to_pay,
    decision_deadline,
    evidence_problems,
    filing_window,
    has_ended,
    is_overdue,
    month_end,
    on_time,
    parse_moment,
    previous_month,
    status_at_filing,
)
from chalicelib.domain.sla_report import Entitlement, check_entitlement

DEC_1 = datetime(2026, 12, 1, tzinfo=UTC)
DOWNTIME = Evidence(periods=(Period(datetime(2026, 11, 3, 10, tzinfo=UTC), datetime(2026, 11, 3, 11, tzinfo=UTC)),),
                    monitor="UptimeRobot", monitor_log="down 10:00, up 11:00")
TICKETS = Evidence(ticket_numbers=(12, 13))


def test_a_month_ends_at_midnight_utc_of_the_next_months_first_day() -> None:
    assert month_end("2026-11") == DEC_1
    assert month_end("2026-12") == datetime(2027, 1, 1, tzinfo=UTC)
    assert month_end("2024-02") == datetime(2024, 3, 1, tzinfo=UTC)


@pytest.mark.promise("S12")
def test_the_filing_window_is_the_24_hours_after_the_month_with_exact_boundaries() -> None:
    assert filing_window("2026-11") == (DEC_1, DEC_1 + timedelta(hours=24))
    assert on_time("2026-11", DEC_1)                                           # the first instant counts
    assert on_time("2026-11", DEC_1 + timedelta(hours=24) - timedelta(microseconds=1))
    assert not on_time("2026-11", DEC_1 + timedelta(hours=24))                 # 00:00 on the 2nd is late
    assert not on_time("2026-11", DEC_1 - timedelta(microseconds=1))           # before the month ended


def test_the_month_a_claim_can_be_on_time_for_is_the_one_just_ended() -> None:
    assert previous_month(DEC_1 + timedelta(hours=3)) == "2026-11"
    assert previous_month(datetime(2027, 1, 1, 5, tzinfo=UTC)) == "2026-12"
    assert not has_ended("2026-12", DEC_1) and has_ended("2026-11", DEC_1)


@pytest.mark.promise("S12")
def test_downtime_evidence_needs_times_a_named_monitor_and_its_logs() -> None:
    assert evidence_problems(DOWNTIME, "2026-11") == []
    no_logs = Evidence(periods=DOWNTIME.periods, monitor="UptimeRobot")
    assert any("logs" in p for p in evidence_problems(no_logs, "2026-11"))
    with_file = Evidence(periods=DOWNTIME.periods, monitor="UptimeRobot", log_files=1)
    assert evidence_problems(with_file, "2026-11") == []
    no_times = Evidence(monitor="UptimeRobot", monitor_log="down")
    assert any("start and end" in p for p in evidence_problems(no_times, "2026-11"))
    unnamed = Evidence(periods=DOWNTIME.periods, monitor_log="down")
    assert any("not named" in p for p in evidence_problems(unnamed, "2026-11"))


def test_a_downtime_period_must_run_forward_inside_the_claimed_month() -> None:
    start = datetime(2026, 11, 3, 10, tzinfo=UTC)
    backwards = Evidence(periods=(Period(start, start - timedelta(minutes=5)),), monitor="M", monitor_log="x")
    assert any("ends before" in p for p in evidence_problems(backwards, "2026-11"))
    outside = Evidence(periods=(Period(DEC_1 - timedelta(minutes=5), DEC_1 + timedelta(minutes=5)),),
                       monitor="M", monitor_log="x")
    assert any("outside" in p for p in evidence_problems(outside, "2026-11"))


def test_ticket_numbers_alone_are_complete_evidence_and_nothing_is_not() -> None:
    assert evidence_problems(TICKETS, "2026-11") == []
    assert evidence_problems(Evidence(), "2026-11") != []
    assert TICKETS.components == (Component.FIRST_RESPONSE,)
    assert DOWNTIME.components == (Component.AVAILABILITY,)


@pytest.mark.promise("S12")
def test_late_incomplete_and_second_claims_are_void_with_their_reason() -> None:
    assert status_at_filing("2026-11", DEC_1 + timedelta(hours=1), TICKETS, duplicate=False) == (
        ClaimStatus.PENDING, None)
    assert status_at_filing("2026-11", DEC_1 + timedelta(hours=24), TICKETS, duplicate=False) == (
        ClaimStatus.VOID, VOID_LATE)
    status, reason = status_at_filing("2026-11", DEC_1, Evidence(), duplicate=False)
    assert status is ClaimStatus.VOID and reason is not None and reason.startswith("incomplete")
    assert status_at_filing("2026-11", DEC_1, TICKETS, duplicate=True) == (ClaimStatus.VOID, VOID_DUPLICATE)


@pytest.mark.promise("S13")
def test_the_decision_deadline_is_14_business_days_after_filing_skipping_weekends_and_bank_holidays() -> None:
    # Filed Tuesday 1 Dec 2026: 14 business days later, with Christmas (Fri 25) and the Boxing Day
    # holiday (observed Monday 28) skipped, is Monday 21 Dec... counted: 2-4, 7-11, 14-18, 21 = 14.
    assert decision_deadline(DEC_1 + timedelta(hours=2)) == datetime(2026, 12, 21, 17, tzinfo=UTC)
    # Filed Friday 18 Dec 2026: 21-24 (4), 25 and 28 are holidays, 29-31 (3), 1 Jan is a holiday,
    # 4-8 Jan (5), 11-12 Jan (2) = 14.
    assert decision_deadline(datetime(2026, 12, 18, 9, tzinfo=UTC)) == datetime(2027, 1, 12, 17, tzinfo=UTC)
    # A filing on Saturday 5 Dec counts from Monday 7: 7-11, 14-18, 21-24 = 14.
    assert decision_deadline(datetime(2026, 12, 5, 9, tzinfo=UTC)) == datetime(2026, 12, 24, 17, tzinfo=UTC)


@pytest.mark.promise("S13")
def test_a_pending_claim_is_overdue_only_after_its_deadline() -> None:
    deadline = datetime(2026, 12, 21, 17, tzinfo=UTC)
    claim = Claim(1, "u", "2026-11", TICKETS, DEC_1, ClaimStatus.PENDING, None, deadline)
    assert not is_overdue(claim, deadline)
    assert is_overdue(claim, deadline + timedelta(seconds=1))
    decided = Claim(1, "u", "2026-11", TICKETS, DEC_1, ClaimStatus.REFUSED, "no", deadline)
    assert not is_overdue(decided, deadline + timedelta(days=30))


def test_business_days_left_count_down_to_the_deadline_and_below_zero_after() -> None:
    deadline = datetime(2026, 12, 21, 17, tzinfo=UTC)   # a Monday
    assert business_days_left(deadline, date(2026, 12, 21)) == 0
    assert business_days_left(deadline, date(2026, 12, 18)) == 1    # Friday: only Monday left
    assert business_days_left(deadline, date(2026, 12, 1)) == 14
    assert business_days_left(deadline, date(2026, 12, 22)) == -1
    assert business_days_left(deadline, date(2026, 12, 30)) == -5   # 22, 23, 24, 29, 30 (25 and 28 off)


def test_only_the_evidenced_positive_credits_are_paid_each_with_its_own_entry_id() -> None:
    entitlement = {Component.AVAILABILITY: Decimal("1.20"), Component.FIRST_RESPONSE: Decimal("1.00")}
    assert credits_to_pay((Component.FIRST_RESPONSE,), entitlement) == {Component.FIRST_RESPONSE: Decimal("1.00")}
    assert credits_to_pay((Component.AVAILABILITY,), {Component.AVAILABILITY: Decimal("0.00")}) == {}
    assert credit_entry_id("2026-11", Component.AVAILABILITY) == "sla#2026-11#availability"
    assert credit_entry_id("2026-11", Component.FIRST_RESPONSE) == "sla#2026-11#first_response"


def test_a_time_needs_its_zone() -> None:
    assert parse_moment("2026-11-03T10:05:00Z", "f") == datetime(2026, 11, 3, 10, 5, tzinfo=UTC)
    for bad in ("2026-11-03T10:05:00", "yesterday", "2026-13-03T10:05:00Z", "\uff12\uff10\uff12\uff16-11-03T10:05:00Z"):
        with pytest.raises(InvalidInput):
            parse_moment(bad, "f")


def test_a_stored_entitlement_adds_up_with_two_decimals() -> None:
    check_entitlement(Entitlement("u", Decimal("1.20"), Decimal("1.00"), Decimal("2.20"), Decimal("40"), 10, "paid"))
    with pytest.raises(ValueError):
        check_entitlement(Entitlement("u", Decimal("1.20"), Decimal("1"), Decimal("2.00"), Decimal("40"), 10, "paid"))
    with pytest.raises(ValueError):
        check_entitlement(Entitlement("u", Decimal("1.205"), Decimal("0"), Decimal("1.205"), Decimal("40"), 0, "paid"))
