"""Sign-in, sessions, CSRF, sign-out, throttling and password changes through the API."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

import bcrypt
import pytest

from chalicelib.store import dynamo, keys, logins

PASSWORD = "a-good-password"


def test_login_sets_a_hardened_session_cookie_and_returns_a_csrf_token(client, unique_email) -> None:
    client.register(unique_email)
    response = client.login(unique_email)
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert len(response.data["csrf_token"]) >= 40
    me = client.get("/me")
    assert me.status_code == 200
    assert me.data["user"]["email"] == unique_email
    assert me.data["csrf_token"] == response.data["csrf_token"]


@pytest.mark.promise("P2")
def test_the_session_id_and_password_are_never_stored_in_clear(client, unique_email) -> None:
    """Stored, not logged: test_logs_hold_no_secrets.py checks every log record."""
    client.register(unique_email, password="my-secret-pass-42")
    client.login(unique_email, password="my-secret-pass-42")
    token = client.cookies["session"]
    assert dynamo.get({"pk": f"SESSION#{token}", "sk": "SESSION"}) is None
    from chalicelib.domain.sessions import secret_hash

    assert dynamo.get(keys.session(secret_hash(token))) is not None
    user_id = client.get("/me").data["user"]["id"]
    item = dynamo.get(keys.user(user_id))
    assert bcrypt.checkpw(b"my-secret-pass-42", item["password_hash"].encode())
    assert all("my-secret-pass-42" not in str(v) for v in item.values())


def test_wrong_password_and_unknown_email_get_the_same_answer(client, unique_email) -> None:
    client.register(unique_email)
    wrong = client.login(unique_email, password="wrong-password")
    unknown = client.login("nobody-" + unique_email, password="wrong-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.data == unknown.data == {"error": "E-mail or password is incorrect.", "code": "not_authenticated"}


def test_unknown_email_costs_a_bcrypt_check_too(client, new_client, unique_email, monkeypatch) -> None:
    """Timing must not tell whether an address has an account: both paths run bcrypt."""
    from chalicelib.settings import get_settings

    monkeypatch.setenv("PANEL_BCRYPT_ROUNDS", "10")  # ~60 ms, well above request noise
    get_settings.cache_clear()
    try:
        client.register(unique_email)

        def timed(email: str) -> float:
            other = new_client()
            other.ip = f"198.51.100.{len(email) % 200}"
            started = time.perf_counter()
            other.login(email, password="wrong-password")
            return time.perf_counter() - started

        known = statistics.median(timed(unique_email) for _ in range(3))
        unknown = statistics.median(timed("ghost-" + unique_email) for _ in range(3))
        assert 0.5 < unknown / known < 2.0, (known, unknown)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.mark.promise("P5")
def test_state_changing_requests_need_the_csrf_token(client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    body = {"current_password": PASSWORD, "new_password": "another-good-password"}
    missing = client.post("/me/password", body, csrf=False)
    wrong = client.post("/me/password", body, headers={"X-CSRF-Token": "forged"})
    assert missing.status_code == wrong.status_code == 403
    assert "CSRF" in missing.data["error"]
    # Nothing changed: the old password still works.
    assert client.login(unique_email).status_code == 200
    logout_without_token = client.post("/auth/logout", csrf=False)
    assert logout_without_token.status_code == 403
    assert client.get("/me").status_code == 200


@pytest.mark.promise("P5")
@pytest.mark.parametrize("cookie", ["session=forged-value", "session=", "session=\"; x=1", "garbage;;=="])
def test_forged_or_broken_session_cookies_are_refused(client, cookie) -> None:
    response = client.get("/me", headers={"Cookie": cookie})
    assert response.status_code == 401
    assert response.data["error"] == "Your session has expired. Please sign in again."


@pytest.mark.promise("P5")
def test_one_user_session_never_shows_another_users_account(client, new_client, unique_email) -> None:
    other = new_client()
    client.register(unique_email)
    other.register("b-" + unique_email)
    client.login(unique_email)
    other.login("b-" + unique_email)
    assert client.get("/me").data["user"]["email"] == unique_email
    assert other.get("/me").data["user"]["email"] == "b-" + unique_email


def test_expired_sessions_are_refused_and_active_ones_slide(client, unique_email, clock) -> None:
    client.register(unique_email)
    client.login(unique_email)
    from chalicelib.domain.sessions import secret_hash

    session_key = keys.session(secret_hash(client.cookies["session"]))
    first_expiry = dynamo.get(session_key)["expires_at"]
    clock.at += timedelta(hours=11)
    assert client.get("/me").status_code == 200
    slid = dynamo.get(session_key)["expires_at"]
    assert slid > first_expiry
    clock.at += timedelta(hours=12, minutes=1)
    assert client.get("/me").status_code == 401


def test_logout_ends_the_session_on_the_server(client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    token = client.cookies["session"]
    response = client.post("/auth/logout")
    assert response.status_code == 200
    assert "Max-Age=0" in response.headers["set-cookie"]
    replay = client.get("/me", headers={"Cookie": f"session={token}"})
    assert replay.status_code == 401


def test_failed_logins_are_throttled_per_account_and_address(client, new_client, unique_email) -> None:
    client.register(unique_email)
    attacker = new_client()
    attacker.ip = "192.0.2.66"
    for _ in range(5):
        assert attacker.login(unique_email, password="wrong-password").status_code == 401
    blocked = attacker.login(unique_email)  # even the right password waits, from this address
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.data["error"]
    assert int(blocked.headers["retry-after"]) > 0


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(client, new_client, unique_email) -> None:
    client.register(unique_email)
    client.ip = "198.51.100.20"
    attacker = new_client()
    attacker.ip = "192.0.2.67"
    for _ in range(12):
        attacker.login(unique_email, password="wrong-password")
    assert attacker.login(unique_email).status_code == 429
    assert client.login(unique_email).status_code == 200  # the owner, from their own address


def test_a_staff_member_is_not_locked_out_by_a_stranger(client, new_client, unique_email) -> None:
    from chalicelib.domain.accounts import Role
    from chalicelib.services import accounts

    _user, password, _secret = accounts.create_staff(unique_email, Role.SUPPORT)
    attacker = new_client()
    attacker.ip = "192.0.2.68"
    for _ in range(8):
        attacker.login(unique_email, password="wrong-password")
    client.ip = "198.51.100.21"
    response = client.login(unique_email, password)
    assert response.status_code == 200 and response.data["totp_required"] is True


def test_the_per_account_ceiling_still_stops_a_distributed_attack(client, new_client, unique_email,
                                                                   low_limits) -> None:
    low_limits(login_failures_per_account=8)
    client.register(unique_email)
    for attempt in range(8):
        attacker = new_client()
        attacker.ip = f"192.0.2.{100 + attempt}"
        assert attacker.login(unique_email, password="wrong-password").status_code == 401
    client.ip = "198.51.100.22"
    assert client.login(unique_email).status_code == 429


def test_failed_logins_are_throttled_per_ip(client, monkeypatch) -> None:
    from chalicelib.settings import get_settings

    monkeypatch.setenv("PANEL_LOGIN_FAILURES_PER_IP", "3")
    get_settings.cache_clear()
    try:
        client.ip = "192.0.2.250"
        for n in range(3):
            assert client.login(f"spray-{n}-{time.time_ns()}@example.com", "wrong-password").status_code == 401
        assert client.login(f"spray-x-{time.time_ns()}@example.com", "wrong-password").status_code == 429
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.mark.promise("P8")
def test_login_records_the_ip_with_a_purge_date_90_business_days_later(client, unique_email, clock) -> None:
    from datetime import UTC, datetime

    clock.at = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    client.register(unique_email)
    client.login(unique_email)
    user_id = client.get("/me").data["user"]["id"]
    records = logins.of_user(user_id)
    assert records == [{"at": "2024-01-01T09:00:00+00:00", "ip": client.ip, "ip_purge_after": "2024-05-09"}]


def test_password_change_signs_out_other_sessions(client, new_client, unique_email) -> None:
    laptop, phone = client, new_client()
    laptop.register(unique_email)
    laptop.login(unique_email)
    phone.login(unique_email)
    response = laptop.post("/me/password", {"current_password": PASSWORD, "new_password": "brand-new-password"})
    assert response.status_code == 200
    assert response.data["signed_out_sessions"] == 1
    assert laptop.get("/me").status_code == 200
    assert phone.get("/me").status_code == 401
    assert new_client().login(unique_email, "brand-new-password").status_code == 200


def test_password_change_needs_the_current_password(client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    response = client.post("/me/password", {"current_password": "not-it-at-all", "new_password": "brand-new-password"})
    assert response.status_code == 400
    assert response.data["error"] == "Your current password is incorrect."
