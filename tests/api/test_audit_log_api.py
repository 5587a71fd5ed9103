"""The staff audit log through the API: admins read it; nobody can change it."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.store import dynamo, keys
from devstack.provider_sim import API_KEY
from tests.support.accounts import customer, sign_in_customer, sign_in_staff
from tests.support.provider_sim import SIMULATOR_URL


def _raw(record_id: str) -> dict | None:
    response = dynamo.client().get_item(TableName=dynamo.table_name(),
                                        Key=dynamo.to_attributes(keys.audit_record(record_id)), ConsistentRead=True)
    return response.get("Item")


def test_admin_actions_are_recorded_with_the_admin_as_actor(client, clock) -> None:
    admin_id = sign_in_staff(client, clock, Role.ADMIN)
    target = customer("0")
    credit = client.post(f"/admin/users/{target}/adjust", {"amount": "3", "direction": "credit", "reason": "sorry"})
    assert credit.status_code == 201
    refused = client.post(f"/admin/users/{target}/adjust", {"amount": "30", "direction": "debit", "reason": "x"})
    assert refused.status_code == 402
    trail = client.get(f"/admin/audit?subject=user:{target}")
    assert trail.status_code == 200
    [made] = trail.data["records"]
    assert (made["actor"], made["action"], made["subject"]) == (admin_id, "balance.adjusted", f"user:{target}")
    assert made["before"] == {"balance": "0.00000"} and made["after"]["balance"] == "3.00000"
    assert made["at"].endswith("+00:00")
    month = client.get(f"/admin/audit?month={clock.at.strftime('%Y-%m')}&limit=100").data["records"]
    assert made["id"] in {r["id"] for r in month}

    added = client.post("/admin/providers", {"name": "Keyed", "api_url": SIMULATOR_URL, "api_key": API_KEY})
    provider_id = added.data["provider"]["id"]
    new_key = "k-" + secrets.token_hex(10)
    clock.at += timedelta(seconds=1)  # records of one instant have no order among themselves
    client.request("PATCH", f"/admin/providers/{provider_id}", {"api_key": new_key})
    records = client.get(f"/admin/audit?subject=provider:{provider_id}").data["records"]
    assert [r["action"] for r in records] == ["provider.key_changed", "provider.added"]
    assert all(r["actor"] == admin_id for r in records)
    for record in records:  # the stored items themselves, not just what the API shows
        stored = json.dumps(_raw(record["id"]))
        assert API_KEY not in stored and new_key not in stored and API_KEY[-4:] not in stored


@pytest.mark.parametrize("role", [Role.SUPPORT, Role.LEGAL])
def test_other_staff_cannot_read_the_log(client, clock, role) -> None:
    sign_in_staff(client, clock, role)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit?subject=user:x").status_code == 403


def test_customers_and_strangers_cannot_read_the_log(client, new_client) -> None:
    assert new_client().get("/admin/audit").status_code == 401
    sign_in_customer(client)
    assert client.get("/admin/audit").status_code == 403


def test_bad_queries_are_clear_400s(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    for query, field in (("month=2026-13", "month"), ("month=26-01", "month"), ("subject=nothing", "subject"),
                         ("subject=user:a/b", "subject"), ("limit=0", "limit")):
        response = client.get(f"/admin/audit?{query}")
        assert response.status_code == 400 and field in response.data["fields"], query
    both = client.get("/admin/audit?month=2026-01&subject=user:x")
    assert both.status_code == 400 and "not both" in both.data["error"]


def test_no_route_changes_or_deletes_a_record(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    target = customer("0")
    client.post(f"/admin/users/{target}/adjust", {"amount": "1", "direction": "credit", "reason": "kept"})
    [made] = client.get(f"/admin/audit?subject=user:{target}").data["records"]
    before = _raw(made["id"])
    assert before is not None
    tampered = {"actor": "nobody", "action": "balance.adjusted", "after": {"balance": "999"}}
    for method in ("PUT", "PATCH", "DELETE", "POST"):
        for path in ("/admin/audit", f"/admin/audit/{made['id']}", f"/admin/audit?subject=user:{target}"):
            client.request(method, path, tampered)
    assert _raw(made["id"]) == before
    assert client.get(f"/admin/audit?subject=user:{target}").data["records"] == [made]


def test_the_month_pages_with_a_cursor(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    target = customer("0")
    for n in range(3):
        client.post(f"/admin/users/{target}/adjust", {"amount": "1", "direction": "credit", "reason": f"r{n}"})
    first = client.get(f"/admin/audit?subject=user:{target}&limit=2").data
    assert len(first["records"]) == 2 and first["next_cursor"]
    rest = client.get(f"/admin/audit?subject=user:{target}&limit=2&cursor={first['next_cursor']}").data
    reasons = [r["after"]["reason"] for r in first["records"] + rest["records"]]
    assert sorted(reasons) == ["r0", "r1", "r2"] and len(set(reasons)) == 3
