"""Staff second factor: wrong codes counted per account across challenges, the lock and its
alert, and malformed codes."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from chalicelib.domain.accounts import Role
from chalicelib.services import accounts
from chalicelib.store import dynamo, keys
from tests.support.accounts import new_staff


def _wrong(totp: pyotp.TOTP, at) -> str:
    return "000000" if totp.at(at) != "000000" else "111111"


def test_wrong_codes_count_per_account_and_a_new_challenge_does_not_reset_them(
        client, unique_email, clock, caplog) -> None:
    password, totp = new_staff(Role.SUPPORT, unique_email).factors
    first = client.login(unique_email, password).data["challenge"]
    for _ in range(3):
        assert client.post("/auth/login/totp", {"challenge": first, "code": _wrong(totp, clock.at)}).status_code == 401
    second = client.login(unique_email, password).data["challenge"]  # the password again: a new challenge
    for _ in range(2):
        assert client.post("/auth/login/totp", {"challenge": second, "code": _wrong(totp, clock.at)}).status_code == 401
    locked = client.post("/auth/login/totp", {"challenge": second, "code": totp.at(clock.at)})
    assert locked.status_code == 429
    assert "locked" in locked.data["error"]
    assert 14 * 60 < int(locked.headers["retry-after"]) <= 15 * 60
    assert client.get("/me").status_code == 401
    assert any(r.levelname == "WARNING" and "second factor locked" in r.getMessage() for r in caplog.records)

    third = client.login(unique_email, password).data["challenge"]
    assert client.post("/auth/login/totp", {"challenge": third, "code": totp.at(clock.at)}).status_code == 429
    clock.at += timedelta(minutes=15, seconds=1)
    fourth = client.login(unique_email, password).data["challenge"]
    assert client.post("/auth/login/totp", {"challenge": fourth, "code": totp.at(clock.at)}).status_code == 200


def test_a_right_code_forgets_the_wrong_ones(client, new_client, unique_email, clock) -> None:
    password, totp = new_staff(Role.SUPPORT, unique_email).factors
    challenge = client.login(unique_email, password).data["challenge"]
    for _ in range(4):
        client.post("/auth/login/totp", {"challenge": challenge, "code": _wrong(totp, clock.at)})
    assert client.post("/auth/login/totp", {"challenge": challenge, "code": totp.at(clock.at)}).status_code == 200
    clock.at += timedelta(seconds=30)
    other = new_client()
    challenge = other.login(unique_email, password).data["challenge"]
    for _ in range(4):
        wrong = other.post("/auth/login/totp", {"challenge": challenge, "code": _wrong(totp, clock.at)})
        assert wrong.status_code == 401
    assert other.post("/auth/login/totp", {"challenge": challenge, "code": totp.at(clock.at)}).status_code == 200


@pytest.mark.parametrize("code", ["²²²²²²", "١٢٣٤٥٦", "12345é", "12 34", "abcdef", "", "1234567"])
def test_a_malformed_code_is_a_clear_400_and_counts_nothing(client, unique_email, clock, code) -> None:
    password, totp = new_staff(Role.SUPPORT, unique_email).factors
    challenge = client.login(unique_email, password).data["challenge"]
    response = client.post("/auth/login/totp", {"challenge": challenge, "code": code})
    assert response.status_code == 400
    assert "6 digits" in response.data["error"]
    user_id = accounts.users.get_by_email(unique_email).user_id
    assert dynamo.get(keys.totp_guard(user_id)) is None
    assert client.post("/auth/login/totp", {"challenge": challenge, "code": totp.at(clock.at)}).status_code == 200


# --- TOTP secrets at rest ---------------------------------------------------------------

def _signs_in_with_totp(client, email_address: str, password: str, secret: str, at) -> object:
    challenge = client.login(email_address, password).data["challenge"]
    return client.post("/auth/login/totp", {"challenge": challenge, "code": pyotp.TOTP(secret).at(at)})


def test_the_stored_totp_secret_is_sealed_and_sign_in_still_works(client, unique_email, clock) -> None:
    user, password, secret = accounts.create_staff(unique_email, Role.SUPPORT)
    item = dynamo.get(keys.user(user.user_id))
    assert item["totp_secret"].startswith("v1:")
    assert all(secret not in str(value) for value in item.values())
    assert _signs_in_with_totp(client, unique_email, password, secret, clock.at).status_code == 200
    assert secret in accounts.totp_uri(accounts.users.get(user.user_id))


def test_a_legacy_clear_secret_still_works_and_is_sealed_on_use(client, unique_email, clock) -> None:
    user, password, _sealed_secret = accounts.create_staff(unique_email, Role.SUPPORT)
    legacy = pyotp.random_base32()
    dynamo.update(keys.user(user.user_id), "SET totp_secret = :s", s=legacy)
    assert _signs_in_with_totp(client, unique_email, password, legacy, clock.at).status_code == 200
    stored = dynamo.get(keys.user(user.user_id))["totp_secret"]
    assert stored.startswith("v1:") and legacy not in stored
    clock.at += timedelta(seconds=30)
    assert _signs_in_with_totp(client, unique_email, password, legacy, clock.at).status_code == 200


def test_a_sealed_secret_moved_to_another_user_does_not_open(client, unique_email, clock) -> None:
    victim, _victim_password, victim_secret = accounts.create_staff(unique_email, Role.ADMIN)
    insider, insider_password, _ = accounts.create_staff("b-" + unique_email, Role.SUPPORT)
    moved = dynamo.get(keys.user(victim.user_id))["totp_secret"]
    dynamo.update(keys.user(insider.user_id), "SET totp_secret = :s", s=moved)
    response = _signs_in_with_totp(client, "b-" + unique_email, insider_password, victim_secret, clock.at)
    assert response.status_code == 401
    assert "not available" in response.data["error"]
    assert client.get("/me").status_code == 401
