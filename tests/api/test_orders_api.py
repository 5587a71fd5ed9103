"""Orders, catalog, balance and the admin console through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.store import ledger as ledger_store
from devstack.provider_sim import API_KEY
from tests.support.accounts import customer, sign_in_customer, sign_in_staff
from tests.support.catalog import service
from tests.support.provider_sim import SIMULATOR_URL, configure

LINK = "https://instagram.com/p/xyz"


def test_customers_see_their_price_and_never_the_provider(client) -> None:
    user_id = sign_in_customer(client)
    svc = service(provider_rate="1.00", markup="50")
    listed = {s["service"]: s for s in client.get("/services").data["services"]}
    assert listed[svc.service_id]["rate"] == "1.50000"
    assert set(listed[svc.service_id]) == {"service", "name", "description", "category", "type", "rate", "min",
                                           "max", "refill", "cancel", "dripfeed"}
    from chalicelib.services import catalog

    catalog.set_custom_rate(user_id, svc.service_id, None, Decimal("10"))
    listed = {s["service"]: s for s in client.get("/services").data["services"]}
    assert listed[svc.service_id]["rate"] == "1.35000"


def test_place_an_order_and_read_it_back(client) -> None:
    user_id = sign_in_customer(client, "10.00")
    svc = service(provider_rate="2.00")
    response = client.post("/orders", {"service": svc.service_id, "link": LINK, "quantity": 500})
    assert response.status_code == 201, response.data
    order = response.data["order"]
    assert order["charge"] == "1.00000" and order["status"] == "Pending"
    assert "provider" not in str(order.keys())
    assert client.get(f"/orders/{order['id']}").data["order"]["link"] == LINK
    assert client.get("/orders").data["orders"][0]["id"] == order["id"]
    balance = client.get("/balance").data
    assert balance["balance"] == "9.00000"
    assert [e["kind"] for e in balance["ledger"]] == ["order_charge", "top_up"]
    assert ledger_store.account(user_id).balance == Decimal("9.00000")


def test_idempotency_key_header_charges_once(client) -> None:
    sign_in_customer(client, "10.00")
    svc = service(provider_rate="2.00")
    body = {"service": svc.service_id, "link": LINK, "quantity": 500}
    first = client.post("/orders", body, headers={"Idempotency-Key": "abc-1"})
    again = client.post("/orders", body, headers={"Idempotency-Key": "abc-1"})
    assert first.data["order"]["id"] == again.data["order"]["id"]
    assert client.get("/balance").data["balance"] == "9.00000"
    other = client.post("/orders", {**body, "quantity": 600}, headers={"Idempotency-Key": "abc-1"})
    assert other.status_code == 400 and "different order" in other.data["error"]


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"link": LINK, "quantity": 100}, 400, "'service' is required"),
    ({"service": 99999999, "link": LINK, "quantity": 100}, 400, "Incorrect service ID"),
    ({"service": "x", "link": LINK, "quantity": 100}, 400, "Incorrect service ID"),
    ({"service": "SVC", "link": "ftp://a", "quantity": 100}, 400, "http:// or https://"),
    ({"service": "SVC", "link": LINK, "quantity": 5}, 400, "Quantity less than minimal 10"),
    ({"service": "SVC", "link": "https://x.com/" + "a" * 2001, "quantity": 100}, 400, "2000"),
    ({"service": "SVC", "link": LINK, "quantity": 100_000}, 402, "Not enough funds on balance"),
])
def test_bad_orders_change_nothing(client, body, status, message) -> None:
    user_id = sign_in_customer(client, "1.00")
    svc = service(provider_rate="2.00")
    if body.get("service") == "SVC":
        body = {**body, "service": svc.service_id}
    before = ledger_store.account(user_id)
    response = client.post("/orders", body)
    assert response.status_code == status, response.data
    assert message in response.data["error"]
    assert ledger_store.account(user_id) == before


@pytest.mark.promise("O5")
def test_another_users_order_is_404_and_lists_are_separate(client, new_client) -> None:
    sign_in_customer(client, "5.00")
    svc = service()
    order_id = client.post("/orders", {"service": svc.service_id, "link": LINK, "quantity": 100}).data["order"]["id"]
    intruder = new_client()
    sign_in_customer(intruder, "5.00")
    for path in (f"/orders/{order_id}",):
        assert intruder.get(path).status_code == 404
    for action in ("cancel", "refill"):
        response = intruder.post(f"/orders/{order_id}/{action}")
        assert response.status_code == 404 and response.data["error"] == "Incorrect order ID"
    assert intruder.get("/orders").data["orders"] == []
    assert client.get(f"/orders/{order_id}").data["order"]["status"] == "Pending"


def test_mass_order_reports_each_line(client) -> None:
    sign_in_customer(client, "5.00")
    svc = service()
    text = f"{svc.service_id} | {LINK} | 100\n{svc.service_id} | nope | 100"
    results = client.post("/orders/mass", {"orders": text}).data["results"]
    assert results[0]["order"] and results[0]["error"] is None
    assert results[1]["order"] is None and "http" in results[1]["error"]


def test_customers_cannot_reach_the_admin_console(client) -> None:
    sign_in_customer(client)
    assert client.get("/admin/providers").status_code == 403
    assert client.request("PUT", "/admin/catalog/markup", {"markup_percent": "1"}).status_code == 403


def test_admin_adds_a_provider_imports_and_adjusts_balances(client, clock) -> None:
    configure(reset=True)
    admin_id = sign_in_staff(client, clock, Role.ADMIN)
    added = client.post("/admin/providers", {"name": "Sim", "api_url": SIMULATOR_URL, "api_key": API_KEY})
    assert added.status_code == 201, added.data
    provider = added.data["provider"]
    assert provider["api_key"] == "…" + API_KEY[-4:]
    assert API_KEY not in str(client.get("/admin/providers").data)
    assert client.post(f"/admin/providers/{provider['id']}/balance").data == {"balance": "1250.40", "currency": "USD"}
    imported = client.post(f"/admin/providers/{provider['id']}/import").data
    assert len(imported["imported"]) == 8 and imported["skipped"] == []
    again = client.post(f"/admin/providers/{provider['id']}/import").data
    assert again["imported"] == [] and again["already_imported"] == 8

    target = customer("0")
    credit = client.post(f"/admin/users/{target}/adjust", {"amount": "12.5", "direction": "credit",
                                                             "reason": "bank transfer 42"})
    assert credit.status_code == 201 and credit.data["balance"] == "12.50000"
    entry = ledger_store.entries(target)[0]
    assert entry.kind.value == "manual_adjustment" and entry.staff_id == admin_id and entry.reason == "bank transfer 42"
    for bad in ({"amount": "-5", "direction": "credit", "reason": "x"}, {"amount": "abc", "direction": "credit",
                "reason": "x"}, {"amount": "5", "direction": "credit", "reason": ""},
                {"amount": "50", "direction": "debit", "reason": "too much"}):
        assert client.post(f"/admin/users/{target}/adjust", bad).status_code in (400, 402)
    assert ledger_store.account(target).balance == Decimal("12.50000")


def test_bad_provider_urls_are_refused(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    body = {"name": "X", "api_url": "http://example.com/api/v2", "api_key": "k" * 10}
    response = client.post("/admin/providers", body)
    assert response.status_code == 400 and "https://" in response.data["error"]


def test_admin_sets_and_clears_a_backup_provider(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    first = client.post("/admin/providers", {"name": "A", "api_url": SIMULATOR_URL, "api_key": API_KEY}).data
    second = client.post("/admin/providers", {"name": "B", "api_url": SIMULATOR_URL, "api_key": API_KEY}).data
    svc = service(provider_id=first["provider"]["id"])
    path = f"/admin/services/{svc.service_id}"
    refused = client.request("PATCH", path, {"backup_provider_id": first["provider"]["id"],
                                             "backup_provider_service": "102"})
    assert refused.status_code == 400 and "must differ" in refused.data["error"]
    missing = client.request("PATCH", path, {"backup_provider_id": second["provider"]["id"]})
    assert missing.status_code == 400 and "service id" in missing.data["error"]
    done = client.request("PATCH", path, {"backup_provider_id": second["provider"]["id"],
                                          "backup_provider_service": "102"})
    assert done.status_code == 200
    assert (done.data["service"]["backup_provider_id"], done.data["service"]["backup_provider_service"]) == (
        second["provider"]["id"], "102")
    cleared = client.request("PATCH", path, {"clear_backup": True})
    assert cleared.data["service"]["backup_provider_id"] is None
