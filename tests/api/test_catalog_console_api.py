"""The catalog console through the API: preview and selective import, customer names, change
reports and their acknowledgement, below-cost custom rates, a provider's low-balance threshold."""

from __future__ import annotations

import secrets

from chalicelib.domain.accounts import Role
from chalicelib.services import audit_log, caches
from chalicelib.store import catalog as catalog_store
from devstack.provider_sim import API_KEY, CATALOG
from tests.support.accounts import customer, sign_in_customer, sign_in_staff
from tests.support.provider_sim import SIMULATOR_URL, configure


def _provider(client) -> int:
    added = client.post("/admin/providers", {"name": f"Sim {secrets.token_hex(3)}", "api_url": SIMULATOR_URL,
                                             "api_key": API_KEY})
    assert added.status_code == 201, added.data
    return added.data["provider"]["id"]


def _service(client, service_id: int) -> dict:
    return next(s for s in client.get("/admin/services").data["services"] if s["service"] == service_id)


def test_customers_cannot_reach_the_catalog_console(client) -> None:
    sign_in_customer(client)
    for method, path in (("GET", "/admin/providers/1/services"), ("POST", "/admin/providers/1/sync"),
                         ("GET", "/admin/catalog/changes"), ("POST", "/admin/catalog/changes/1/ack")):
        assert client.request(method, path).status_code == 403


def test_staff_preview_import_two_name_and_enable_them_and_customers_see_only_their_names(client, clock) -> None:
    configure(reset=True)
    sign_in_staff(client, clock, Role.ADMIN)
    provider_id = _provider(client)
    preview = client.get(f"/admin/providers/{provider_id}/services")
    assert preview.status_code == 200, preview.data
    assert len(preview.data["services"]) == len(CATALOG)
    assert all(s["imported_as"] is None for s in preview.data["services"])

    imported = client.post(f"/admin/providers/{provider_id}/import", {"services": ["101", "102"]}).data["imported"]
    assert len(imported) == 2
    marked = {s["provider_service"]: s["imported_as"] for s in
              client.get(f"/admin/providers/{provider_id}/services").data["services"]}
    assert sorted(i for i in marked.values() if i) == sorted(imported) and marked["103"] is None

    first = _service(client, imported[0])
    upstream_name = first["provider_name"]
    assert first["name"] == "" and not first["enabled"] and upstream_name
    path = f"/admin/services/{imported[0]}"
    refused = client.request("PATCH", path, {"enabled": True})
    assert refused.status_code == 400 and "customer-facing name" in refused.data["error"]
    assert _service(client, imported[0]) == first

    named = client.request("PATCH", path, {"name": "Real followers", "enabled": True, "category": "Instagram",
                                           "sort": 3, "refill_window_days": 14, "one_active_order_per_link": True})
    assert named.status_code == 200, named.data
    assert named.data["service"]["name"] == "Real followers" and named.data["service"]["refill_window_days"] == 14
    caches.catalog.clear()
    public = client.get("/services/public").data["services"]
    shown = next(s for s in public if s["service"] == imported[0])
    assert shown["name"] == "Real followers" and shown["category"] == "Instagram"
    # Other tests' services share the table (some named after their provider's names on purpose):
    # the provider's name is looked for in this service's own answer.
    assert upstream_name not in str(shown)
    assert all(s["service"] != imported[1] for s in public)  # still disabled and unnamed


def test_a_sync_reports_price_and_limit_changes_until_staff_acknowledge(client, clock) -> None:
    configure(reset=True)
    admin_id = sign_in_staff(client, clock, Role.ADMIN)
    provider_id = _provider(client)
    client.post(f"/admin/providers/{provider_id}/import", {"services": ["101", "102", "103"]})
    changed = [dict(e) for e in CATALOG if e["service"] != 103]
    changed[0]["rate"], changed[1]["rate"], changed[1]["max"] = "1.10", "0.10", "40000"
    configure(catalog=changed)
    try:
        assert client.post(f"/admin/providers/{provider_id}/sync").status_code == 200
    finally:
        configure(reset=True)
    reports = [r for r in client.get("/admin/catalog/changes").data["reports"] if r["provider_id"] == provider_id]
    assert len(reports) == 1
    lines = {(line["kind"], line["provider_service"], line["old"], line["new"]) for line in reports[0]["lines"]}
    assert {("price_up", "101", "0.9", "1.1"), ("price_down", "102", "0.12", "0.1"),
            ("limits", "102", "10-50000", "10-40000"), ("gone", "103", None, None)} <= lines
    assert ("new", "104", None, "7.5") in lines  # offered, not imported

    report_id = reports[0]["id"]
    assert client.post(f"/admin/catalog/changes/{report_id}/ack").status_code == 200
    assert all(r["id"] != report_id for r in client.get("/admin/catalog/changes").data["reports"])
    again = client.post(f"/admin/catalog/changes/{report_id}/ack")
    assert again.status_code == 400 and "already" in again.data["error"]
    assert client.post("/admin/catalog/changes/99999999/ack").status_code == 404
    records, _ = audit_log.subject_page(f"catalog:changes:{report_id}", 10, None)
    assert [r.actor for r in records] == [admin_id]


def test_a_custom_rate_below_the_providers_rate_is_refused_and_changes_nothing(client, clock) -> None:
    configure(reset=True)
    sign_in_staff(client, clock, Role.ADMIN)
    provider_id = _provider(client)
    service_id = client.post(f"/admin/providers/{provider_id}/import", {"services": ["101"]}).data["imported"][0]
    user_id = customer()
    refused = client.request("PUT", f"/admin/users/{user_id}/rates", {"service": service_id, "fixed_rate": "0.80"})
    assert refused.status_code == 400
    assert "0.8 per 1000" in refused.data["error"] and "provider's rate of 0.9" in refused.data["error"]
    assert catalog_store.custom_rates(user_id) == {}
    too_deep = client.request("PUT", f"/admin/users/{user_id}/rates", {"discount_percent": "50"})
    assert too_deep.status_code == 400 and catalog_store.custom_rates(user_id) == {}
    fine = client.request("PUT", f"/admin/users/{user_id}/rates", {"service": service_id, "fixed_rate": "0.95"})
    assert fine.status_code == 200, fine.data


def test_a_providers_own_low_balance_threshold_flags_its_last_balance(client, clock) -> None:
    configure(reset=True)
    sign_in_staff(client, clock, Role.ADMIN)
    provider_id = _provider(client)

    def listed() -> dict:
        return next(p for p in client.get("/admin/providers").data["providers"] if p["id"] == provider_id)

    assert client.post(f"/admin/providers/{provider_id}/balance").data["balance"] == "1250.40"
    assert listed()["low_balance"] is False and listed()["low_balance_usd"] is None
    bad = client.request("PATCH", f"/admin/providers/{provider_id}", {"low_balance_usd": "lots"})
    assert bad.status_code == 400 and listed()["low_balance_usd"] is None
    assert client.request("PATCH", f"/admin/providers/{provider_id}", {"low_balance_usd": "2000"}).status_code == 200
    assert listed()["low_balance"] is True and listed()["low_balance_threshold"] == "2000.00000"
    assert listed()["last_balance"]["balance"] == "1250.40"  # an edit keeps the last balance seen
    client.request("PATCH", f"/admin/providers/{provider_id}", {"clear_low_balance": True})
    assert listed()["low_balance_usd"] is None and listed()["low_balance"] is False
