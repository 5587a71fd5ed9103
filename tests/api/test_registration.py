"""POST /api/auth/register: what is accepted, what is refused, and that refusals store nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.store import dynamo, keys


def _body(address: str, /, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"username": "user" + address[5:11], "email": address, "password": "a-good-password",
                            "adult": True}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def _nothing_stored(email: str) -> bool:
    return dynamo.get(keys.email_claim(email.lower())) is None


@pytest.mark.promise("P1")
def test_account_holds_only_username_email_and_hash(client, unique_email) -> None:
    response = client.register(unique_email)
    assert response.status_code == 201
    user_id = response.data["user"]["id"]
    item = dynamo.get(keys.user(user_id))
    # gsi3pk/gsi3sk list customers newest first in the console: "CUSTOMERS", the creation time
    # and the user id, nothing personal.
    assert item["gsi3pk"] == "CUSTOMERS" and item["gsi3sk"].endswith(f"#{user_id}")
    personal = set(item) - {"pk", "sk", "type", "user_id", "role", "created_at", "totp_secret", "totp_last_step",
                            "credentials_version", "gsi3pk", "gsi3sk"}
    assert personal == {"email", "username", "password_hash"}
    assert set(response.data["user"]) == {"id", "username", "email", "role", "is_staff", "created_at"}


@pytest.mark.promise("P1")
@pytest.mark.parametrize("field", ["name", "full_name", "address", "phone", "card_number"])
def test_personal_fields_beyond_the_minimum_are_refused(client, unique_email, field) -> None:
    response = client.post("/auth/register", _body(unique_email, **{field: "Jane Doe, 1 High St"}))
    assert response.status_code == 400
    assert f"'{field}' is not an accepted field" in response.data["error"]
    assert _nothing_stored(unique_email)


@pytest.mark.promise("P7")
@pytest.mark.parametrize("adult", [..., False, "true", 1, None])
def test_registration_needs_an_explicit_18_plus_confirmation(client, unique_email, adult) -> None:
    response = client.post("/auth/register", _body(unique_email, adult=adult))
    assert response.status_code == 400
    assert "adult" in response.data["fields"]
    assert _nothing_stored(unique_email)


@pytest.mark.promise("P7")
def test_false_confirmation_gets_a_plain_message(client, unique_email) -> None:
    response = client.post("/auth/register", _body(unique_email, adult=False))
    assert response.data["error"] == "You must confirm that you are 18 or older to open an account."


@pytest.mark.promise("P5")
@pytest.mark.parametrize(("overrides", "fragment"), [
    ({"email": "not-an-email"}, "valid e-mail"),
    ({"password": "short"}, "at least 10"),
    ({"password": "p" * 73}, "at most 72 bytes"),
    ({"username": "ab"}, "3 to 32"),
    ({"username": "two words"}, "spaces"),
    ({"username": 123}, "'username'"),
    ({"password": ...}, "'password' is required"),
    ({"email": ...}, "'email' is required"),
])
def test_invalid_fields_are_refused_with_a_clear_message(client, unique_email, overrides, fragment) -> None:
    response = client.post("/auth/register", _body(unique_email, **overrides))
    assert response.status_code == 400, response.data
    assert fragment in response.data["error"]
    assert _nothing_stored(unique_email)


@pytest.mark.promise("P5")
@pytest.mark.parametrize(("raw", "status", "fragment"), [
    (b"{not json", 400, "not valid JSON"),
    (b"", 400, "empty"),
    (b"[1, 2]", 400, "JSON object"),
    (b"\xff\xfe\x00", 400, "not valid JSON"),
    (b'{"padding": "' + b"x" * (65 * 1024) + b'"}', 413, "larger than 64 KB"),
])
def test_malformed_bodies_are_refused(client, raw, status, fragment) -> None:
    response = client.post("/auth/register", raw=raw)
    assert response.status_code == status
    assert fragment in response.data["error"]


def test_non_json_content_type_is_refused(client, unique_email) -> None:
    response = client.post("/auth/register", raw=json.dumps(_body(unique_email)).encode(),
                           headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "Unsupported media type" in response.data["error"]
    assert _nothing_stored(unique_email)


def test_duplicate_email_is_refused_whatever_its_case(client, unique_email) -> None:
    assert client.register(unique_email).status_code == 201
    response = client.register(unique_email.upper(), username="someone-else")
    assert response.status_code == 409
    assert response.data["error"] == "An account with this e-mail address already exists."


def test_duplicate_username_is_refused_case_insensitively(client, unique_email) -> None:
    assert client.register(unique_email, username="Dup" + unique_email[5:11]).status_code == 201
    other = "other-" + unique_email
    response = client.register(other, username="dUP" + unique_email[5:11])
    assert response.status_code == 409
    assert "username is taken" in response.data["error"]
    assert _nothing_stored(other)


def test_markup_in_a_username_is_stored_as_plain_text(client, unique_email) -> None:
    name = "<img src=x onerror=alert(1)>"[:32]
    response = client.register(unique_email, username=name.replace(" ", ""))
    assert response.status_code == 201
    assert response.data["user"]["username"] == name.replace(" ", "")
