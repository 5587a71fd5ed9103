"""Staff second factor: wrong codes counted per account across challenges, the lock and its
alert, and malformed codes."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from chalicelib.domain.accounts import Role
from chalicelib.services import accounts
from chalicelib.store import dynamo, keys


def _staff(email_address: str) -> tuple[str, pyotp.TOTP]:
    _user, password, secret = accounts.create_staff(email_address, Role.SUPPORT)
    return password, pyotp.TOTP(secret)


def _wrong(totp: pyotp.TOTP, at) -> str:
    return "000000" if totp.at(at) != "000000" else "111111"


def test_wrong_codes_count_per_account_and_a_new_challenge_does_not_reset_them(
        client, unique_email, clock, caplog) -> None:
    password, totp = _staff(unique_email)
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
    password, totp = _staff(unique_email)
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
    password, totp = _staff(unique_email)
    challenge = client.login(unique_email, password).data["challenge"]
    response = client.post("/auth/login/totp", {"challenge": challenge, "code": code})
    assert response.status_code == 400
    assert "6 digits" in response.data["error"]
    user_id = accounts.users.get_by_email(unique_email).user_id
    assert dynamo.get(keys.totp_guard(user_id)) is None
    assert client.post("/auth/login/totp", {"challenge": challenge, "code": totp.at(clock.at)}).status_code == 200
