"""Staff sign-in with a TOTP second factor, role checks, and password reset by e-mail."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.services import passwords
from devstack import worker
from tests.support.accounts import new_staff, sign_in_staff
from tests.support.mail import latest_mail_to


def test_staff_need_a_totp_code_after_the_password(client, unique_email, clock) -> None:
    password, totp = new_staff(Role.SUPPORT, unique_email).factors
    first = client.login(unique_email, password)
    assert first.status_code == 200
    assert first.data["totp_required"] is True
    assert "set-cookie" not in first.headers and client.get("/me").status_code == 401
    second = client.post("/auth/login/totp", {"challenge": first.data["challenge"], "code": totp.at(clock.at)})
    assert second.status_code == 200
    assert second.data["user"]["role"] == "support"
    assert client.get("/me").data["user"]["is_staff"] is True


def test_a_wrong_or_replayed_totp_code_is_refused(client, new_client, unique_email, clock) -> None:
    password, totp = new_staff(Role.SUPPORT, unique_email).factors
    challenge = client.login(unique_email, password).data["challenge"]
    wrong = client.post("/auth/login/totp", {"challenge": challenge, "code": "000000"})
    assert wrong.status_code == 401
    code = totp.at(clock.at)
    assert client.post("/auth/login/totp", {"challenge": challenge, "code": code}).status_code == 200
    # Same code again, in a new sign-in within the same 30 seconds: refused (replay).
    other = new_client()
    challenge2 = other.login(unique_email, password).data["challenge"]
    replay = other.post("/auth/login/totp", {"challenge": challenge2, "code": code})
    assert replay.status_code == 401
    assert "already used" in replay.data["error"]


def test_five_wrong_codes_lock_the_factor_and_an_old_challenge_expires(client, unique_email, clock) -> None:
    password, totp = new_staff(Role.SUPPORT, unique_email).factors
    challenge = client.login(unique_email, password).data["challenge"]
    for _ in range(5):
        client.post("/auth/login/totp", {"challenge": challenge, "code": "000000"})
    late = client.post("/auth/login/totp", {"challenge": challenge, "code": totp.at(clock.at)})
    assert late.status_code == 429 and "locked" in late.data["error"]
    clock.at += timedelta(minutes=16)
    challenge = client.login(unique_email, password).data["challenge"]
    clock.at += timedelta(minutes=6)
    expired = client.post("/auth/login/totp", {"challenge": challenge, "code": totp.at(clock.at)})
    assert expired.status_code == 401 and "expired" in expired.data["error"]


def test_staff_roles_cannot_be_skipped_with_a_forged_challenge(client) -> None:
    response = client.post("/auth/login/totp", {"challenge": "made-up", "code": "123456"})
    assert response.status_code == 401


def test_password_reset_by_mailed_single_use_link(client, new_client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    response = new_client().post("/auth/password/forgot", {"email": unique_email.upper()})
    assert response.status_code == 202
    assert worker.drain() >= 1
    body = latest_mail_to(unique_email)
    token = re.search(r"/reset-password#token=([\w-]+)", body).group(1)

    visitor = new_client()
    too_short = visitor.post("/auth/password/reset", {"token": token, "password": "short"})
    assert too_short.status_code == 400  # a bad new password does not burn the link
    done = visitor.post("/auth/password/reset", {"token": token, "password": "fresh-password-9"})
    assert done.status_code == 200
    again = visitor.post("/auth/password/reset", {"token": token, "password": "other-password-9"})
    assert again.status_code == 400 and "invalid or has expired" in again.data["error"]
    assert client.get("/me").status_code == 401  # every session was signed out
    assert new_client().login(unique_email, "fresh-password-9").status_code == 200


def test_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(client, unique_email) -> None:
    known_email = "known-" + unique_email
    client.register(known_email)
    known = client.post("/auth/password/forgot", {"email": known_email})
    unknown = client.post("/auth/password/forgot", {"email": unique_email})
    assert (known.status_code, known.data) == (unknown.status_code, unknown.data)
    worker.drain()
    with pytest.raises(AssertionError, match="no mail"):
        latest_mail_to(unique_email)
    assert latest_mail_to(known_email)


def test_an_expired_reset_link_is_refused(client, unique_email, clock) -> None:
    client.register(unique_email)
    assert passwords.send_password_reset(unique_email)
    token = re.search(r"#token=([\w-]+)", latest_mail_to(unique_email)).group(1)
    clock.at += timedelta(minutes=31)
    response = client.post("/auth/password/reset", {"token": token, "password": "fresh-password-9"})
    assert response.status_code == 400


def test_health_tells_the_public_only_its_status_and_staff_each_component(client, clock) -> None:
    public = client.get("/health")
    assert public.status_code == 200 and public.data == {"status": "ok"}
    assert client.get("/staff/health").status_code == 401
    client.register(f"c-{secrets.token_hex(4)}@example.com")
    sign_in_staff(client, clock, Role.ADMIN)
    staff = client.get("/staff/health")
    assert staff.status_code == 200 and staff.data["status"] == "ok"
    assert staff.data["components"]["dynamodb"]["status"] == "ok"
    assert staff.data["components"]["mail_queue"]["status"] == "ok"

