"""The staff support desk through the HTTP API: files in staff replies, the closed list a page at
a time, canned replies edited by admins (audited, never naming a provider), and the orders a
ticket names. Each route for support staff, admins and customers, and bad input refused with
nothing changed."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
import requests

from chalicelib.domain.accounts import Role
from chalicelib.domain.money import show
from chalicelib.domain.providers import Provider
from chalicelib.services import audit_log, orders
from chalicelib.store import catalog, counters
from tests.support.accounts import sign_in_customer, sign_in_staff
from tests.support.catalog import service

PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)


def _customer_with_order(client) -> tuple[str, int]:
    user_id = sign_in_customer(client, "5.00")
    order = orders.place(user_id, service().service_id, {"link": "https://x.com/p/1", "quantity": 100})
    return user_id, order.order_id


def _open(client, subject: str = "Question", message: str | None = None, **extra) -> int:
    body = {"subject": subject, "category": "other",
            "message": message or f"Something to ask. {secrets.token_hex(4)}"} | extra
    created = client.post("/tickets", body)
    assert created.status_code == 201, created.data
    return created.data["ticket"]["number"]


def _staff(new_client, clock, role: Role = Role.SUPPORT):
    staff = new_client()
    sign_in_staff(staff, clock, role)
    return staff


def _upload(form: dict, content: bytes, filename: str) -> None:
    sent = requests.post(form["upload"]["url"], data=form["upload"]["fields"], files={"file": (filename, content)},
                         timeout=10)
    assert sent.status_code in (200, 201, 204), sent.text


# --- files in staff replies ---------------------------------------------------------------------

def test_a_staff_reply_carries_a_file_the_customer_downloads(client, new_client, at_noon) -> None:
    sign_in_customer(client)
    number = _open(client)
    staff = _staff(new_client, at_noon)
    form = staff.post(f"/staff/tickets/{number}/attachments",
                      {"filename": "steps.png", "content_type": "image/png", "size": len(PNG)})
    assert form.status_code == 201, form.data
    attachment = form.data["attachment"]
    assert attachment["key"].startswith(f"attachments/ticket-{number}/")
    _upload(attachment, PNG, "steps.png")
    replied = staff.post(f"/staff/tickets/{number}/replies", {"message": "See the picture.",
                                                              "attachments": [attachment["key"]]})
    assert replied.status_code == 201, replied.data
    assert replied.data["message"]["attachments"][0]["filename"] == "steps.png"

    link = client.get(f"/tickets/{number}/attachments/{attachment['id']}")
    assert link.status_code == 200, link.data
    assert requests.get(link.data["attachment"]["url"], timeout=10).content == PNG
    stranger = new_client()
    sign_in_customer(stranger)
    assert stranger.get(f"/tickets/{number}/attachments/{attachment['id']}").status_code == 404


def test_staff_uploads_are_scoped_to_their_ticket_and_follow_the_customers_rules(client, new_client,
                                                                                  at_noon) -> None:
    sign_in_customer(client)
    first, second = _open(client), _open(client, "Another")
    staff = _staff(new_client, at_noon)
    refusals = [
        ({"filename": "tool.exe", "content_type": "application/x-msdownload", "size": 10}, 400,
         "This type of file cannot be attached"),
        ({"filename": "huge.png", "content_type": "image/png", "size": 5 * 1024 * 1024 + 1}, 400, "too large"),
        ({"filename": "", "content_type": "image/png", "size": 10}, 400, "needs a name"),
    ]
    for body, status, words in refusals:
        refused = staff.post(f"/staff/tickets/{first}/attachments", body)
        assert refused.status_code == status and words in refused.data["error"], refused.data
    assert staff.post("/staff/tickets/999999999/attachments",
                      {"filename": "a.png", "content_type": "image/png", "size": 10}).status_code == 404

    # A file uploaded for one ticket cannot go out on another, nor can a staff member's own upload.
    form = staff.post(f"/staff/tickets/{first}/attachments",
                      {"filename": "a.png", "content_type": "image/png", "size": len(PNG)}).data["attachment"]
    _upload(form, PNG, "a.png")
    elsewhere = staff.post(f"/staff/tickets/{second}/replies", {"message": "x", "attachments": [form["key"]]})
    assert elsewhere.status_code == 400 and "not found" in elsewhere.data["error"]
    own = staff.post("/tickets/attachments", {"filename": "b.png", "content_type": "image/png",
                                              "size": len(PNG)}).data["attachment"]
    _upload(own, PNG, "b.png")
    personal = staff.post(f"/staff/tickets/{first}/replies", {"message": "x", "attachments": [own["key"]]})
    assert personal.status_code == 400
    # A file bigger than declared is refused when attached, and the ticket does not change.
    big = staff.post(f"/staff/tickets/{first}/attachments",
                     {"filename": "big.txt", "content_type": "text/plain", "size": 10}).data["attachment"]
    _upload(big, b"x" * (5 * 1024 * 1024 + 1), "big.txt")
    too_big = staff.post(f"/staff/tickets/{first}/replies", {"message": "x", "attachments": [big["key"]]})
    assert too_big.status_code == 400 and "too large" in too_big.data["error"]
    assert [m["author"] for m in client.get(f"/tickets/{first}").data["messages"]] == ["customer", "system"]
    assert [m["author"] for m in client.get(f"/tickets/{second}").data["messages"]] == ["customer", "system"]

    # Customers cannot use the staff form.
    assert client.post(f"/staff/tickets/{first}/attachments",
                       {"filename": "a.png", "content_type": "image/png", "size": 10}).status_code == 403


# --- closed tickets -----------------------------------------------------------------------------

def test_closed_tickets_page_and_a_closed_thread_reads(fresh_table, client, new_client, at_noon) -> None:
    # A table of its own: the closed list is then exactly these tickets.
    sign_in_customer(client)
    numbers = [_open(client, f"Closed {i}") for i in range(3)]
    for number in numbers:
        assert client.post(f"/tickets/{number}/close").status_code == 200
        at_noon.at += timedelta(seconds=1)
    staff = _staff(new_client, at_noon)
    first = staff.get("/staff/tickets?status=closed&limit=2")
    assert first.status_code == 200, first.data
    assert [t["number"] for t in first.data["tickets"]] == numbers[::-1][:2]
    assert first.data["next_cursor"]
    second = staff.get(f"/staff/tickets?status=closed&limit=2&cursor={first.data['next_cursor']}")
    assert second.status_code == 200 and [t["number"] for t in second.data["tickets"]] == numbers[:1]
    assert second.data["next_cursor"] is None
    assert staff.get("/staff/tickets").data["next_cursor"] is None   # the open queue is one read

    refusals = ["/staff/tickets?status=closed&cursor=bm90LWEtY3Vyc29y", "/staff/tickets?status=closed&limit=0",
                "/staff/tickets?status=closed&limit=many", f"/staff/tickets?cursor={first.data['next_cursor']}"]
    for path in refusals:
        assert staff.get(path).status_code == 400, path

    thread = staff.get(f"/staff/tickets/{numbers[0]}")
    assert thread.status_code == 200 and thread.data["ticket"]["status"] == "closed"
    assert [m["author"] for m in thread.data["messages"]] == ["customer", "system"]
    assert client.get("/staff/tickets?status=closed").status_code == 403


# --- canned replies -----------------------------------------------------------------------------

def test_admins_add_change_and_delete_canned_replies_and_each_change_is_audited(client, new_client,
                                                                                 clock) -> None:
    admin = new_client()
    admin_id = sign_in_staff(admin, clock, Role.ADMIN)
    support = _staff(new_client, clock)
    listed = support.get("/staff/canned-replies").data["canned_replies"]
    assert listed and {"id", "title", "text"} == set(listed[0])   # the initial set

    title = f"Delivery speed {secrets.token_hex(3)}"
    added = admin.post("/staff/canned-replies", {"title": title, "text": "Orders start within 24 hours."})
    assert added.status_code == 201, added.data
    reply_id = added.data["canned_reply"]["id"]
    assert reply_id == title.lower().replace(" ", "-")
    assert admin.post("/staff/canned-replies", {"title": title, "text": "again"}).status_code == 409
    changed = admin.request("PUT", f"/staff/canned-replies/{reply_id}",
                            {"title": title, "text": "Orders start within 12 hours."})
    assert changed.status_code == 200 and changed.data["canned_reply"]["text"] == "Orders start within 12 hours."
    seen = {c["id"]: c for c in support.get("/staff/canned-replies").data["canned_replies"]}
    assert seen[reply_id]["text"] == "Orders start within 12 hours."

    # Support staff use them but do not edit them; customers do neither.
    assert support.post("/staff/canned-replies", {"title": "x", "text": "y"}).status_code == 403
    assert support.request("PUT", f"/staff/canned-replies/{reply_id}", {"title": "x", "text": "y"}).status_code == 403
    assert support.request("DELETE", f"/staff/canned-replies/{reply_id}").status_code == 403
    sign_in_customer(client)
    assert client.get("/staff/canned-replies").status_code == 403
    assert client.post("/staff/canned-replies", {"title": "x", "text": "y"}).status_code == 403

    deleted = admin.request("DELETE", f"/staff/canned-replies/{reply_id}")
    assert deleted.status_code == 200 and deleted.data["canned_reply"]["id"] == reply_id
    assert reply_id not in {c["id"] for c in support.get("/staff/canned-replies").data["canned_replies"]}
    assert admin.request("DELETE", f"/staff/canned-replies/{reply_id}").status_code == 404

    records, _ = audit_log.subject_page(f"canned_reply:{reply_id}", 10, None)
    assert sorted(r.action.value for r in records) == ["canned_reply.added", "canned_reply.changed",
                                                       "canned_reply.deleted"]
    assert {r.actor for r in records} == {admin_id}
    change = next(r for r in records if r.action.value == "canned_reply.changed")
    assert change.before["text"] == "Orders start within 24 hours." and change.after["text"].endswith("12 hours.")


@pytest.mark.parametrize(("body", "words"), [
    ({"title": "", "text": "Hello"}, "Write a title"),
    ({"title": "Hi", "text": "   "}, "Write a text"),
    ({"title": "Hi", "text": "x" * 4001}, "at most 4,000 characters"),
    ({"title": "Two\nlines", "text": "Hello"}, "one line"),
    ({"title": "---", "text": "Hello"}, "at least one letter or digit"),
    ({"title": 5, "text": "Hello"}, "Write a title"),
    ({"title": "Hi", "text": "Hello", "id": "x"}, "'id' is not an accepted field"),
])
def test_bad_canned_replies_are_refused_and_nothing_changes(new_client, clock, body, words) -> None:
    admin = new_client()
    sign_in_staff(admin, clock, Role.ADMIN)
    before = admin.get("/staff/canned-replies").data["canned_replies"]
    refused = admin.post("/staff/canned-replies", body)
    assert refused.status_code == 400 and words in refused.data["error"], refused.data
    assert admin.get("/staff/canned-replies").data["canned_replies"] == before


def test_a_canned_reply_naming_a_provider_is_refused(new_client, clock) -> None:
    name = f"Fastlikes{secrets.token_hex(3)}"
    catalog.put_provider(Provider(counters.next_id("provider"), name, "https://provider.example/api", True, "abcd"))
    admin = new_client()
    sign_in_staff(admin, clock, Role.ADMIN)
    before = admin.get("/staff/canned-replies").data["canned_replies"]
    refused = admin.post("/staff/canned-replies", {"title": "Refill", "text": f"We asked {name.lower()} to refill."})
    assert refused.status_code == 400 and f'mentions "{name}"' in refused.data["error"], refused.data
    assert refused.data["fields"] == {"text": "names_provider"}
    target = before[0]
    renamed = admin.request("PUT", f"/staff/canned-replies/{target['id']}", {"title": f"{name} refill",
                                                                              "text": target["text"]})
    assert renamed.status_code == 400 and renamed.data["fields"] == {"title": "names_provider"}
    assert admin.get("/staff/canned-replies").data["canned_replies"] == before
    assert admin.request("PUT", "/staff/canned-replies/no-such-reply",
                         {"title": "x", "text": "y"}).status_code == 404
    assert admin.request("PUT", "/staff/canned-replies/Not%20an%20id", {"title": "x", "text": "y"}).status_code == 404


# --- the orders a ticket names ------------------------------------------------------------------

def test_staff_see_the_orders_a_ticket_names(client, new_client, at_noon) -> None:
    _user_id, named = _customer_with_order(client)
    written = orders.place(_user_id, service().service_id, {"link": "https://x.com/p/2", "quantity": 200})
    other = new_client()
    _other_id, foreign = _customer_with_order(other)
    number = _open(client, f"Order {written.order_id} is slow", f"Also order #{foreign}, a typo.", category="orders",
                   order_ids=[named])
    staff = _staff(new_client, at_noon)
    listed = staff.get(f"/staff/tickets/{number}/orders")
    assert listed.status_code == 200, listed.data
    rows = listed.data["orders"]
    assert [o["id"] for o in rows] == [named, written.order_id]   # another customer's order is not listed
    assert set(rows[0]) == {"id", "status", "service_id", "service_name", "charge", "created_at", "staff_link"}
    assert rows[1]["charge"] == show(written.charge)
    assert rows[1]["status"] == "pending" and rows[1]["service_name"]

    assert staff.get("/staff/tickets/999999999/orders").status_code == 404
    assert staff.get("/staff/tickets/abc/orders").status_code == 404
    assert client.get(f"/staff/tickets/{number}/orders").status_code == 403
