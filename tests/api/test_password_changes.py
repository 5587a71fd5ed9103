"""After a password reset or change: other reset links die, the owner is mailed, and the
reset can revoke every API key. A new API key is mailed to its owner."""

from __future__ import annotations

import re
import secrets

from chalicelib.services import passwords
from devstack import worker
from tests.support.mail import mails_to


def _links(address: str, count: int) -> list[str]:
    for _ in range(count):
        assert passwords.send_password_reset(address)
    return [re.search(r"#token=([\w-]+)", body).group(1) for body in mails_to(address)[-count:]]


def test_a_reset_kills_every_other_outstanding_reset_link(client, new_client, unique_email) -> None:
    client.register(unique_email)
    first, second = _links(unique_email, 2)
    assert client.post("/auth/password/reset", {"token": first, "password": "fresh-password-1"}).status_code == 200
    other = client.post("/auth/password/reset", {"token": second, "password": "fresh-password-2"})
    assert other.status_code == 400 and "invalid or has expired" in other.data["error"]
    assert new_client().login(unique_email, "fresh-password-1").status_code == 200


def test_a_password_change_kills_outstanding_reset_links(client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    (link,) = _links(unique_email, 1)
    changed = client.post("/me/password", {"current_password": "a-good-password", "new_password": "brand-new-pass"})
    assert changed.status_code == 200
    late = client.post("/auth/password/reset", {"token": link, "password": "attacker-password"})
    assert late.status_code == 400


def test_the_owner_is_mailed_after_a_reset_and_after_a_change(client, unique_email) -> None:
    client.register(unique_email)
    (link,) = _links(unique_email, 1)
    assert client.post("/auth/password/reset", {"token": link, "password": "fresh-password-1"}).status_code == 200
    worker.drain()
    assert mails_to(unique_email)[-1].startswith("Your password was changed")
    client.login(unique_email, "fresh-password-1")
    assert client.post("/me/password", {"current_password": "fresh-password-1",
                                        "new_password": "fresh-password-2"}).status_code == 200
    worker.drain()
    notices = [m for m in mails_to(unique_email) if m.startswith("Your password was changed")]
    assert len(notices) == 2
    assert "fresh-password" not in "".join(notices)


def _new_key(client, label: str) -> str:
    response = client.post("/me/api-keys", {"label": label})
    assert response.status_code == 201
    return str(response.data["key"])


def test_a_reset_can_revoke_every_api_key(client, new_client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    keys = [_new_key(client, "bot one"), _new_key(client, "bot two")]
    (link,) = _links(unique_email, 1)
    done = new_client().post("/auth/password/reset", {"token": link, "password": "fresh-password-1",
                                                      "revoke_api_keys": True})
    assert done.status_code == 200 and done.data["revoked_api_keys"] == 2
    owner = new_client()
    owner.login(unique_email, "fresh-password-1")
    assert all(k["revoked"] for k in owner.get("/me/api-keys").data["keys"])
    for key in keys:
        answer = owner.client.http.post("/api/v2", headers={"Content-Type": "application/x-www-form-urlencoded"},
                                        body=f"key={key}&action=balance".encode())
        assert b"Invalid API key" in answer.body


def test_a_reset_keeps_api_keys_unless_asked(client, new_client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    _new_key(client, "bot one")
    (link,) = _links(unique_email, 1)
    done = new_client().post("/auth/password/reset", {"token": link, "password": "fresh-password-1"})
    assert done.status_code == 200 and done.data["revoked_api_keys"] == 0
    owner = new_client()
    owner.login(unique_email, "fresh-password-1")
    assert [k["revoked"] for k in owner.get("/me/api-keys").data["keys"]] == [False]


def test_the_owner_is_mailed_when_an_api_key_is_created(client, unique_email) -> None:
    client.register(unique_email)
    client.login(unique_email)
    label = f"bot {secrets.token_hex(3)}"
    key = _new_key(client, label)
    worker.drain()
    notice = mails_to(unique_email)[-1]
    assert notice.startswith("A new API key was created")
    assert label in notice and key[:6] in notice
    assert key not in notice
