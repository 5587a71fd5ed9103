"""The staff reports over HTTP: orders placed, sent to the provider simulator and settled
(completed, partial, canceled upstream), one left open, one sent before costs were recorded,
top-ups and a ticket, then every figure of the report checked to the cent; the CSV tables;
who may read it; and the ranges refused."""

from __future__ import annotations

import csv
import io
import secrets
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.services import catalog, dispatch, orders, status_sync
from chalicelib.store import catalog as catalog_store
from chalicelib.store import dynamo, keys
from chalicelib.store import orders as order_store
from devstack.provider_sim import API_KEY
from tests.support.accounts import sign_in_customer, sign_in_staff
from tests.support.provider_sim import SIMULATOR_URL, configure

# A day no other test writes on: the report of a range reads every order placed in it.
DAY = datetime(2040 + secrets.randbelow(50), 1 + secrets.randbelow(12), 10, 12, tzinfo=UTC)
FIRST, LAST = DAY.date(), (DAY + timedelta(days=2)).date()
RANGE = f"from={FIRST.isoformat()}&to={LAST.isoformat()}"


def _send(user_id: str, service_id: int, quantity: int) -> int:
    order = orders.place(user_id, service_id, {"link": f"https://instagram.com/p/{secrets.token_hex(4)}",
                                               "quantity": quantity})
    assert dispatch.dispatch(order.order_id) == "sent"
    return order.order_id


@pytest.fixture
def reported(client, new_client, clock, ack_off):
    """The scenario of the range, as seen by a fresh admin twenty days later (no automatic
    acknowledgement: the ticket waits for staff's first response, which never comes)."""
    clock.at = DAY
    configure(reset=True)
    provider = catalog.add_provider(f"Report sim {secrets.token_hex(3)}", SIMULATOR_URL, API_KEY)
    catalog.import_services(provider.provider_id)
    ours = {s.provider_service: s for s in catalog_store.services() if s.provider_id == provider.provider_id}
    followers, likes = ours["101"], ours["102"]  # the simulator's rates: 0.90 and 0.12 per 1000
    for svc in (followers, likes):  # our rates: 1.35 and 0.18
        catalog_store.put_service(replace(svc, markup_percent=Decimal("50"), enabled=True,
                                          name=f"Ours {svc.provider_name}"))
    followers, likes = (catalog_store.get_service(s.service_id) for s in (followers, likes))

    user_id = sign_in_customer(client, "0")
    admin = new_client()
    sign_in_staff(admin, clock, Role.ADMIN)
    for amount in ("40.00", "12.34"):
        made = admin.post(f"/admin/users/{user_id}/top-ups", {"amount": amount, "method": "crypto", "reference": "r"},
                          headers={"Idempotency-Key": secrets.token_hex(8)})
        assert made.status_code == 201, made.data

    configure(services={"101": {"duration_seconds": 0.2}, "102": {"duration_seconds": 0.2, "outcome": "partial",
                                                                   "partial_remains": 400}})
    completed = _send(user_id, followers.service_id, 1000)  # 1.35 charged, 0.90 cost
    partial = _send(user_id, likes.service_id, 5000)        # 0.90 charged, 0.60 cost; 400 not delivered
    configure(services={"101": {"duration_seconds": 0.2, "outcome": "canceled"}})
    canceled = _send(user_id, followers.service_id, 2000)   # 2.70 charged, all refunded, nothing owed
    ticket = client.post("/tickets", {"subject": "Slow order", "category": "orders", "message": "Not started yet.",
                                      "order_ids": [completed]})
    assert ticket.status_code == 201, ticket.data
    time.sleep(0.4)
    status_sync.sync_provider(provider)
    assert [order_store.get(i).status.value for i in (completed, partial, canceled)] == [
        "completed", "partial", "canceled"]

    clock.at = DAY + timedelta(days=1)
    configure(services={"101": {"duration_seconds": 3600}, "102": {"duration_seconds": 3600}})
    _send(user_id, followers.service_id, 400)               # open: 0.54 charged, 0.36 cost
    legacy = _send(user_id, likes.service_id, 1000)         # 0.18 charged, sent before costs were recorded
    dynamo.update(keys.order(legacy), "REMOVE provider_cost")

    clock.at = DAY + timedelta(days=20)  # the ticket's first response (7 business days) is long overdue
    reader = new_client()
    sign_in_staff(reader, clock, Role.ADMIN)
    return reader, provider, followers, likes


