"""Admins manage staff accounts through the API: list, create (password and second factor
answered once), disable (the account's sessions end and it cannot sign in), enable, and
reset the second factor (the old code stops working). Admins only; every change audited."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pyotp
import pytest

from chalicelib.domain.accounts import Role
from chalicelib.domain.audit_log import Action
from chalicelib.domain.errors import Forbidden
from chalicelib.services import audit_log, staff_accounts
from chalicelib.store import users
from tests.support.accounts import new_staff, sign_in_customer, sign_in_staff

STAFF = "/admin/staff"


def _sign_in(client, clock, email: str, password: str, secret: str):
    challenge = client.login(email, password)
    assert challenge.status_code == 200, challenge.data
    answer = client.post("/auth/login/totp", {"challenge": challenge.data["challenge"],
                                              "code": pyotp.TOTP(secret).at(clock.at)})
    if answer.status_code == 200:
        client.csrf = answer.data["csrf_token"]
    return answer


def _audited(user_id: str) -> list[tuple[Action, str]]:
    records, _ = audit_log.subject_page(f"user:{user_id}", 50, None)
    return sorted((r.action, r.actor) for r in records)


def test_an_admin_creates_lists_disables_enables_and_resets_a_staff_account(client, new_client, clock,
                                                                             unique_email) -> None:
    admin_id = sign_in_staff(client, clock, Role.ADMIN)
    made = client.post(STAFF, {"email": unique_email.upper(), "role": "support"})
    assert made.status_code == 201, made.data
    person = made.data["staff"]
    assert person["email"] == unique_email and person["role"] == "support" and person["disabled"] is False
    assert len(made.data["password"]) >= 16
    assert made.data["totp_uri"].startswith("otpauth://totp/") and made.data["totp_secret"] in made.data["totp_uri"]
    listed = {s["id"]: s for s in client.get(STAFF).data["staff"]}
    assert listed[person["id"]] == person and listed[admin_id]["role"] == "admin"
    assert "password" not in str(listed) and made.data["totp_secret"] not in str(listed)

    staff_client = new_client()
    assert _sign_in(staff_client, clock, unique_email, made.data["password"], made.data["totp_secret"]).status_code \
        == 200
    assert staff_client.get("/me").status_code == 200

    disabled = client.post(f"{STAFF}/{person['id']}/disable")
    assert disabled.status_code == 200 and disabled.data["staff"]["disabled"] is True
    assert staff_client.get("/me").status_code == 401     # the session ended at once
    refused = new_client().login(unique_email, made.data["password"])
    assert refused.status_code == 401 and "disabled" in refused.data["error"]
    again = client.post(f"{STAFF}/{person['id']}/disable")
    assert again.status_code == 409 and "already disabled" in again.data["error"]

    enabled = client.post(f"{STAFF}/{person['id']}/enable")
    assert enabled.status_code == 200 and enabled.data["staff"]["disabled"] is False
    assert client.post(f"{STAFF}/{person['id']}/enable").status_code == 409
    clock.at += timedelta(seconds=30)
    assert _sign_in(staff_client, clock, unique_email, made.data["password"], made.data["totp_secret"]).status_code \
        == 200

    reset = client.post(f"{STAFF}/{person['id']}/second-factor")
    assert reset.status_code == 200
    new_secret = reset.data["totp_secret"]
    assert new_secret != made.data["totp_secret"] and new_secret in reset.data["totp_uri"]
    assert staff_client.get("/me").status_code == 401     # sessions end with the old factor
    clock.at += timedelta(seconds=30)
    old = _sign_in(new_client(), clock, unique_email, made.data["password"], made.data["totp_secret"])
    assert old.status_code == 401
    assert _sign_in(new_client(), clock, unique_email, made.data["password"], new_secret).status_code == 200

    assert _audited(person["id"]) == sorted([(Action.STAFF_CREATED, admin_id), (Action.STAFF_DISABLED, admin_id),
                                             (Action.STAFF_ENABLED, admin_id),
                                             (Action.STAFF_SECOND_FACTOR_RESET, admin_id)])


def test_an_admin_cannot_disable_themselves(client, clock) -> None:
    admin_id = sign_in_staff(client, clock, Role.ADMIN)
    refused = client.post(f"{STAFF}/{admin_id}/disable")
    assert refused.status_code == 400 and "your own account" in refused.data["error"]
    assert users.get(admin_id).disabled is False
    assert client.get("/me").status_code == 200


def test_an_admin_who_lost_the_role_cannot_disable_anyone(clock) -> None:
    """The disable's transaction holds the acting admin to "enabled admin": the race of two
    admins disabling each other leaves one of them enabled."""
    first, second = new_staff(Role.ADMIN), new_staff(Role.ADMIN)
    staff_accounts.disable(first.user_id, second.user_id)
    with pytest.raises(Forbidden):
        staff_accounts.disable(second.user_id, first.user_id)
    assert users.get(second.user_id).disabled is False


def test_create_refuses_bad_input_and_an_existing_account_changing_nothing(client, new_client, clock,
                                                                         unique_email) -> None:
    sign_in_staff(client, clock, Role.ADMIN)
    before = len(client.get(STAFF).data["staff"])
    for body, field in [({"email": unique_email, "role": "customer"}, "role"),
                        ({"email": unique_email, "role": "root"}, "role"),
                        ({"email": "not-an-address", "role": "support"}, "email"),
                        ({"email": unique_email}, "role"),
                        ({"email": unique_email, "role": "support", "extra": 1}, "extra"),
                        ({"email": unique_email, "role": 3}, "role")]:
        refused = client.post(STAFF, body)
        assert refused.status_code == 400, (body, refused.data)
        assert field in refused.data.get("fields", {}), refused.data
        assert refused.data["error"]
    assert len(client.get(STAFF).data["staff"]) == before
    assert users.get_by_email(unique_email) is None

    customer_id = sign_in_customer(new_client())
    customer_email = users.get(customer_id).email
    taken = client.post(STAFF, {"email": customer_email, "role": "admin"})
    assert taken.status_code == 409 and "already exists" in taken.data["error"]
    assert users.get(customer_id).role is Role.CUSTOMER     # never promoted from the console

    for path in (f"{STAFF}/{customer_id}/disable", f"{STAFF}/u{'0' * 16}/enable", f"{STAFF}/nonsense/second-factor",
                 f"{STAFF}/{'u' * 3000}/disable"):
        missing = client.post(path)
        assert missing.status_code == 404 and missing.data["error"] == "No such staff account.", path
    assert users.get(customer_id).disabled is False


@pytest.mark.parametrize("role", [Role.SUPPORT, Role.LEGAL])
def test_other_staff_are_forbidden(client, clock, role: Role) -> None:
    sign_in_staff(client, clock, role)
    target = new_staff(Role.SUPPORT)
    assert client.get(STAFF).status_code == 403
    assert client.post(STAFF, {"email": f"x-{secrets.token_hex(4)}@example.com", "role": "admin"}).status_code == 403
    for action in ("disable", "enable", "second-factor"):
        assert client.post(f"{STAFF}/{target.user_id}/{action}").status_code == 403
    assert users.get(target.user_id).disabled is False


def test_customers_are_forbidden_and_visitors_must_sign_in(client, new_client) -> None:
    sign_in_customer(client)
    target = new_staff(Role.SUPPORT)
    assert client.get(STAFF).status_code == 403
    assert client.post(f"{STAFF}/{target.user_id}/disable").status_code == 403
    visitor = new_client()
    assert visitor.get(STAFF).status_code == 401
    assert visitor.post(f"{STAFF}/{target.user_id}/disable", csrf=False).status_code == 401


def test_a_staff_account_made_before_the_staff_index_is_listed_after_its_next_sign_in(client, new_client,
                                                                                        clock) -> None:
    from chalicelib.store import dynamo, keys

    older = new_staff(Role.LEGAL)
    dynamo.update(keys.user(older.user_id), "REMOVE gsi3pk, gsi3sk")   # as an account made by an older release
    sign_in_staff(client, clock, Role.ADMIN)
    assert older.user_id not in {s["id"] for s in client.get(STAFF).data["staff"]}
    assert _sign_in(new_client(), clock, older.email, older.password, older.secret).status_code == 200
    assert older.user_id in {s["id"] for s in client.get(STAFF).data["staff"]}
