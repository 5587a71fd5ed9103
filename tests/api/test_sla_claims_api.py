"""SLA claims through the HTTP API (S11-S13): the claim form, filing, the customer's view on the
ticket, the staff queue and decision, the credit landing once as service credit on the balance,
and refusals that change nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.domain.sla_report import Entitlement, MonthReport
from chalicelib.services.sla import reports
from tests.support.accounts import sign_in_customer, sign_in_staff

MONTH = "2026-11"
IN_WINDOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
CLAIM = {"month": MONTH, "periods": [{"start": "2026-11-03T10:00:00Z", "end": "2026-11-03T11:00:00Z"}],
         "monitor": "UptimeRobot", "monitor_log": "Nov 3 10:00 down; 11:00 up"}


@pytest.fixture
def in_window(clock, fresh_table):
    clock.at = IN_WINDOW
    return clock


def _save_report(user_id: str, availability: str = "1.20", first_response: str = "0.00") -> None:
    report = MonthReport(MONTH, 43200, 60, "99.861", (), (), IN_WINDOW)
    total = Decimal(availability) + Decimal(first_response)
    reports.save_month_report(report, [Entitlement(user_id, Decimal(availability), Decimal(first_response), total,
                                                   Decimal("40.00"), 10, "paid")], 0)


def _count(client, path: str, key: str) -> int:
    return len(client.get(path).data[key])


@pytest.mark.promise("S12", "S13")
def test_file_a_claim_staff_approve_and_the_credit_lands_once_as_service_credit(client, new_client,
                                                                                   in_window) -> None:
    user_id = sign_in_customer(client, "5.00")
    form = client.get("/tickets/claims/form").data
    assert form["month"] == MONTH and form["subject"] == "SLA Compensation Request" and form["open_now"]
    filed = client.post("/tickets/claims", CLAIM)
    assert filed.status_code == 201, filed.data
    number = filed.data["ticket"]["number"]
    assert filed.data["ticket"]["subject"] == "SLA Compensation Request"
    assert filed.data["claim"]["status"] == "pending"
    assert filed.data["claim"]["decision_deadline"].startswith("2026-12-21T17:00")
    seen = client.get(f"/tickets/{number}/claim").data
    assert seen["claim"]["status"] == "pending" and seen["report"] is None

    staff = new_client()
    sign_in_staff(staff, in_window, Role.SUPPORT)
    queue = staff.get("/staff/sla/claims").data["claims"]
    assert [(e["claim"]["number"], e["overdue"], e["days_left"]) for e in queue] == [(number, False, 14)]
    early = staff.post(f"/staff/sla/claims/{number}/decision", {"decision": "approve"})
    assert early.status_code == 409 and "no report for 2026-11 yet" in early.data["error"]

    _save_report(user_id)
    detail = staff.get(f"/staff/sla/claims/{number}").data
    assert detail["view"]["report"]["availability_percent"] == "99.861"
    assert detail["view"]["entitlement"]["availability"] == "1.20"
    approved = staff.post(f"/staff/sla/claims/{number}/decision", {"decision": "approve", "amount": "9.99"})
    assert approved.status_code == 400   # staff cannot type an amount
    approved = staff.post(f"/staff/sla/claims/{number}/decision", {"decision": "approve"})
    assert approved.status_code == 200, approved.data
    assert approved.data["view"]["claim"]["status"] == "approved"
    assert approved.data["view"]["claim"]["credits"] == {"availability": "1.20"}
    again = staff.post(f"/staff/sla/claims/{number}/decision", {"decision": "refuse", "reason": "no"})
    assert again.status_code == 409 and "final" in again.data["error"]

    balance = client.get("/balance").data
    assert [Decimal(balance[k]) for k in ("balance", "non_withdrawable", "withdrawable")] == [
        Decimal("6.20"), Decimal("1.20"), Decimal("5.00")]
    credits = [e for e in balance["ledger"] if e["kind"] == "service_credit"]
    assert [(e["id"], Decimal(e["amount"])) for e in credits] == [("sla#2026-11#availability", Decimal("1.20"))]
    mine = client.get(f"/tickets/{number}/claim").data
    assert mine["claim"]["status"] == "approved" and mine["entitlement"]["total"] == "1.20"
    assert reports.sla_month_decided(MONTH)


@pytest.mark.promise("S12")
def test_a_late_claim_is_recorded_void_and_the_customer_sees_why(client, clock, fresh_table) -> None:
    clock.at = datetime(2026, 12, 2, 0, 0, 1, tzinfo=UTC)
    sign_in_customer(client)
    filed = client.post("/tickets/claims", CLAIM)
    assert filed.status_code == 201
    assert filed.data["claim"]["status"] == "void" and filed.data["claim"]["reason"].startswith("late")


@pytest.mark.promise("S12", "P5")
def test_another_accounts_ticket_numbers_are_refused_and_nothing_is_stored(client, new_client, in_window) -> None:
    other = new_client()
    sign_in_customer(other)
    foreign = other.post("/tickets", {"subject": "Help", "category": "other", "message": "Slow answers."})
    assert foreign.status_code == 201
    sign_in_customer(client)
    refused = client.post("/tickets/claims", {"month": MONTH, "ticket_numbers": [foreign.data["ticket"]["number"]]})
    assert refused.status_code == 400 and "not one of your tickets" in refused.data["error"]
    assert _count(client, "/tickets", "tickets") == 0
    # Nor can anyone read another account's claim.
    own = other.post("/tickets/claims", CLAIM).data["ticket"]["number"]
    assert client.get(f"/tickets/{own}/claim").status_code == 404


@pytest.mark.parametrize("body", [
    {**CLAIM, "month": "2026-13"},
    {**CLAIM, "month": "2026-12"},                                             # not ended yet
    {**CLAIM, "periods": [{"start": "yesterday", "end": "2026-11-03T11:00:00Z"}]},
    {**CLAIM, "periods": [{"start": "2026-11-03T10:00:00", "end": "2026-11-03T11:00:00"}]},   # no zone
    {**CLAIM, "ticket_numbers": ["1"]},
    {**CLAIM, "unknown": 1},
    {**CLAIM, "monitor_log": "x" * 8001},
])
def test_bad_claims_get_a_clear_400_and_change_nothing(client, in_window, body) -> None:
    sign_in_customer(client)
    refused = client.post("/tickets/claims", body)
    assert refused.status_code == 400 and refused.data["error"]
    assert _count(client, "/tickets", "tickets") == 0


def test_the_claim_subject_on_a_plain_ticket_points_to_the_claim_form(client, in_window) -> None:
    sign_in_customer(client)
    refused = client.post("/tickets", {"subject": "SLA Compensation Request", "category": "other",
                                       "message": "Please pay."})
    assert refused.status_code == 400 and "claim form" in refused.data["error"]
    assert _count(client, "/tickets", "tickets") == 0


@pytest.mark.promise("S13")
def test_refusing_needs_a_reason_and_customers_cannot_decide(client, new_client, in_window) -> None:
    sign_in_customer(client)
    number = client.post("/tickets/claims", CLAIM).data["ticket"]["number"]
    assert client.post(f"/staff/sla/claims/{number}/decision", {"decision": "approve"}).status_code == 403
    staff = new_client()
    sign_in_staff(staff, in_window, Role.SUPPORT)
    no_reason = staff.post(f"/staff/sla/claims/{number}/decision", {"decision": "refuse"})
    assert no_reason.status_code == 400 and no_reason.data["fields"] == {"reason": "required"}
    assert staff.post(f"/staff/sla/claims/{number}/decision", {"decision": "maybe"}).status_code == 400
    assert client.get(f"/tickets/{number}/claim").data["claim"]["status"] == "pending"
    refused = staff.post(f"/staff/sla/claims/{number}/decision",
                         {"decision": "refuse", "reason": "Our monitors saw the site up all month."})
    assert refused.status_code == 200
    mine = client.get(f"/tickets/{number}/claim").data["claim"]
    assert (mine["status"], mine["reason"]) == ("refused", "Our monitors saw the site up all month.")
    assert staff.get("/staff/sla/claims/999999").status_code == 404


@pytest.mark.promise("S13")
def test_a_payout_is_capped_at_the_withdrawable_part_and_the_admin_sees_it(client, new_client, clock) -> None:
    import secrets

    from chalicelib.domain.ledger import EntryKind
    from chalicelib.services import ledger

    user_id = sign_in_customer(client, "4.00")
    ledger.move(user_id, Decimal("2.50"), EntryKind.SERVICE_CREDIT, f"sla#2026-11#{secrets.token_hex(3)}", "test")
    admin = new_client()
    sign_in_staff(admin, clock, Role.ADMIN)
    detail = admin.get(f"/admin/users/{user_id}").data
    assert (Decimal(detail["balance"]), Decimal(detail["withdrawable"])) == (Decimal("6.50"), Decimal("4.00"))
    too_much = admin.post(f"/admin/users/{user_id}/payouts", {"amount": "4.01", "reference": "BANK-1"},
                          headers={"Idempotency-Key": "po-1"})
    assert too_much.status_code == 400 and "At most 4.00 USD" in too_much.data["error"]
    assert Decimal(client.get("/balance").data["balance"]) == Decimal("6.50")
    assert admin.post(f"/admin/users/{user_id}/payouts", {"amount": "4.00"},
                      headers={"Idempotency-Key": "po-2"}).status_code == 400   # no reference
    no_key = admin.post(f"/admin/users/{user_id}/payouts", {"amount": "4.00", "reference": "BANK-2"})
    assert no_key.status_code == 400 and "Idempotency-Key" in no_key.data["error"]
    paid = admin.post(f"/admin/users/{user_id}/payouts", {"amount": "4.00", "reference": "BANK-2"},
                      headers={"Idempotency-Key": "po-3"})
    assert paid.status_code == 201, paid.data
    again = admin.post(f"/admin/users/{user_id}/payouts", {"amount": "4.00", "reference": "BANK-2"},
                       headers={"Idempotency-Key": "po-3"})   # a double click: the same payout, once
    assert again.status_code == 201 and again.data["entry"] == paid.data["entry"]
    other = admin.post(f"/admin/users/{user_id}/payouts", {"amount": "1.00", "reference": "BANK-2"},
                       headers={"Idempotency-Key": "po-3"})
    assert other.status_code == 409
    assert (Decimal(paid.data["balance"]), Decimal(paid.data["non_withdrawable"])) == (Decimal("2.50"),
                                                                                       Decimal("2.50"))
    assert client.post(f"/admin/users/{user_id}/payouts", {"amount": "1", "reference": "x"}).status_code == 403