def test_the_report_adds_up_every_figure_to_the_cent(reported) -> None:
    admin, provider, followers, likes = reported
    response = admin.get(f"/admin/reports?{RANGE}")
    assert response.status_code == 200, response.data
    report = response.data
    assert (report["from"], report["to"]) == (FIRST.isoformat(), LAST.isoformat())
    assert report["days"] == [
        {"day": FIRST.isoformat(), "top_ups": 2, "top_up_amount": "52.34000", "orders": 3, "revenue": "2.17800",
         "provider_cost": "1.45200", "profit": "0.72600", "orders_without_cost": 0},
        {"day": (FIRST + timedelta(days=1)).isoformat(), "top_ups": 0, "top_up_amount": "0.00000", "orders": 2,
         "revenue": "0.72000", "provider_cost": None, "profit": None, "orders_without_cost": 1},
        {"day": LAST.isoformat(), "top_ups": 0, "top_up_amount": "0.00000", "orders": 0, "revenue": "0.00000",
         "provider_cost": "0.00000", "profit": "0.00000", "orders_without_cost": 0},
    ]
    assert report["totals"] == {"orders": 5, "revenue": "2.89800", "provider_cost": None, "profit": None,
                                "orders_without_cost": 1}
    assert (report["top_ups"], report["top_up_amount"]) == (2, "52.34000")
    assert report["providers"] == [{"id": provider.provider_id, "name": provider.name, "orders": 5,
                                    "revenue": "2.89800", "provider_cost": None, "profit": None,
                                    "orders_without_cost": 1}]
    assert report["services"] == [
        {"id": followers.service_id, "name": followers.name, "orders": 3, "revenue": "1.89000",
         "provider_cost": "1.26000", "profit": "0.63000", "orders_without_cost": 0},
        {"id": likes.service_id, "name": likes.name, "orders": 2, "revenue": "1.00800", "provider_cost": None,
         "profit": None, "orders_without_cost": 1},
    ]
    assert {s["status"]: s["orders"] for s in report["statuses"]} == {
        "pending": 0, "sending": 0, "in_progress": 0, "processing": 2, "completed": 1, "partial": 1, "canceled": 1,
        "needs_review": 0}
    assert (report["tickets_opened"], report["first_response_breaches"]) == (1, 1)

    days = admin.get(f"/admin/reports.csv?{RANGE}")
    assert days.status_code == 200
    assert days.headers["content-type"].startswith("text/csv")
    assert f'filename="report-days-{FIRST.isoformat()}-to-{LAST.isoformat()}.csv"' in days.headers[
        "content-disposition"]
    rows = list(csv.reader(io.StringIO(days.body.decode())))
    assert rows[0][:5] == ["day", "top_ups", "top_up_amount", "orders", "revenue"]
    assert rows[1] == [FIRST.isoformat(), "2", "52.34000", "3", "2.17800", "1.45200", "0.72600", "0"]
    assert rows[2][5:] == ["unknown", "unknown", "1"]
    services = list(csv.reader(io.StringIO(admin.get(f"/admin/reports.csv?{RANGE}&table=services").body.decode())))
    assert services[1] == [str(followers.service_id), followers.name, "3", "1.89000", "1.26000", "0.63000", "0"]


def test_only_admins_read_reports(client, new_client, clock) -> None:
    sign_in_customer(client)
    support = new_client()
    sign_in_staff(support, clock, Role.SUPPORT)
    for who in (client, support):
        for path in ("/admin/reports", "/admin/reports.csv"):
            assert who.get(f"{path}?{RANGE}").status_code == 403


@pytest.mark.parametrize(("query", "words"), [
    ("", "both"),
    ("from=2031-01-01", "both"),
    ("from=2031-01-05&to=2031-01-04", "after"),
    ("from=2031-01-01&to=2031-04-03", "92 days"),
    ("from=2031-02-30&to=2031-03-01", "date like"),
    ("from=yesterday&to=2031-03-01", "date like"),
])
def test_bad_ranges_are_refused_in_words(client, clock, query, words) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    for path in ("/admin/reports", "/admin/reports.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400 and words in response.data["error"], response.data


def test_an_unknown_csv_table_is_refused(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    response = client.get("/admin/reports.csv?from=2031-01-01&to=2031-01-02&table=users")
    assert response.status_code == 400 and "days, providers, services, statuses" in response.data["error"]
