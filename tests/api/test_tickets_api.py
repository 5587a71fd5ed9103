"""Support tickets through the HTTP API (promises S7, S9, S10, O5): customers' routes, the staff
console, attachments uploaded to moto's S3 with presigned forms, and clear refusals."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest
import requests

from chalicelib.domain.accounts import Role
from chalicelib.services import orders
from chalicelib.settings import get_settings
from chalicelib.store import users
from devstack import worker
from tests.support.accounts import sign_in_customer, sign_in_staff
from tests.support.business_time import WEDNESDAY_NOON
from tests.support.catalog import service
from tests.support.mail import latest_mail_to

SLA_FIELDS = {"clock_started_at", "clock_blockers", "deadline", "first_response_at",
              "first_response_business_seconds", "breached", "paused"}


def _customer(client, balance: str = "5.00") -> tuple[str, int]:
    """A signed-in customer with one order of their own."""
    user_id = sign_in_customer(client, balance)
    order = orders.place(user_id, service().service_id, {"link": "https://x.com/p/1", "quantity": 100})
    return user_id, order.order_id


def _ticket(client, order_id: int | None, **overrides):
    body = {"subject": "Order not started", "category": "orders",
            "message": f"Order {order_id} has not started. {secrets.token_hex(4)}",
            "order_ids": [order_id] if order_id else []} | overrides
    return client.post("/tickets", body)


# --- customers ----------------------------------------------------------------------------

@pytest.mark.promise("S7")
def test_open_list_read_reply_and_close_a_ticket(client, at_noon) -> None:
    _user_id, order_id = _customer(client)
    config = client.get("/tickets/config").data
    assert {c["id"] for c in config["categories"]} == {"orders", "balance_top_up", "api", "refill", "cancel", "other",
                                                  "privacy_request"}
    created = _ticket(client, order_id)
    assert created.status_code == 201, created.data
    ticket = created.data["ticket"]
    number = ticket["number"]
    assert ticket["display"] == f"#{number}" and ticket["status"] == "open" and ticket["priority"] == "standard"
    customer_message, ack = created.data["messages"]
    assert customer_message["author"] == "customer"
    assert ack["author"] == "system" and f"#{number}" in ack["body"]
    assert "user_id" not in ticket and "clock_blockers" not in ticket  # staff only
    assert [t["number"] for t in client.get("/tickets").data["tickets"]] == [number]
    read = client.get(f"/tickets/{number}")
    assert read.status_code == 200 and [m["id"] for m in read.data["messages"]] == [1, 2]
    reply = client.post(f"/tickets/{number}/replies", {"message": "Any news?"})
    assert reply.status_code == 201 and reply.data["message"]["id"] == 3
    closed = client.post(f"/tickets/{number}/close")
    assert closed.status_code == 200 and closed.data["ticket"]["status"] == "closed"
    late = client.post(f"/tickets/{number}/replies", {"message": "One more thing"})
    assert late.status_code == 400 and "is closed" in late.data["error"]
    assert len(client.get(f"/tickets/{number}").data["messages"]) == 3


@pytest.mark.promise("O5")
def test_other_customers_tickets_are_not_found_anywhere(client, new_client, at_noon) -> None:
    _owner, order_id = _customer(client)
    number = _ticket(client, order_id).data["ticket"]["number"]
    stranger = new_client()
    _stranger_id, _ = _customer(stranger)
    assert stranger.get("/tickets").data["tickets"] == []
    for method, path, body in (("GET", f"/tickets/{number}", None),
                               ("POST", f"/tickets/{number}/replies", {"message": "hi"}),
                               ("POST", f"/tickets/{number}/close", None),
                               ("GET", f"/tickets/{number}/attachments/{'0' * 32}", None),
                               ("GET", "/tickets/not-a-number", None)):
        response = stranger.request(method, path, body)
        assert response.status_code == 404, (path, response.data)
        assert response.data["error"] in ("No such ticket.", "No such attachment.")
    refused = _ticket(stranger, order_id)
    assert refused.status_code == 400 and refused.data["error"] == f"Order {order_id} is not one of your orders."
    assert stranger.get("/tickets").data["tickets"] == []
    assert client.get(f"/tickets/{number}").data["ticket"]["status"] == "open"


@pytest.mark.promise("O5")
def test_customers_and_legal_staff_cannot_use_the_staff_console(client, new_client, clock) -> None:
    _customer(client)
    assert client.get("/staff/tickets").status_code == 403
    assert client.get("/staff/canned-replies").status_code == 403
    from chalicelib.api import tickets as ticket_routes
    from chalicelib.domain.tickets.model import SUPPORT_ROLES

    assert set(ticket_routes.STAFF) == SUPPORT_ROLES == {Role.SUPPORT, Role.ADMIN}
    legal = new_client()
    sign_in_staff(legal, clock, Role.LEGAL)
    assert legal.get("/staff/tickets").status_code == 403
    assert legal.post("/staff/tickets/1/replies", {"message": "x"}).status_code == 403


@pytest.mark.parametrize(("change", "status", "message"), [
    ({"subject": ""}, 400, "Write a subject"),
    ({"message": "   "}, 400, "Write a message"),
    ({"message": "x" * 10_001}, 400, "the limit is 10,000 bytes"),
    ({"category": "complaints"}, 400, "Unknown category"),
    ({"order_ids": [123456789012]}, 400, "not one of your orders"),
    ({"attachments": ["attachments/u0/" + "a" * 32]}, 400, "not found"),
    ({"priority": "high"}, 400, "'priority' is not an accepted field"),
])
def test_bad_tickets_get_clear_errors_and_nothing_is_stored(client, at_noon, change, status, message) -> None:
    _user_id, order_id = _customer(client)
    response = _ticket(client, order_id, **change)
    assert response.status_code == status and message in response.data["error"], response.data
    assert client.get("/tickets").data["tickets"] == []


# --- the staff console --------------------------------------------------------------------------

@pytest.mark.promise("S9", "S10")
def test_staff_see_the_clock_and_why_it_did_not_start_and_reclassify(client, new_client, at_noon) -> None:
    _user_id, order_id = _customer(client)
    good = _ticket(client, order_id).data["ticket"]["number"]
    missing = _ticket(client, None, category="refill", message="Please refill.").data["ticket"]["number"]
    staff = new_client()
    staff_id = sign_in_staff(staff, at_noon, Role.SUPPORT)
    queue = {t["number"]: t for t in staff.get("/staff/tickets").data["tickets"]}
    assert set(queue[good]) >= SLA_FIELDS and set(queue[missing]) >= SLA_FIELDS
    assert queue[good]["clock_started_at"] == WEDNESDAY_NOON.isoformat() and queue[good]["clock_blockers"] == []
    assert queue[good]["first_response_at"] == WEDNESDAY_NOON.isoformat()
    assert queue[good]["first_response_business_seconds"] == 0 and queue[good]["breached"] is False
    assert queue[missing]["clock_started_at"] is None and queue[missing]["deadline"] is None
    assert any("lacks the information" in r for r in queue[missing]["clock_blockers"])
    numbers = [t["number"] for t in staff.get("/staff/tickets").data["tickets"]]
    assert numbers.index(good) < numbers.index(missing)  # unscheduled tickets come last

    high = staff.post(f"/staff/tickets/{good}/classify", {"priority": "high"})
    assert high.status_code == 400 and "Only balance top-up problems can be high priority" in high.data["error"]
    moved = staff.post(f"/staff/tickets/{good}/classify",
                       {"category": "balance_top_up", "reason": "it is about a payment"})
    assert moved.status_code == 200 and moved.data["ticket"]["priority"] == "high"
    back = staff.post(f"/staff/tickets/{good}/classify",
                      {"category": "orders", "version": moved.data["ticket"]["version"]})
    assert back.data["ticket"]["priority"] == "standard"
    history = back.data["ticket"]["history"]
    assert [(h["field"], h["from"], h["to"], h["by"]) for h in history[-2:]] == [
        ("category", "balance_top_up", "orders", staff_id), ("priority", "high", "standard", staff_id)]
    assert all(h["at"] == WEDNESDAY_NOON.isoformat() for h in history[-4:])
    old_version = moved.data["ticket"]["version"]
    stale = staff.post(f"/staff/tickets/{good}/status", {"status": "closed", "version": old_version})
    assert stale.status_code == 409 and "reload" in stale.data["error"]


@pytest.mark.promise("S9")
def test_awaiting_customer_pauses_until_the_customer_replies(client, new_client, at_noon) -> None:
    user_id, order_id = _customer(client)
    number = _ticket(client, order_id).data["ticket"]["number"]
    staff = new_client()
    sign_in_staff(staff, at_noon, Role.SUPPORT)
    before = staff.get(f"/staff/tickets/{number}").data["ticket"]["deadline"]
    at_noon.at += timedelta(hours=1)
    asked = staff.post(f"/staff/tickets/{number}/replies",
                       {"message": "Which link did you order for?", "status": "awaiting_customer"})
    assert asked.status_code == 201 and asked.data["ticket"]["paused"] is True
    assert asked.data["ticket"]["deadline"] is None
    assert client.get(f"/tickets/{number}").data["ticket"]["status"] == "awaiting_customer"
    at_noon.at += timedelta(days=1)  # Thursday 13:00: one business day (7 h) of waiting
    client.login(users.get(user_id).email)  # sessions end after 12 idle hours
    assert client.post(f"/tickets/{number}/replies", {"message": "This one."}).status_code == 201
    staff = new_client()
    sign_in_staff(staff, at_noon, Role.SUPPORT)
    after = staff.get(f"/staff/tickets/{number}").data["ticket"]
    assert after["status"] == "open" and after["paused"] is False
    # 49 business hours from Wednesday noon end Friday 19 May 12:00; the 7 business hours of waiting
    # (Wednesday 13:00-17:00, Thursday 10:00-13:00) move that to Monday 22 May 12:00.
    assert before == datetime(2023, 5, 19, 12, 0, tzinfo=UTC).isoformat()
    assert after["deadline"] == datetime(2023, 5, 22, 12, 0, tzinfo=UTC).isoformat()
    assert after["pauses"] == [{"paused_at": "2023-05-10T13:00:00+00:00", "resumed_at": "2023-05-11T13:00:00+00:00"}]


def test_notes_assignment_canned_replies_merge_and_mail(client, new_client, at_noon) -> None:
    user_id, order_id = _customer(client)
    original = _ticket(client, order_id).data["ticket"]["number"]
    duplicate = _ticket(client, None, category="other", message="Still broken!").data["ticket"]["number"]
    staff = new_client()
    staff_id = sign_in_staff(staff, at_noon, Role.SUPPORT)
    canned = staff.get("/staff/canned-replies").data["canned_replies"]
    assert canned and {"id", "title", "text"} == set(canned[0])

    note = staff.post(f"/staff/tickets/{original}/notes", {"message": "Provider ticket 881, internal."})
    assert note.status_code == 201 and note.data["message"]["internal"] is True
    assigned = staff.post(f"/staff/tickets/{original}/assign", {"assignee": "me"})
    assert assigned.data["ticket"]["assigned_to"] == staff_id
    mine = staff.get("/staff/tickets?assigned=me").data["tickets"]
    assert [t["number"] for t in mine] == [original]
    assert staff.get("/staff/tickets?breached=maybe").status_code == 400
    closed = staff.get("/staff/tickets?status=closed")
    assert closed.status_code == 200 and {t["status"] for t in closed.data["tickets"]} <= {"closed"}
    assert not {original, duplicate} & {t["number"] for t in closed.data["tickets"]}
    reply = staff.post(f"/staff/tickets/{original}/replies", {"message": canned[0]["text"]})
    assert reply.status_code == 201 and reply.data["ticket"]["status"] == "answered"

    seen = client.get(f"/tickets/{original}").data["messages"]
    assert [m["author"] for m in seen] == ["customer", "system", "staff"]
    assert all("881" not in m["body"] and "internal" not in m and "author_id" not in m for m in seen)
    staff_seen = staff.get(f"/staff/tickets/{original}").data["messages"]
    assert [m["internal"] for m in staff_seen] == [False, False, True, False]

    assert worker.drain() >= 1
    mail = latest_mail_to(users.get(user_id).email)
    assert f"Support replied to your ticket #{original}" in mail and f"/tickets/{original}" in mail

    merged = staff.post(f"/staff/tickets/{duplicate}/merge", {"into": original})
    assert merged.status_code == 200, merged.data
    assert merged.data["ticket"]["status"] == "closed" and merged.data["ticket"]["merged_into"] == original
    closed = staff.get("/staff/tickets?status=closed").data["tickets"]
    assert duplicate in [t["number"] for t in closed]
    assert [t["updated_at"] for t in closed] == sorted((t["updated_at"] for t in closed), reverse=True)
    dup = client.get(f"/tickets/{duplicate}")
    assert dup.status_code == 200 and dup.data["ticket"]["merged_into"] == original
    assert dup.data["messages"][0]["body"] == "Still broken!"
    refused = client.post(f"/tickets/{duplicate}/replies", {"message": "hello"})
    assert refused.status_code == 400 and f"merged into #{original}" in refused.data["error"]
    listed = staff.get(f"/staff/users/{user_id}/tickets").data["tickets"]
    assert {t["number"] for t in listed} == {original, duplicate}


@pytest.mark.promise("S11")
def test_monthly_breaches_for_staff(client, new_client, clock, ack_off) -> None:
    clock.at = datetime(2023, 7, 3, 10, 0, tzinfo=UTC)
    user_id, order_id = _customer(client)
    _ticket(client, order_id)
    clock.at = datetime(2023, 7, 20, 10, 0, tzinfo=UTC)  # 7 business days ended Tuesday 11 July 17:00
    staff = new_client()
    sign_in_staff(staff, clock, Role.SUPPORT)
    response = staff.get("/staff/tickets/breaches?month=2023-07")
    assert response.status_code == 200
    assert {"user_id": user_id, "count": 1} in response.data["breaches"]
    assert staff.get("/staff/tickets/breaches?month=July").status_code == 400


# --- attachments ---------------------------------------------------------------------------

def _presign(client, filename: str = "screen.png", content_type: str = "image/png", size: int = 68):
    return client.post("/tickets/attachments", {"filename": filename, "content_type": content_type, "size": size})


def test_attach_a_file_uploaded_with_a_presigned_form_and_download_it(client, new_client, at_noon) -> None:
    _user_id, order_id = _customer(client)
    png = b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(60)
    form = _presign(client, "my screen.png", "image/png", len(png))
    assert form.status_code == 201, form.data
    attachment = form.data["attachment"]
    upload = attachment["upload"]
    assert upload["fields"]["Content-Type"] == "image/png"
    sent = requests.post(upload["url"], data=upload["fields"], files={"file": ("my screen.png", png)}, timeout=10)
    assert sent.status_code in (200, 201, 204), sent.text
    created = _ticket(client, order_id, attachments=[attachment["key"]])
    assert created.status_code == 201, created.data
    number = created.data["ticket"]["number"]
    shown = created.data["messages"][0]["attachments"]
    assert shown == [{"id": attachment["id"], "filename": "my screen.png", "content_type": "image/png",
                      "size": len(png)}]
    link = client.get(f"/tickets/{number}/attachments/{attachment['id']}")
    assert link.status_code == 200
    fetched = requests.get(link.data["attachment"]["url"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == png
    assert "attachment" in fetched.headers["content-disposition"]
    assert "my%20screen.png" in fetched.headers["content-disposition"] or "my screen.png" in unquote(
        fetched.headers["content-disposition"])

    stranger = new_client()
    _customer(stranger)
    assert stranger.get(f"/tickets/{number}/attachments/{attachment['id']}").status_code == 404
    stolen = _ticket(stranger, None, category="other", message="look", attachments=[attachment["key"]])
    assert stolen.status_code == 400 and stranger.get("/tickets").data["tickets"] == []
    staff = new_client()
    sign_in_staff(staff, at_noon, Role.SUPPORT)
    assert staff.get(f"/staff/tickets/{number}/attachments/{attachment['id']}").status_code == 200

    # A reply can carry files too.
    log = _presign(client, "log.txt", "text/plain", 5).data["attachment"]
    requests.post(log["upload"]["url"], data=log["upload"]["fields"], files={"file": ("log.txt", b"hello")},
                  timeout=10)
    replied = client.post(f"/tickets/{number}/replies", {"message": "and the log", "attachments": [log["key"]]})
    assert replied.status_code == 201 and replied.data["message"]["attachments"][0]["filename"] == "log.txt"


@pytest.mark.parametrize(("filename", "content_type", "size", "message"), [
    ("virus.exe", "application/x-msdownload", 100, "This type of file cannot be attached"),
    ("page.html", "text/html", 100, "This type of file cannot be attached"),
    ("huge.png", "image/png", 5 * 1024 * 1024 + 1, "The file is too large (5.0 MB); the largest attachment is 5.0 MB"),
    ("empty.png", "image/png", 0, "size in bytes"),
    ("", "image/png", 10, "needs a name"),
])
def test_forbidden_or_oversized_uploads_are_refused(client, filename, content_type, size, message) -> None:
    _customer(client)
    response = _presign(client, filename, content_type, size)
    assert response.status_code == 400 and message in response.data["error"], response.data


def test_an_upload_bigger_than_the_limit_is_refused_when_attached(client, at_noon) -> None:
    _user_id, order_id = _customer(client)
    limit = get_settings().attachment_max_bytes
    form = _presign(client, "big.txt", "text/plain", 10).data["attachment"]
    requests.post(form["upload"]["url"], data=form["upload"]["fields"],
                  files={"file": ("big.txt", b"x" * (limit + 1))}, timeout=30)
    response = _ticket(client, order_id, attachments=[form["key"]])
    assert response.status_code == 400 and "too large" in response.data["error"]
    assert client.get("/tickets").data["tickets"] == []


def test_staff_answers_keep_their_shape_and_typed_bodies_keep_the_rules_words(client, new_client, at_noon) -> None:
    _user_id, order_id = _customer(client)
    number = _ticket(client, order_id).data["ticket"]["number"]
    staff = new_client()
    sign_in_staff(staff, at_noon, Role.SUPPORT)
    note = staff.post(f"/staff/tickets/{number}/notes", {"message": "Checked the provider."})
    assert note.status_code == 201 and set(note.data) == {"ticket", "message"}
    assert note.data["message"]["internal"] is True
    changed = staff.post(f"/staff/tickets/{number}/status", {"status": "answered"})
    assert changed.status_code == 200 and set(changed.data) == {"ticket"}  # no "message": null
    refusals = [
        (staff, f"/staff/tickets/{number}/merge", {"into": "12"}, "'into' must be the number of the original ticket"),
        (staff, f"/staff/tickets/{number}/status", {"status": 3}, "Unknown status; choose one of"),
        (staff, f"/staff/tickets/{number}/classify", {"reason": ["x"]}, "'reason' must be text"),
        (client, "/tickets", {"subject": "Late", "category": "orders", "message": "Where?", "top_up_id": "7"},
         "'top_up_id' must be a top-up id (a whole number)."),
        (client, "/tickets", {"subject": "Late", "category": "orders", "message": "Where?", "order_ids": [True]},
         "'order_ids' must be an order id"),
        (client, f"/tickets/{number}/replies", {"message": "See file", "attachments": "key"},
         "'attachments' must be a list of upload keys."),
        (client, "/tickets/attachments", {"filename": "a.png", "content_type": "image/png", "size": True},
         "'size' must be the file's size in bytes."),
        (client, "/tickets/attachments", {"filename": "a.png", "content_type": 7, "size": 10},
         "cannot be attached; allowed are"),
    ]
    for who, path, body, message in refusals:
        refused = who.post(path, body)
        assert refused.status_code == 400 and message in refused.data["error"], (path, body, refused.data)
    assert client.get("/tickets").data["tickets"][0]["number"] == number and len(client.get("/tickets").data[
        "tickets"]) == 1
