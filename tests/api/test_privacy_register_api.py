"""The privacy request register through the HTTP API (promise P6): staff only, every bad
input a 4xx that changes nothing, and a ticket's request worked to completion."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.accounts import Role
from tests.support.accounts import sign_in_customer, sign_in_staff

BASE = "/admin/privacy-requests"
LOGGED = {"request_type": "access", "channel": "email", "received_on": None, "summary": "A copy of my data, please",
          "requester_email": "writer@example.com"}


def logged(staff: Any, **changes: Any) -> dict[str, Any]:
    from chalicelib.services import clock

    body = {**LOGGED, "received_on": clock.now().date().isoformat(), **changes}
    response = staff.post(BASE, body)
    assert response.status_code == 201, response.data
    return response.data["request"]


def newest(staff: Any) -> list[str]:
    return [r["id"] for r in staff.get(f"{BASE}?view=all&limit=5").data["requests"]]


@pytest.fixture
def staff(new_client, clock) -> Any:
    client = new_client()
    sign_in_staff(client, clock, Role.SUPPORT)
    return client


def test_customers_and_legal_staff_cannot_reach_the_register(client, new_client, staff, clock) -> None:
    made = logged(staff)
    sign_in_customer(client)
    legal = new_client()
    sign_in_staff(legal, clock, Role.LEGAL)
    for outsider in (client, legal):
        assert outsider.get(BASE).status_code == 403
        assert outsider.get(f"{BASE}/{made['id']}").status_code == 403
        assert outsider.post(BASE, {**LOGGED, "received_on": "2026-01-01"}).status_code == 403
        refused = outsider.post(f"{BASE}/{made['id']}/status", {"version": 0, "status": "refused", "outcome": "x"})
        assert refused.status_code == 403
    after = staff.get(f"{BASE}/{made['id']}").data["request"]
    assert (after["status"], after["version"]) == ("received", 0)


def test_an_unauthenticated_caller_gets_401(client) -> None:
    assert client.get(BASE).status_code == 401


@pytest.mark.promise("P6")
def test_a_logged_request_shows_its_deadline_and_days_left(new_client, clock) -> None:
    from datetime import UTC, datetime

    clock.at = datetime(2031, 1, 31, 12, tzinfo=UTC)
    staff = new_client()
    sign_in_staff(staff, clock, Role.SUPPORT)
    made = logged(staff)
    assert made["id"].startswith("PR-") and made["deadline"] == "2031-02-28" and made["days_left"] == 28
    assert made["standing"] == "on_track" and made["status"] == "received"
    late = logged(staff, received_on="2030-12-20", channel="post")  # logged late: overdue at once
    assert late["deadline"] == "2031-01-20" and late["standing"] == "overdue" and late["days_left"] == -11
    overdue = staff.get(f"{BASE}?view=overdue").data
    assert late["id"] in [r["id"] for r in overdue["requests"]] and overdue["today"] == "2031-01-31"
    assert made["id"] not in [r["id"] for r in overdue["requests"]]


@pytest.mark.parametrize(("body", "field"), [
    ({"request_type": "everything"}, "request_type"),
    ({"channel": "self_service"}, "channel"),
    ({"channel": "carrier pigeon"}, "channel"),
    ({"received_on": "yesterday"}, "received_on"),
    ({"received_on": "2999-01-01"}, "received_on"),
    ({"summary": "   "}, "summary"),
    ({"requester_email": "07700 900123"}, "requester_email"),
    ({"requester_email": "1 High Street, London"}, "requester_email"),
    ({"account_id": "no-such-account"}, "account_id"),
    ({"channel": "ticket"}, "ticket_number"),
    ({"ticket_number": 5}, "ticket_number"),
    ({"surprise": True}, "surprise"),
])
def test_bad_input_when_logging_is_a_400_that_creates_nothing(staff, body: dict[str, Any], field: str) -> None:
    before = newest(staff)
    from chalicelib.services import clock

    response = staff.post(BASE, {**LOGGED, "received_on": clock.now().date().isoformat(), **body})
    assert response.status_code == 400, response.data
    assert field in (response.data.get("fields") or {}) or field in response.data["error"]
    assert newest(staff) == before


@pytest.mark.parametrize(("path", "body", "status", "words"), [
    ("extension", {"months": 1}, 400, "why the request needs more time"),
    ("extension", {"months": 1, "reason": "  "}, 400, "why the request needs more time"),
    ("extension", {"months": 3, "reason": "Complex"}, 400, "1 or 2 months"),
    ("extension", {"months": "2", "reason": "Complex"}, 400, "months"),
    ("status", {"status": "completed"}, 400, "outcome"),
    ("status", {"status": "refused", "outcome": ""}, 400, "outcome"),
    ("status", {"status": "completed", "outcome": "Sent"}, 409, "Verify"),
    ("status", {"status": "finished", "outcome": "Sent"}, 400, "Unknown status"),
    ("status", {"status": "extended"}, 400, "Extend"),
    ("identity", {"identity": "verified"}, 400, "how the identity was verified"),
    ("identity", {"identity": "probably"}, 400, "Unknown identity check"),
    ("assignee", {"assigned_to": "nobody"}, 400, "support or admin"),
])
def test_bad_changes_are_refused_and_change_nothing(staff, path: str, body: dict[str, Any], status: int,
                                                   words: str) -> None:
    made = logged(staff)
    response = staff.post(f"{BASE}/{made['id']}/{path}", {"version": 0, **body})
    assert response.status_code == status, response.data
    assert words in response.data["error"]
    assert staff.get(f"{BASE}/{made['id']}").data["request"] == made


@pytest.mark.promise("P6")
def test_a_second_extension_and_a_stale_version_are_conflicts_that_change_nothing(staff) -> None:
    made = logged(staff)
    once = staff.post(f"{BASE}/{made['id']}/extension", {"version": 0, "months": 1, "reason": "Complex request"})
    assert once.status_code == 200 and once.data["request"]["extension_months"] == 1
    extended = once.data["request"]
    again = staff.post(f"{BASE}/{made['id']}/extension", {"version": 1, "months": 1, "reason": "Still complex"})
    assert again.status_code == 409 and "only once" in again.data["error"]
    stale = staff.post(f"{BASE}/{made['id']}/status", {"version": 0, "status": "refused", "outcome": "No"})
    assert stale.status_code == 409 and "Reload" in stale.data["error"]
    assert staff.get(f"{BASE}/{made['id']}").data["request"] == extended


def test_unknown_ids_views_and_paging_are_answered_in_words(staff) -> None:
    assert staff.get(f"{BASE}/PR-999999999").status_code == 404
    bad = staff.get(f"{BASE}/nonsense")
    assert bad.status_code == 400 and "PR-000123" in bad.data["error"]
    view = staff.get(f"{BASE}?view=someday")
    assert view.status_code == 400 and "Unknown view" in view.data["error"]
    assert staff.get(f"{BASE}?limit=0").status_code == 400
    assert staff.get(f"{BASE}?cursor=garbage").status_code == 400


@pytest.mark.promise("P6")
def test_a_privacy_ticket_is_worked_in_the_register_to_completion(client, staff) -> None:
    user_id = sign_in_customer(client)
    config = client.get("/tickets/config").data
    assert "privacy_request" in [c["id"] for c in config["categories"]]
    assert "erasure" in [t["id"] for t in config["privacy_request_types"]]
    missing = client.post("/tickets", {"subject": "My data", "category": "privacy_request", "message": "Send it"})
    assert missing.status_code == 400 and "kind of privacy request" in missing.data["error"]
    opened = client.post("/tickets", {"subject": "My data", "category": "privacy_request", "request_type": "access",
                                      "message": "Please send me a copy of everything you hold about me."})
    assert opened.status_code == 201, opened.data
    number = opened.data["ticket"]["number"]
    [entry] = [r for r in staff.get(f"{BASE}?view=all&limit=100").data["requests"] if r["ticket_number"] == number]
    assert (entry["channel"], entry["account_id"], entry["status"]) == ("ticket", user_id, "received")
    path = f"{BASE}/{entry['id']}"
    steps = [("identity", {"identity": "verified", "note": "Signed in to the account that opened the ticket"}),
             ("extension", {"months": 2, "reason": "Several years of orders to gather"}),
             ("status", {"status": "completed", "outcome": "Export and staff notes sent through the ticket"})]
    version = entry["version"]
    for step, body in steps:
        response = staff.post(f"{path}/{step}", {"version": version, **body})
        assert response.status_code == 200, response.data
        version = response.data["request"]["version"]
    done = staff.get(path).data["request"]
    assert (done["status"], done["standing"], done["identity"], done["extension_months"]) == (
        "completed", "closed", "verified", 2)
    assert [h["field"] for h in done["history"]] == ["status", "identity", "deadline", "status", "status"]
    assert entry["id"] not in [r["id"] for r in staff.get(BASE).data["requests"]]


def test_the_routes_and_the_service_agree_on_who_works_the_register() -> None:
    from chalicelib.api import privacy_requests as routes
    from chalicelib.services.privacy_requests import REGISTER_STAFF

    assert frozenset(routes.STAFF) == REGISTER_STAFF


def test_the_requesters_contact_never_reaches_a_log(staff) -> None:
    import json
    import logging

    from chalicelib.observability import logger as app_logger

    class Everything(logging.Handler):
        """Each record as text: its message and every attribute (Powertools puts `extra` there)."""

        def __init__(self) -> None:
            super().__init__(level=logging.DEBUG)
            self.lines: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.lines.append(record.getMessage() + " " + json.dumps(record.__dict__, default=str))

    handler, contact = Everything(), "private-writer@example.com"
    loggers = [logging.getLogger(), logging.getLogger(app_logger.name)]
    saved = [(each, each.level) for each in loggers]
    for each in loggers:
        each.addHandler(handler)
        each.setLevel(logging.DEBUG)
    try:
        made = logged(staff, requester_email=contact, channel="post")
        assert staff.post(f"{BASE}/{made['id']}/status", {"version": 0, "status": "in_progress"}).status_code == 200
    finally:
        for each, level in saved:
            each.removeHandler(handler)
            each.setLevel(level)
    assert any(made["id"] in line for line in handler.lines)  # the capture worked
    assert not any(contact in line or "private-writer" in line for line in handler.lines)
    assert made["requester_email"] == contact  # staff see it, to answer
