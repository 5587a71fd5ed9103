"""The customers console through the API (admins only): list newest first and search, a
customer's orders, sessions and API keys with revocations that take effect at once, custom
rates deleted, and the staff lock that stops ordering on the web and the reseller API v2.
Every change is audited; bad input is a 400 and changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta

from chalicelib.domain.accounts import Role
from chalicelib.domain.audit_log import Action
from chalicelib.services import audit_log
from chalicelib.store import customers as customer_store
from chalicelib.store import users
from tests.support.accounts import email_of, sign_in_customer, sign_in_staff
from tests.support.catalog import service

LINK = "https://example.com/p/1"


def _actions(user_id: str) -> list[str]:
    records, _ = audit_log.subject_page(f"user:{user_id}", 100, None)
    return [r.action.value for r in records]


def _v2(client, key: str, **params: object) -> dict:
    response = client.request("POST", "/v2", raw=json.dumps({"key": key, **params}).encode(), csrf=False)
    return response.data


def test_admins_list_newest_first_and_search_by_id_email_and_username(fresh_table, client, new_client,
                                                                     clock) -> None:
    first = sign_in_customer(new_client())
    clock.at += timedelta(seconds=1)  # the clock is frozen: the second customer is a second younger
    second = sign_in_customer(new_client())
    sign_in_staff(client, clock, Role.ADMIN)
    listed = client.get("/admin/customers?limit=100").data
    ids = [c["id"] for c in listed["customers"]]
    assert ids.index(second) < ids.index(first)  # newest first
    assert all(c["role"] == "customer" for c in listed["customers"])
    one = client.get("/admin/customers?limit=1").data
    assert len(one["customers"]) == 1 and one["next_cursor"]
    user = users.get(first)
    assert user is not None
    for q in (first, user.email.upper(), user.username.upper()):
        found = client.get(f"/admin/customers?q={q}").data["customers"]
        assert [c["id"] for c in found] == [first], q
    assert client.get("/admin/customers?q=nobody@example.com").data["customers"] == []
    assert client.get(f"/admin/customers?q={'a' * 300}").status_code == 400


def test_only_admins_may_use_the_console(client, new_client, clock) -> None:
    customer_id = sign_in_customer(client)
    support = new_client()
    sign_in_staff(support, clock, Role.SUPPORT)
    for who, status in ((client, 403), (support, 403), (new_client(), 401)):
        assert who.get("/admin/customers").status_code == status
        assert who.request("DELETE", f"/admin/users/{customer_id}/sessions").status_code == status
        assert who.post(f"/admin/users/{customer_id}/lock", {"reason": "x"}).status_code == status
    assert client.get("/me").status_code == 200


def test_revoking_a_session_and_an_api_key_takes_effect_at_once(client, new_client, clock) -> None:
    customer = new_client()
    customer_id = sign_in_customer(customer)
    key = customer.post("/me/api-keys", {"label": "bot"}).data
    assert "error" not in _v2(customer, key["key"], action="balance")
    sign_in_staff(client, clock, Role.ADMIN)

    sessions = client.get(f"/admin/users/{customer_id}/sessions").data["sessions"]
    assert len(sessions) == 1
    assert client.request("DELETE", f"/admin/users/{customer_id}/sessions/nosuch").status_code == 404
    assert customer.get("/me").status_code == 200
    assert client.request("DELETE", f"/admin/users/{customer_id}/sessions/{sessions[0]['id']}").status_code == 200
    assert customer.get("/me").status_code == 401
    assert client.get(f"/admin/users/{customer_id}/sessions").data["sessions"] == []

    again = new_client()
    again.login(email_of(customer_id))
    assert client.request("DELETE", f"/admin/users/{customer_id}/sessions").data["revoked"] == 1
    assert again.get("/me").status_code == 401

    keys = client.get(f"/admin/users/{customer_id}/api-keys").data["keys"]
    assert [k["id"] for k in keys] == [key["api_key"]["id"]] and "key" not in keys[0]
    assert client.request("DELETE", f"/admin/users/{customer_id}/api-keys/nosuch").status_code == 404
    assert client.request("DELETE", f"/admin/users/{customer_id}/api-keys/{keys[0]['id']}").status_code == 200
    assert _v2(customer, key["key"], action="balance") == {"error": "Invalid API key"}
    assert {"account.session_revoked", "account.sessions_revoked", "account.api_key_revoked"} <= set(
        _actions(customer_id))


def test_custom_rates_are_deleted_and_bad_targets_change_nothing(client, new_client, clock) -> None:
    customer_id = sign_in_customer(new_client())
    svc = service(provider_rate="1.00")
    sign_in_staff(client, clock, Role.ADMIN)
    assert client.request("PUT", f"/admin/users/{customer_id}/rates",
                          {"service": svc.service_id, "fixed_rate": "1.50"}).status_code == 200
    assert client.request("DELETE", f"/admin/users/{customer_id}/rates?service=x").status_code == 400
    assert client.request("DELETE", f"/admin/users/{customer_id}/rates").status_code == 404  # no discount on all
    rates = client.get(f"/admin/users/{customer_id}").data["custom_rates"]
    assert [r["service"] for r in rates] == [svc.service_id]
    assert client.request("DELETE", f"/admin/users/{customer_id}/rates?service={svc.service_id}").status_code == 200
    assert client.get(f"/admin/users/{customer_id}").data["custom_rates"] == []
    assert Action.CUSTOM_RATE_DELETED.value in _actions(customer_id)


def test_the_staff_lock_stops_ordering_on_the_web_and_the_api_until_lifted(client, new_client, clock) -> None:
    customer = new_client()
    customer_id = sign_in_customer(customer, balance="50.00")
    key = customer.post("/me/api-keys", {"label": "bot"}).data["key"]
    svc = service(provider_rate="1.00")
    sign_in_staff(client, clock, Role.ADMIN)

    assert client.post(f"/admin/users/{customer_id}/lock", {"reason": "  "}).status_code == 400
    assert client.post(f"/admin/users/{customer_id}/lock", {}).status_code == 400
    assert client.post("/admin/users/u0000000000000000/lock", {"reason": "fraud"}).status_code == 404
    assert customer_store.staff_lock_of(customer_id) is None
    locked = client.post(f"/admin/users/{customer_id}/lock", {"reason": "chargeback pattern"})
    assert locked.status_code == 200 and locked.data["staff_lock"]["reason"] == "chargeback pattern"
    assert client.post(f"/admin/users/{customer_id}/lock", {"reason": "again"}).status_code == 409
    assert client.get(f"/admin/users/{customer_id}").data["staff_lock"] == "chargeback pattern"

    web = customer.post("/orders", {"service": svc.service_id, "link": LINK, "quantity": 100})
    assert web.status_code == 403 and "staff" in web.data["error"]
    api = _v2(customer, key, action="add", service=svc.service_id, link=LINK, quantity=100)
    assert "locked" in api["error"]
    assert "locked" in _v2(customer, key, action="balance")["error"]
    assert client.get(f"/admin/users/{customer_id}/orders").data["orders"] == []

    assert client.post(f"/admin/users/{customer_id}/lock/lift", {"note": ""}).status_code == 400
    lifted = client.post(f"/admin/users/{customer_id}/lock/lift", {"note": "cleared with the bank"})
    assert lifted.status_code == 200 and lifted.data["staff_lock"] is None
    assert client.post(f"/admin/users/{customer_id}/lock/lift", {"note": "again"}).status_code == 409
    placed = customer.post("/orders", {"service": svc.service_id, "link": LINK, "quantity": 100})
    assert placed.status_code == 201, placed.data
    orders = client.get(f"/admin/users/{customer_id}/orders").data["orders"]
    assert [o["id"] for o in orders] == [placed.data["order"]["id"]]
    assert "error" not in _v2(customer, key, action="balance")
    actions = _actions(customer_id)
    assert "account.staff_locked" in actions and "account.staff_unlocked" in actions


def test_customers_made_before_the_index_join_it_by_the_backfill(client, new_client, clock) -> None:
    from chalicelib.store import dynamo, keys

    customer_id = sign_in_customer(new_client())
    dynamo.update(keys.user(customer_id), "REMOVE gsi3pk, gsi3sk")
    sign_in_staff(client, clock, Role.ADMIN)
    assert customer_id not in [c["id"] for c in client.get("/admin/customers?limit=100").data["customers"]]
    assert customer_store.index_existing() >= 1
    assert customer_id in [c["id"] for c in client.get("/admin/customers?limit=100").data["customers"]]
    assert customer_id in [u.user_id for u in customer_store.page(100, None)[0]]
