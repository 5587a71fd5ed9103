"""The legal request register through the HTTP API: the `legal` role only (L11), bad input a 400
that changes nothing, the PDF upload checked, and a request taken from intake to acceptance with
the user's notice withheld and then sent (L10, L12)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from chalicelib.domain.accounts import Role
from tests.support.accounts import customer, email_of, sign_in_customer, sign_in_staff
from tests.support.legal import checklist

BASE = "/legal/requests"


@pytest.fixture
def legal(fresh_table, new_client, clock) -> Any:
    from datetime import UTC, datetime

    clock.at = datetime(2031, 5, 20, 12, tzinfo=UTC)
    client = new_client()
    sign_in_staff(client, clock, Role.LEGAL)
    return client


def upload(client: Any, body: bytes = b"%PDF-1.7\n% the signed letter\n", name: str = "order.pdf",
           content_type: str = "application/pdf") -> str:
    form = client.post("/legal/uploads", {"filename": name, "size": len(body)})
    assert form.status_code == 201, form.data
    sent = requests.post(form.data["upload"]["url"], data=form.data["upload"]["fields"],
                         files={"file": (name, body, content_type)}, timeout=10)
    assert sent.status_code in (200, 201, 204), sent.text
    return str(form.data["key"])


def intake(client: Any, request: dict[str, Any]) -> dict[str, Any]:
    response = client.post(BASE, {"checklist": request, "pdf_key": upload(client)})
    assert response.status_code == 201, response.data
    return response.data["request"]


def count(client: Any) -> int:
    return len(client.get(f"{BASE}?limit=100").data["requests"])


@pytest.mark.promise("L11")
def test_only_legal_staff_reach_the_register_support_admins_and_customers_get_403(client, new_client, legal,
                                                                                     clock) -> None:
    made = intake(legal, checklist(email_of(customer())))
    sign_in_customer(client)
    outsiders = [client]
    for role in (Role.SUPPORT, Role.ADMIN):
        staff = new_client()
        sign_in_staff(staff, clock, role)
        outsiders.append(staff)
    for outsider in outsiders:
        assert outsider.get(BASE).status_code == 403
        assert outsider.get(f"{BASE}/{made['id']}").status_code == 403
        assert outsider.post(BASE, {"checklist": checklist("a@example.com")}).status_code == 403
        assert outsider.post("/legal/uploads", {"filename": "a.pdf", "size": 10}).status_code == 403
        decided = outsider.post(f"{BASE}/{made['id']}/decision", {"version": 0, "decision": "refuse", "note": "x"})
        assert decided.status_code == 403
        assert outsider.get("/legal/transparency?year=2031").status_code == 403
        voluntary = {"category": "csam", "authority": "NCA", "sent_on": "2031-05-01", "summary": "x"}
        assert outsider.post("/legal/voluntary-disclosures", voluntary).status_code == 403
    after = legal.get(f"{BASE}/{made['id']}").data["request"]
    assert (after["status"], after["version"]) == ("received", 0) and count(legal) == 1


@pytest.mark.promise("L11")
@pytest.mark.promise("L1")
def test_a_request_from_support_or_another_channel_is_recorded_but_can_only_be_refused(legal) -> None:
    made = intake(legal, checklist(email_of(customer()), channel="support"))
    assert made["verdict"]["decision"] == "refuse"
    assert [r["code"] for r in made["verdict"]["reasons"]] == ["wrong_channel"]
    accepted = legal.post(f"{BASE}/{made['id']}/decision", {"version": 0, "decision": "accept"})
    assert accepted.status_code == 409 and "wrong_channel" in accepted.data["error"]
    assert legal.get(f"{BASE}/{made['id']}").data["request"]["version"] == 0


@pytest.mark.parametrize(("body", "words"), [
    ({"checklist": {"channel": "legal_mailbox"}}, "'kind' is required"),
    ({"checklist": {"channel": "legal_mailbox", "kind": "subpoena"}}, "'kind'"),
    ({"checklist": {"channel": "legal_mailbox", "kind": "disclosure", "subject_UK": True}}, "subject_UK"),
    ({"checklist": {"channel": "legal_mailbox", "kind": "disclosure", "authority": {"country": "UK"}}}, "GB"),
    ({"checklist": {"channel": "legal_mailbox", "kind": "disclosure"}, "received_on": "yesterday"}, "received_on"),
    ({"checklist": {"channel": "legal_mailbox", "kind": "disclosure"}, "received_on": "2099-01-01"}, "future"),
    ({"checklist": {"channel": "legal_mailbox", "kind": "disclosure"}, "name": "Jane Doe"}, "'name'"),
    ({"checklist": "all of it"}, "checklist must be a JSON object"),
    ({"checklist": {"channel": "legal_mailbox", "kind": "disclosure"}, "pdf_key": "tickets/x/y.pdf"},
     "not one this register issued"),
    ({"checklist": {"channel": "legal_mailbox", "kind": "disclosure", "document": {"pdf": True}}},
     "attach that PDF"),
])
def test_bad_intake_is_a_400_that_says_what_and_registers_nothing(legal, body: dict[str, Any], words: str) -> None:
    response = legal.post(BASE, body)
    assert response.status_code == 400, response.data
    assert words in response.data["error"]
    assert count(legal) == 0


def test_the_pdf_is_checked_for_type_size_and_magic_number(legal) -> None:
    from chalicelib.settings import get_settings

    too_big = legal.post("/legal/uploads", {"filename": "huge.pdf", "size": get_settings().legal_pdf_max_bytes + 1})
    assert too_big.status_code == 400 and "too large" in too_big.data["error"]
    not_named_pdf = legal.post("/legal/uploads", {"filename": "order.docx", "size": 100})
    assert not_named_pdf.status_code == 400 and ".pdf" in not_named_pdf.data["error"]
    fake = upload(legal, b"MZ\x90\x00 not a pdf at all")
    refused = legal.post(BASE, {"checklist": checklist("a@example.com"), "pdf_key": fake})
    assert refused.status_code == 400 and "%PDF-" in refused.data["error"]
    again = legal.post(BASE, {"checklist": checklist("a@example.com"), "pdf_key": fake})
    assert again.status_code == 400 and "not found" in again.data["error"]  # the refused file was deleted
    assert count(legal) == 0


@pytest.mark.promise("L10")
@pytest.mark.promise("L12")
def test_intake_to_acceptance_with_the_notice_withheld_then_sent(legal) -> None:
    from chalicelib.services import audit_log
    from devstack import worker
    from tests.support.mail import mails_to

    user = customer()
    worker.drain()
    made = intake(legal, checklist(email_of(user)))
    assert made["verdict"] == {"decision": "accept", "reasons": [], "disclose": ["login_ips", "orders"],
                               "hold_business_days": 0}
    assert made["account_id"] == user and made["pdf_attached"] is True
    no_ground = legal.post(f"{BASE}/{made['id']}/decision", {"version": 0, "decision": "accept",
                                                               "withhold": "inconvenient", "withhold_note": "x"})
    assert no_ground.status_code == 400 and "gag_order" in no_ground.data["error"]
    stale = legal.post(f"{BASE}/{made['id']}/decision", {"version": 3, "decision": "accept"})
    assert stale.status_code == 409
    accepted = legal.post(f"{BASE}/{made['id']}/decision", {"version": 0, "decision": "accept",
                                                              "withhold": "gag_order",
                                                              "withhold_note": "Non-disclosure order WMC-4, 3 months"})
    assert accepted.status_code == 200, accepted.data
    entry = accepted.data["request"]
    # Accepting a disclosure builds its package at once (docs/legal.md, "The disclosure package").
    assert (entry["status"], entry["notice"], entry["notice_ground"]) == ("disclosed", "withheld", "gag_order")
    assert accepted.data["pending_action"] is None
    again = legal.post(f"{BASE}/{made['id']}/fulfilment", {"version": entry["version"]})
    assert again.status_code == 409   # nothing left to carry out
    worker.drain()
    assert mails_to(email_of(user)) == []
    sent = legal.post(f"{BASE}/{made['id']}/notice", {"version": entry["version"], "note": "The order lapsed."})
    assert sent.status_code == 200 and sent.data["request"]["notice"] == "sent"
    worker.drain()
    assert len(mails_to(email_of(user))) == 1
    records, _ = audit_log.subject_page(f"legal_request:{made['id']}", 20, None)
    assert sorted(r.action.value for r in records) == ["legal_notice.sent", "legal_notice.withheld",
                                                       "legal_request.decided", "legal_request.fulfilled",
                                                       "legal_request.received"]


@pytest.mark.promise("L9")
def test_a_voluntary_disclosure_is_recorded_and_listed_and_the_transparency_report_counts_it(legal) -> None:
    bad = legal.post("/legal/voluntary-disclosures", {"category": "csam", "authority": "NCA", "sent_on": "soon",
                                                      "summary": "x"})
    assert bad.status_code == 400 and "sent_on" in bad.data["error"]
    made = legal.post("/legal/voluntary-disclosures", {"category": "csam", "authority": "National Crime Agency",
                                                       "country": "GB", "sent_on": "2031-05-19",
                                                       "summary": "Reported the account's uploads."})
    assert made.status_code == 201 and made.data["id"].startswith("VD-")
    listed = legal.get("/legal/voluntary-disclosures").data["disclosures"]
    assert [d["id"] for d in listed] == [made.data["id"]]
    report = legal.get("/legal/transparency?year=2031")
    assert report.status_code == 200 and report.data["voluntary_disclosures"] == {"csam": 1}
    assert legal.get("/legal/transparency?year=twenty").status_code == 400
