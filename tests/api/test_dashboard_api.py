"""The customer's dashboard and the order page's answers through the API: spend this month,
recent orders, open tickets, the order lookup by id, can_cancel/can_refill and refill history."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.domain.orders import OrderStatus
from chalicelib.domain.refills import RefillStatus
from chalicelib.services import orders
from chalicelib.store import refills as refill_store
from tests.support.accounts import sign_in_customer, sign_in_staff
from tests.support.catalog import service

LINK = "https://instagram.com/p/dash"


def _place(client, service_id: int, quantity: int = 100, link: str = LINK) -> dict:
    response = client.post("/orders", {"service": service_id, "link": link, "quantity": quantity})
    assert response.status_code == 201, response.data
    return response.data["order"]


def test_the_dashboard_shows_balance_month_spend_recent_orders_and_open_tickets(client, clock) -> None:
    clock.at = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    sign_in_customer(client, "50.00")
    svc = service(provider_rate="10.00", name="Dash followers")
    last_month = _place(client, svc.service_id, 500)                   # 5.00, charged in November
    clock.at = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)
    placed = [_place(client, svc.service_id, 100 + i) for i in range(6)]  # 1.00 .. 1.05 in December
    assert orders.settle(last_month["id"], OrderStatus.CANCELED, before_sending=True)  # 5.00 back in December
    assert orders.settle(placed[0]["id"], OrderStatus.CANCELED, before_sending=True)   # 1.00 back
    opened = client.post("/tickets", {"subject": "Where is my order", "category": "orders",
                                      "message": f"Order {placed[1]['id']} has not started. {secrets.token_hex(3)}",
                                      "order_ids": [placed[1]["id"]]})
    assert opened.status_code == 201, opened.data
    closed = client.post("/tickets", {"subject": "A question", "category": "other",
                                      "message": f"How do refills work? {secrets.token_hex(3)}"}).data["ticket"]
    assert client.post(f"/tickets/{closed['number']}/close").status_code == 200

    response = client.get("/dashboard")
    assert response.status_code == 200, response.data
    board = response.data
    # 50 - 5.00 - (1.00 + ... + 1.05) + 5.00 + 1.00
    assert board["balance"] == "44.85000" and board["currency"] == "USD"
    assert board["month"] == "2026-12"
    # December: charges 6.15, refunds 6.00 (one of them for November's order): 0.15.
    assert board["month_spend"] == "0.15000"
    assert [o["id"] for o in board["recent_orders"]] == [o["id"] for o in reversed(placed)][:5]
    newest = board["recent_orders"][0]
    assert newest == {"id": placed[-1]["id"], "service": svc.service_id, "service_name": "Dash followers",
                      "status": "Pending", "charge": "1.05000", "created_at": newest["created_at"]}
    assert [t["number"] for t in board["open_tickets"]] == [opened.data["ticket"]["number"]]
    assert board["open_tickets"][0]["subject"] == "Where is my order"


def test_a_new_customer_has_an_empty_dashboard(client) -> None:
    sign_in_customer(client, "0")
    board = client.get("/dashboard").data
    assert (board["balance"], board["month_spend"], board["recent_orders"], board["open_tickets"]) == (
        "0.00000", "0.00000", [], [])


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPPORT])
def test_the_dashboard_is_for_customers_only(client, new_client, clock, role) -> None:
    assert new_client().get("/dashboard").status_code == 401
    sign_in_staff(client, clock, role)
    response = client.get("/dashboard")
    assert response.status_code == 403 and response.data["error"]


def test_orders_are_found_by_id_within_the_other_filters(client, new_client) -> None:
    sign_in_customer(client, "10.00")
    first, second = service(name="Dash A"), service(name="Dash B")
    a = _place(client, first.service_id)
    b = _place(client, second.service_id, link="https://instagram.com/p/other")
    assert [o["id"] for o in client.get(f"/orders?order={a['id']}").data["orders"]] == [a["id"]]
    assert client.get(f"/orders?order={a['id']}&service={second.service_id}").data["orders"] == []
    assert client.get(f"/orders?order={b['id']}&search=other&status=pending").data["orders"][0]["id"] == b["id"]
    assert client.get(f"/orders?order={b['id']}&status=completed").data["orders"] == []
    assert [o["id"] for o in client.get(f"/orders?service={second.service_id}").data["orders"]] == [b["id"]]
    stranger = new_client()
    sign_in_customer(stranger)
    assert stranger.get(f"/orders?order={a['id']}").data == {"orders": [], "next_cursor": None}


@pytest.mark.parametrize(("query", "message"), [
    ("order=abc", "'order' must be an order id (digits only)."),
    ("order=0", "'order' must be an order id (digits only)."),
    ("order=-3", "'order' must be an order id (digits only)."),
    ("order=%C2%B2", "'order' must be an order id (digits only)."),
    ("service=x", "'service' must be a service id."),
    ("status=lost", "Unknown status 'lost'."),
])
def test_bad_order_filters_are_refused_in_words(client, query, message) -> None:
    sign_in_customer(client)
    response = client.get(f"/orders?{query}")
    assert response.status_code == 400 and response.data["error"] == message


def test_the_order_answer_says_what_may_be_asked_and_lists_refills(client, clock) -> None:
    user_id = sign_in_customer(client, "10.00")
    both = service(name="Dash both")
    neither = service(name="Dash neither", refill=False, cancel=False)
    order = _place(client, both.service_id)
    fixed = _place(client, neither.service_id)

    answer = client.get(f"/orders/{order['id']}").data["order"]
    assert (answer["can_cancel"], answer["can_refill"], answer["refills"]) == (True, False, [])
    answer = client.get(f"/orders/{fixed['id']}").data["order"]
    assert (answer["can_cancel"], answer["can_refill"]) == (False, False)
    assert client.post(f"/orders/{fixed['id']}/cancel").status_code == 400

    for number in (order["id"], fixed["id"]):
        assert orders.settle(number, OrderStatus.COMPLETED, remains=0)
    answer = client.get(f"/orders/{order['id']}").data["order"]
    assert (answer["status"], answer["can_cancel"], answer["can_refill"]) == ("Completed", False, True)
    assert client.get(f"/orders/{fixed['id']}").data["order"]["can_refill"] is False

    first = client.post(f"/orders/{order['id']}/refill").data["refill"]
    second = client.post(f"/orders/{order['id']}/refill").data["refill"]
    refill = refill_store.get(first)
    refill_store.save(replace(refill, status=RefillStatus.COMPLETED))
    refills = client.get(f"/orders/{order['id']}").data["order"]["refills"]
    assert [(r["id"], r["status"]) for r in refills] == [(second, "Pending"), (first, "Completed")]

    old = _place(client, both.service_id)
    today = clock.at
    clock.at = today - timedelta(days=30, seconds=1)  # completed just before the refill window (30 days)
    assert orders.settle(old["id"], OrderStatus.COMPLETED, remains=0)
    clock.at = today
    answer = client.get(f"/orders/{old['id']}").data["order"]
    assert (answer["status"], answer["can_refill"]) == ("Completed", False)
    refused = client.post(f"/orders/{old['id']}/refill")
    assert refused.status_code == 400 and "within 30 days" in refused.data["error"]
    assert refill_store.of_order(old["id"]) == [] and user_id
