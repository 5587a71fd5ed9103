"""The staff order desk through the HTTP API: search by e-mail, link, id, status and dates;
an order's file with its history, ledger entries and tickets; customers refused, bad filters
answered 400, and reconciling for admins only."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import orders
from chalicelib.store import orders as order_store
from tests.support.accounts import email_of, sign_in_customer, sign_in_staff
from tests.support.catalog import service


def _order(client) -> tuple[str, int, str]:
    user_id = sign_in_customer(client, "5.00")
    link = f"https://x.com/p/desk-{secrets.token_hex(4)}"
    order = orders.place(user_id, service().service_id, {"link": link, "quantity": 100})
    return user_id, order.order_id, link


def _search(query: dict[str, str]) -> str:
    return "/staff/orders?" + urlencode(query)


def _staff(new_client, clock, role: Role = Role.SUPPORT):
    staff = new_client()
    sign_in_staff(staff, clock, role)
    return staff


def test_support_finds_an_order_by_email_link_and_id_and_reads_its_file(client, new_client, at_noon) -> None:
    user_id, order_id, link = _order(client)
    opened = client.post("/tickets", {"subject": "Where is it", "category": "orders", "order_ids": [order_id],
                                      "message": "My order has not started yet."})
    assert opened.status_code == 201, opened.data
    staff = _staff(new_client, at_noon)
    by_email = staff.get(_search({"email": email_of(user_id)}))
    assert by_email.status_code == 200, by_email.data
    assert [o["id"] for o in by_email.data["orders"]] == [order_id]
    assert by_email.data["orders"][0]["email"] == email_of(user_id)
    by_link = staff.get(_search({"link": link[-12:]}))
    assert [o["id"] for o in by_link.data["orders"]] == [order_id]
    assert staff.get(_search({"order": str(order_id)})).data["orders"][0]["link"] == link
    assert staff.get(_search({"order": str(order_id), "status": "completed"})).data["orders"] == []
    assert staff.get(_search({"order": str(order_id), "email": "someone-else@example.com"})).data["orders"] == []
    file = staff.get(f"/staff/orders/{order_id}")
    assert file.status_code == 200, file.data
    assert file.data["order"]["email"] == email_of(user_id)
    assert file.data["history"][-1]["note"].startswith("placed: 100 units")
    assert [e["id"] for e in file.data["entries"]] == [f"order#{order_id}"]
    assert [t["number"] for t in file.data["tickets"]] == [opened.data["ticket"]["number"]]


def test_customers_are_refused_and_bad_filters_answer_400(client, new_client, at_noon) -> None:
    _user_id, order_id, _link = _order(client)
    assert client.get("/staff/orders").status_code == 403
    assert client.get(f"/staff/orders/{order_id}").status_code == 403
    staff = _staff(new_client, at_noon)
    for query in ({"order": "12x"}, {"status": "lost"}, {"provider": "-1"}, {"from": "2026-13-01"},
                  {"from": "2026-05-02", "to": "2026-05-01"}, {"from": "2026-01-01", "to": "2026-03-01"},
                  {"limit": "0"}):
        answer = staff.get(_search(query))
        assert answer.status_code == 400, (query, answer.data)
        assert answer.data["error"]
    assert staff.get("/staff/orders/99999999999").status_code == 404


def test_reconciling_from_the_desk_is_for_admins_and_shows_in_the_history(client, new_client, at_noon) -> None:
    _user_id, order_id, _link = _order(client)
    assert orders.to_review(order_id, OrderStatus.PENDING, "uncertain: timeout")
    support = _staff(new_client, at_noon)
    refused = support.post(f"/admin/orders/{order_id}/reconcile", {"action": "mark_sent", "provider_order": "77"})
    assert refused.status_code == 403
    assert order_store.get(order_id).status == OrderStatus.NEEDS_REVIEW
    admin = _staff(new_client, at_noon, Role.ADMIN)
    bad = admin.post(f"/admin/orders/{order_id}/reconcile", {"action": "mark_sent", "provider_order": " "})
    assert bad.status_code == 400
    assert order_store.get(order_id).status == OrderStatus.NEEDS_REVIEW
    done = admin.post(f"/admin/orders/{order_id}/reconcile", {"action": "mark_sent", "provider_order": "77"})
    assert done.status_code == 200, done.data
    history = support.get(f"/staff/orders/{order_id}").data["history"]
    assert history[0]["status"] == "processing" and "upstream id 77" in history[0]["note"]
    assert "marked sent by staff" in history[0]["note"]
