"""Admins change a provider through the API: a new URL needs the API key in the same request."""

from __future__ import annotations

from chalicelib.domain.accounts import Role
from devstack.provider_sim import API_KEY
from devstack.stack import TEST
from tests.support.accounts import sign_in_staff
from tests.support.provider_sim import SIMULATOR_URL


def _listed(client, provider_id: int) -> dict:
    return next(p for p in client.get("/admin/providers").data["providers"] if p["id"] == provider_id)


def test_a_new_provider_url_without_the_key_is_refused_and_changes_nothing(client, clock) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    created = client.post("/admin/providers", {"name": "Sim", "api_url": SIMULATOR_URL, "api_key": API_KEY})
    provider_id = created.data["provider"]["id"]
    before = _listed(client, provider_id)
    path = f"/admin/providers/{provider_id}"
    other = f"http://localhost:{TEST.provider_port}/api/v2"

    refused = client.request("PATCH", path, {"api_url": other, "name": "Renamed"})
    assert refused.status_code == 400
    assert refused.data["error"] == "Enter the provider's API key again to change its API URL."
    assert _listed(client, provider_id) == before

    metadata = client.request("PATCH", path, {"api_url": "https://169.254.169.254/", "api_key": "k" * 12})
    assert metadata.status_code == 400 and "link-local" in metadata.data["error"]
    assert _listed(client, provider_id) == before

    moved = client.request("PATCH", path, {"api_url": other, "api_key": API_KEY})
    assert moved.status_code == 200 and moved.data["provider"]["api_url"] == other
    assert client.post(f"/admin/providers/{provider_id}/balance").data["balance"] == "1250.40"

