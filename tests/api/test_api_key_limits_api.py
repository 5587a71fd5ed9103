"""A customer changes a key's per-second and daily limits; bad limits and other people's or
revoked keys are refused and change nothing."""

from __future__ import annotations

from chalicelib.settings import get_settings
from tests.support.accounts import sign_in_customer


def _limits(client, key_id: str) -> tuple[int, int]:
    key = next(k for k in client.get("/me/api-keys").data["keys"] if k["id"] == key_id)
    return key["rps_limit"], key["daily_limit"]


def test_new_keys_take_limits_and_the_list_names_the_highest(client) -> None:
    sign_in_customer(client)
    settings = get_settings()
    made = client.post("/me/api-keys", {"label": "tight", "rps_limit": 3, "daily_limit": 500})
    assert made.status_code == 201
    listed = client.get("/me/api-keys").data
    assert listed["max_rps_limit"] == settings.api_default_rps
    assert listed["max_daily_limit"] == settings.api_default_daily
    assert _limits(client, made.data["api_key"]["id"]) == (3, 500)
    too_loose = client.post("/me/api-keys", {"label": "loose", "rps_limit": settings.api_default_rps + 1})
    assert too_loose.status_code == 400 and "up to" in too_loose.data["error"]
    assert len(client.get("/me/api-keys").data["keys"]) == 1


def test_limits_change_on_a_live_key_and_bad_ones_change_nothing(client) -> None:
    sign_in_customer(client)
    key_id = client.post("/me/api-keys", {"label": "bot"}).data["api_key"]["id"]
    changed = client.request("PUT", f"/me/api-keys/{key_id}/limits", {"rps_limit": 2, "daily_limit": 40})
    assert changed.status_code == 200
    assert (changed.data["api_key"]["rps_limit"], changed.data["api_key"]["daily_limit"]) == (2, 40)
    assert _limits(client, key_id) == (2, 40)
    settings = get_settings()
    for body in ({"rps_limit": 0, "daily_limit": 40}, {"rps_limit": 2, "daily_limit": settings.api_default_daily + 1},
                 {"rps_limit": "many", "daily_limit": 40}, {"rps_limit": 2}):
        refused = client.request("PUT", f"/me/api-keys/{key_id}/limits", body)
        assert refused.status_code == 400, body
        assert refused.data["error"]
    assert _limits(client, key_id) == (2, 40)


def test_revoked_and_other_peoples_keys_are_refused(client, new_client) -> None:
    sign_in_customer(client)
    key_id = client.post("/me/api-keys", {"label": "old"}).data["api_key"]["id"]
    other = new_client()
    sign_in_customer(other)
    assert other.request("PUT", f"/me/api-keys/{key_id}/limits", {"rps_limit": 1, "daily_limit": 1}).status_code == 404
    client.post(f"/me/api-keys/{key_id}/revoke")
    revoked = client.request("PUT", f"/me/api-keys/{key_id}/limits", {"rps_limit": 1, "daily_limit": 1})
    assert revoked.status_code == 400 and "revoked" in revoked.data["error"]
    assert _limits(client, key_id) != (1, 1)
    anonymous = new_client().request("PUT", f"/me/api-keys/{key_id}/limits", {"rps_limit": 1, "daily_limit": 1})
    assert anonymous.status_code == 401
