"""The monthly report feeds the claims, end to end through the HTTP API (S3, S4, S5, S11, S13): the
scheduled function computes November from the stored monitoring, top-ups and tickets; a customer
files a claim; staff approve; the credit lands once; running the function again changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.jobs import schedules
from chalicelib.services.sla import reports
from tests.support import sla_month as seed
from tests.support.accounts import email_of, sign_in_customer, sign_in_staff

RUN_AT = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)
IN_WINDOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@pytest.mark.promise("S3", "S4", "S5", "S11", "S13")
def test_the_monthly_report_pays_a_claim_once_and_a_second_run_changes_nothing(client, new_client, clock,
                                                                              fresh_table, ack_off) -> None:
    clock.at = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    user_id = sign_in_customer(client, "5.00")
    seed.seed_monitoring(clock)
    seed.top_up(user_id, "120.00", datetime(2026, 11, 4, tzinfo=UTC), bonus="6.00")   # the bonus never counts
    late = seed.breaches(clock, [user_id])
    clock.at = RUN_AT
    assert schedules.sla_month_report()["outcome"] == "saved"

    clock.at = IN_WINDOW
    client.login(email_of(user_id))   # a month later: sign in again
    filed = client.post("/tickets/claims", {
        "month": seed.MONTH, "periods": [{"start": "2026-11-03T10:00:00Z", "end": "2026-11-03T21:00:00Z"}],
        "monitor": "UptimeRobot", "monitor_log": "Nov 3 10:00 down; 21:00 up", "ticket_numbers": late})
    assert filed.status_code == 201, filed.data
    number = filed.data["ticket"]["number"]

    staff = new_client()
    sign_in_staff(staff, clock, Role.SUPPORT)
    detail = staff.get(f"/staff/sla/claims/{number}").data
    assert detail["view"]["report"]["availability_percent"] == "98.472"
    assert (detail["view"]["entitlement"]["availability"], detail["view"]["entitlement"]["first_response"]) == (
        "1.20", "1.00")
    approved = staff.post(f"/staff/sla/claims/{number}/decision", {"decision": "approve"})
    assert approved.status_code == 200, approved.data
    assert approved.data["view"]["claim"]["credits"] == {"availability": "1.20", "first_response": "1.00"}

    assert schedules.sla_month_report()["outcome"] == "decided"   # the numbers a decision read stay
    report = reports.month_report(seed.MONTH)
    assert report is not None and report.version == 1
    again = staff.post(f"/staff/sla/claims/{number}/decision", {"decision": "approve"})
    assert again.status_code == 409
    balance = client.get("/balance").data
    credits = sorted((e["id"], Decimal(e["amount"])) for e in balance["ledger"] if e["kind"] == "service_credit")
    assert credits == [("sla#2026-11#availability", Decimal("1.20")), ("sla#2026-11#first_response", Decimal("1.00"))]
    assert Decimal(balance["balance"]) == Decimal("7.20") and Decimal(balance["withdrawable"]) == Decimal("5.00")
