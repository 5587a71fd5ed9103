"""The client IP recorded at sign-in and counted by throttles cannot be forged."""

from __future__ import annotations

import pytest

from chalicelib.store import logins

CHALICE_SOURCE_IP = "127.0.0.1"  # the connection's source address in chalice's test gateway


def _signed_in_ip(client, unique_email: str, headers: dict[str, str]) -> str:
    client.register(unique_email)
    assert client.request("POST", "/auth/login", {"email": unique_email, "password": "a-good-password"},
                          headers=headers).status_code == 200
    user_id = client.get("/me").data["user"]["id"]
    (record,) = logins.of_user(user_id)
    return str(record["ip"])


@pytest.mark.parametrize("proof", ["", "wrong-secret", "x" * 40])
def test_a_viewer_address_without_the_origin_secret_is_ignored(client, unique_email, proof) -> None:
    headers = {"CloudFront-Viewer-Address": "192.0.2.99:5555", "X-Origin-Verify": proof}
    assert _signed_in_ip(client, unique_email, headers) == CHALICE_SOURCE_IP


def test_a_viewer_address_with_the_origin_secret_is_used(client, unique_email) -> None:
    client.ip = "2001:db8:1:2::77"
    assert _signed_in_ip(client, unique_email, {}) == "2001:db8:1:2::77"


def test_no_configured_secret_means_the_viewer_address_is_never_trusted(client, unique_email, monkeypatch) -> None:
    from chalicelib.settings import get_settings

    monkeypatch.setenv("PANEL_ORIGIN_VERIFY_SECRET", "")
    get_settings.cache_clear()
    try:
        assert _signed_in_ip(client, unique_email, {"X-Origin-Verify": ""}) == CHALICE_SOURCE_IP
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_ipv6_addresses_in_one_64_share_a_throttle(client, new_client, monkeypatch) -> None:
    import secrets

    from chalicelib.settings import get_settings

    monkeypatch.setenv("PANEL_LOGIN_FAILURES_PER_IP", "3")
    get_settings.cache_clear()
    try:
        prefix = f"2001:db8:{secrets.randbelow(65536):x}:{secrets.randbelow(65536):x}"
        for n in range(3):
            visitor = new_client()
            visitor.ip = f"{prefix}::{n + 1:x}"
            assert visitor.login(f"v6-{n}-{secrets.token_hex(4)}@example.com", "wrong-password").status_code == 401
        neighbour = new_client()
        neighbour.ip = f"{prefix}:ffff:ffff:ffff:ffff"
        assert neighbour.login(f"v6-x-{secrets.token_hex(4)}@example.com", "wrong-password").status_code == 429
        elsewhere = new_client()
        elsewhere.ip = f"{prefix[:-1]}{'0' if prefix[-1] != '0' else '1'}::1"  # another /64
        assert elsewhere.login(f"v6-y-{secrets.token_hex(4)}@example.com", "wrong-password").status_code == 401
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
