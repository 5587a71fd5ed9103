"""GET /api/legal: what the public policy pages render, for anyone, from settings and the lists
in the repository."""

from __future__ import annotations

import json

import pytest

from chalicelib.services import caches, legal
from chalicelib.settings import get_settings
from chalicelib.store import dynamo, keys


@pytest.mark.promise("P9")
def test_the_policy_data_names_the_operator_and_every_recipient_of_the_list(client, monkeypatch) -> None:
    monkeypatch.setenv("PANEL_COMPANY_NAME", "Acme Growth Ltd")
    monkeypatch.setenv("PANEL_PRIVACY_EMAIL", "dpo@acme.example")
    get_settings.cache_clear()
    dynamo.delete(keys.brand_settings())  # no white-label address saved: the settings' apply
    caches.brand.clear()
    try:
        response = client.get("/legal")
    finally:
        get_settings.cache_clear()
    assert response.status_code == 200
    assert response.data["operator"]["company_name"] == "Acme Growth Ltd"
    assert response.data["operator"]["privacy_email"] == "dpo@acme.example"
    listed = json.loads(legal.RECIPIENTS_FILE.read_text())["recipients"]
    assert [r["name"] for r in response.data["recipients"]] == [r["name"] for r in listed]
    assert all(r["receives"] and r["basis"] for r in response.data["recipients"])
    providers = next(r for r in response.data["recipients"] if r["name"] == "Upstream service providers")
    assert "never your e-mail" in providers["basis"]   # P3: what an order needs, never who ordered
    assert response.data["periods"] == {"login_ip_business_days": 90, "ticket_text_days": 365}
    assert response.data["cookies"] and all(c["name"] and c["category"] for c in response.data["cookies"])


def test_the_policy_data_needs_no_sign_in_and_accepts_only_get(client) -> None:
    assert client.get("/legal").status_code == 200
    assert client.request("POST", "/legal", {}).status_code in (403, 405)
