"""Data-subject rights through the API (P6): export, deletion, corrections, objections."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from decimal import Decimal

import pytest
import requests

from chalicelib.domain.accounts import Role
from chalicelib.domain.errors import DomainError
from chalicelib.domain.orders import OrderStatus
from chalicelib.services import api_keys, erasure, orders
from chalicelib.settings import get_settings
from chalicelib.store import dynamo, holds, keys, ledger, logins, tickets, users
from chalicelib.store import orders as order_store
from devstack import worker
from tests.support.accounts import PASSWORD, email_of, sign_in_customer
from tests.support.catalog import service
from tests.support.ledger import ledger_sum
from tests.support.mail import latest_mail_to

LINK = "https://instagram.com/some.person"


def _customer_with_history(client, at_noon) -> dict[str, object]:
    """A signed-in customer with an order, an API key and a ticket carrying an attachment."""
    user_id = sign_in_customer(client, "10.00")
    order = orders.place(user_id, service(provider_rate="2.00").service_id, {"link": LINK, "quantity": 500})
    key = client.post("/me/api-keys", {"label": "my bot"}).data["key"]
    form = client.post("/tickets/attachments", {"filename": "proof.txt", "content_type": "text/plain",
                                                "size": 5}).data["attachment"]
    sent = requests.post(form["upload"]["url"], data=form["upload"]["fields"],
                         files={"file": ("proof.txt", b"hello")}, timeout=10)
    assert sent.status_code in (200, 201, 204), sent.text
    ticket = client.post("/tickets", {"subject": "Where is my order", "category": "orders",
                                      "message": "My name is Ann Example, order please", "order_ids": [order.order_id],
                                      "attachments": [form["key"]]})
    assert ticket.status_code == 201, ticket.data
    return {"user_id": user_id, "order_id": order.order_id, "key": key, "ticket": ticket.data["ticket"]["number"],
            "attachment_key": form["key"], "email": email_of(user_id)}


def _s3_has(key: str) -> bool:
    from chalicelib.adapters import attachments

    return attachments.head(get_settings().attachments_bucket, key) is not None


# --- export ---------------------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_export_is_a_download_of_everything_held_and_no_secret(client, at_noon) -> None:
    made = _customer_with_history(client, at_noon)
    response = client.get("/me/export")
    assert response.status_code == 200, response.data
    assert response.headers["content-disposition"].startswith('attachment; filename="my-data-')
    data = response.data
    assert data["account"]["email"] == made["email"] and data["account"]["id"] == made["user_id"]
    assert data["account"]["balance"] == "9.00000"
    assert [o["id"] for o in data["orders"]] == [made["order_id"]] and data["orders"][0]["link"] == LINK
    assert sorted(e["kind"] for e in data["ledger"]) == ["order_charge", "top_up"]
    assert data["tickets"][0]["number"] == made["ticket"]
    assert data["tickets"][0]["messages"][0]["body"] == "My name is Ann Example, order please"
    assert data["tickets"][0]["messages"][0]["attachments"][0]["filename"] == "proof.txt"
    assert data["login_records"] and data["login_records"][0]["ip"] == client.ip
    assert data["api_keys"][0]["label"] == "my bot"
    assert data["consent_records"] == [] and data["top_ups"] == []
    text = response.body.decode()
    user = users.get(str(made["user_id"]))
    assert user is not None
    for secret in (str(made["key"]), user.password_hash, "key_hash", "password"):
        assert secret not in text


@pytest.mark.promise("P6")
def test_export_holds_only_the_callers_data_and_needs_a_session(client, new_client, at_noon) -> None:
    _customer_with_history(client, at_noon)
    other = new_client()
    other_id = sign_in_customer(other, "1.00")
    data = other.get("/me/export").data
    assert data["account"]["id"] == other_id
    assert data["orders"] == [] and data["tickets"] == [] and data["api_keys"] == []
    assert data["consent_records"] == []
    assert new_client().get("/me/export").status_code == 401


@pytest.mark.promise("P6", "C9")
def test_export_lists_the_consent_choices_made_while_signed_in_and_deletion_unlinks_them(client, at_noon) -> None:
    from chalicelib.services import consent

    sign_in_customer(client, "0")
    consent_id = "7f1c2a9e-3b4d-4c5e-8f60-0a1b2c3d4e5f"
    revision = consent.registry().revision
    for action, accepted in (("first_choice", ["necessary", "analytics"]), ("withdrawal", ["necessary"])):
        rejected = [c for c in ("analytics", "functional", "targeting") if c not in accepted]
        at_noon.at += timedelta(minutes=1)
        posted = client.post("/consent", {"consent_id": consent_id, "action": action, "accepted": accepted,
                                          "rejected": rejected, "revision": revision})
        assert posted.status_code == 201, posted.data
    records = client.get("/me/export").data["consent_records"]
    assert [(r["action"], r["accepted"]) for r in records] == [("first_choice", ["necessary", "analytics"]),
                                                                ("withdrawal", ["necessary"])]
    assert {r["consent_id"] for r in records} == {consent_id} and client.ip not in str(records)

    deleted = client.post("/me/delete", {"password": PASSWORD, "accept_balance_loss": True})
    assert deleted.status_code == 200, deleted.data
    kept = consent.records_of(consent_id)
    assert [r.action for r in kept] == ["first_choice", "withdrawal"] and all(r.user_id is None for r in kept)


def test_exports_are_throttled(client, at_noon) -> None:
    sign_in_customer(client, "0")
    codes = [client.get("/me/export").status_code for _ in range(get_settings().exports_per_account + 1)]
    assert codes[:-1] == [200] * get_settings().exports_per_account and codes[-1] == 429


# --- deletion -------------------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_a_wrong_password_changes_nothing_and_is_throttled(client, at_noon) -> None:
    made = _customer_with_history(client, at_noon)
    wrong = client.post("/me/delete", {"password": "not-my-password", "accept_balance_loss": True})
    assert wrong.status_code == 403 and "password is incorrect" in wrong.data["error"]
    assert client.get("/me").status_code == 200
    assert users.get_by_email(str(made["email"])) is not None
    assert client.get("/me/export").data["tickets"][0]["subject"] == "Where is my order"
    codes = [client.post("/me/delete", {"password": "still-wrong"}).status_code
             for _ in range(get_settings().deletion_attempts_per_account)]
    assert codes[-1] == 429
    # Once throttled, even the right password waits: a guesser learns nothing more.
    assert client.post("/me/delete", {"password": PASSWORD, "accept_balance_loss": True}).status_code == 429
    assert client.get("/me").status_code == 200


def test_bad_deletion_bodies_are_refused(client, at_noon) -> None:
    sign_in_customer(client, "0")
    assert client.post("/me/delete", {"password": PASSWORD, "user_id": "u0000"}).status_code == 400
    assert client.post("/me/delete", {}).status_code == 400
    assert client.post("/me/delete", {"password": PASSWORD}, csrf=False).status_code == 403
    assert client.get("/me").status_code == 200


@pytest.mark.promise("P6")
def test_delete_shows_the_balance_first_then_erases_and_keeps_finances_pseudonymised(
        client, new_client, at_noon) -> None:
    made = _customer_with_history(client, at_noon)
    user_id, email = str(made["user_id"]), str(made["email"])
    second = new_client()  # another browser of the same person
    second.login(email)
    finished = orders.place(user_id, service(provider_rate="2.00").service_id, {"link": LINK + "/2", "quantity": 500})
    assert orders.settle(finished.order_id, OrderStatus.CANCELED, before_sending=True)

    username = client.get("/me").data["user"]["username"]
    info = client.get("/me/delete").data
    assert info["balance"] == "9.00" and info["balance_must_be_accepted"] is True and info["open_orders"] == 1
    assert "6 years" in info["financial_records_kept"]
    refused = client.post("/me/delete", {"password": PASSWORD})
    assert refused.status_code == 409 and "9.00 USD" in refused.data["error"]
    assert client.get("/me").status_code == 200

    deleted = client.post("/me/delete", {"password": PASSWORD, "accept_balance_loss": True})
    assert deleted.status_code == 200, deleted.data
    assert deleted.data["account_reference"] == user_id and deleted.data["balance_left"] == "9.00"
    assert deleted.data["orders_still_running"] == 1
    # Signed out everywhere, API keys dead, sign-in impossible.
    assert client.get("/me").status_code == 401 and second.get("/me").status_code == 401
    with pytest.raises(DomainError):
        api_keys.authenticate(str(made["key"]), "203.0.113.9")
    assert new_client().login(email).status_code == 401
    # E-mail and username are free again.
    user = users.get(user_id)
    assert user is not None and user.email == "" and user.password_hash == ""
    again = new_client().register(email, username=username)
    assert again.status_code == 201, again.data
    # Ticket text, attachments (S3 too) and sign-in records are gone.
    ticket = tickets.get(int(made["ticket"]))  # type: ignore[call-overload]
    assert ticket is not None and ticket.subject == "[erased]" and ticket.attachments == ()
    assert {m.body for m in tickets.thread(ticket.number, with_notes=True)} == {"[erased]"}
    assert not _s3_has(str(made["attachment_key"]))
    assert logins.of_user(user_id) == []
    # Finances stay, without the person: the ledger adds up, the finished order lost its link.
    assert ledger_sum(user_id) == ledger.account(user_id).balance == Decimal("9.00000")  # type: ignore[union-attr]
    assert order_store.get(finished.order_id).link == "[erased]"  # type: ignore[union-attr]
    still_open = order_store.get(int(made["order_id"]))  # type: ignore[call-overload]
    assert still_open is not None and still_open.link == LINK  # the provider may still need it
    # The closed account is indexed for retention and its closure audited.
    closed = dynamo.query_index("gsi1", keys.CLOSED_ACCOUNTS)
    assert user_id in [i["user_id"] for i in closed]
    assert client.post("/orders", {"service": 1, "link": LINK, "quantity": 500}).status_code == 401

    # When the last order ends, running the erasure again (retention does) finishes it.
    assert orders.settle(int(made["order_id"]), OrderStatus.CANCELED, before_sending=True)  # type: ignore[call-overload]
    rerun = erasure.erase(user_id, "retention: closed account")
    assert rerun.newly_closed is False and rerun.orders_pseudonymised == 1 and rerun.orders_still_open == 0
    assert order_store.get(int(made["order_id"])).link == "[erased]"  # type: ignore[call-overload, union-attr]
    assert ledger_sum(user_id) == ledger.account(user_id).balance  # type: ignore[union-attr]


@pytest.mark.promise("P6")
def test_erasure_of_held_data_is_refused_with_a_recorded_reason(client, at_noon) -> None:
    made = _customer_with_history(client, at_noon)
    user_id = str(made["user_id"])
    holds.place(user_id, "case 2026/17 preservation order", "legal-1", at_noon.at)
    refused = client.post("/me/delete", {"password": PASSWORD, "accept_balance_loss": True})
    assert refused.status_code == 409 and "cannot be deleted" in refused.data["error"]
    assert "case 2026" not in refused.data["error"]  # the customer is not tipped off
    assert client.get("/me").status_code == 200
    assert client.get("/me/export").data["tickets"][0]["subject"] == "Where is my order"
    from chalicelib.services import audit_log

    records, _ = audit_log.subject_page(f"user:{user_id}", 10, None)
    refusal = [r for r in records if r.action.value == "account.erasure_refused"]
    assert refusal and "case 2026/17" in str(refusal[0].after)
    holds.release(user_id)
    assert client.post("/me/delete", {"password": PASSWORD, "accept_balance_loss": True}).status_code == 200


def test_staff_accounts_cannot_delete_themselves_here(client, at_noon) -> None:
    from tests.support.accounts import sign_in_staff

    sign_in_staff(client, at_noon, Role.SUPPORT)
    assert client.post("/me/delete", {"password": PASSWORD}).status_code == 403


# --- corrections ----------------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_change_username_frees_the_old_one_and_refuses_a_taken_one(client, new_client, at_noon) -> None:
    sign_in_customer(client, "0")
    old = client.get("/me").data["user"]["username"]
    other = new_client()
    sign_in_customer(other, "0")
    taken = other.get("/me").data["user"]["username"]
    assert client.post("/me/username", {"username": taken.upper()}).status_code == 409
    assert client.post("/me/username", {"username": "a b"}).status_code == 400
    fresh = f"renamed{secrets.token_hex(3)}"
    changed = client.post("/me/username", {"username": fresh})
    assert changed.status_code == 200 and changed.data["user"]["username"] == fresh
    assert client.get("/me").data["user"]["username"] == fresh
    assert other.post("/me/username", {"username": old}).status_code == 200


@pytest.mark.promise("P6")
def test_change_email_takes_effect_only_through_the_link_sent_to_the_new_address(
        client, new_client, at_noon) -> None:
    user_id = sign_in_customer(client, "0")
    old = email_of(user_id)
    new = f"new-{secrets.token_hex(4)}@example.com"
    assert client.post("/me/email", {"email": new, "password": "wrong-password"}).status_code == 403
    asked = client.post("/me/email", {"email": new, "password": PASSWORD})
    assert asked.status_code == 202 and asked.data["pending_email"] == new
    worker.drain()
    token = re.search(r"#token=([\w-]+)", latest_mail_to(new)).group(1)  # type: ignore[union-attr]
    assert "change of your e-mail" in latest_mail_to(old)
    assert email_of(user_id) == old and new_client().login(old).status_code == 200  # old works until confirmed
    stranger = new_client()
    confirmed = stranger.post("/account/email/confirm", {"token": token})
    assert confirmed.status_code == 200 and confirmed.data["email"] == new
    assert email_of(user_id) == new
    assert new_client().login(new).status_code == 200 and new_client().login(old).status_code == 401
    assert stranger.post("/account/email/confirm", {"token": token}).status_code in (400, 409)  # single use
    assert new_client().register(old).status_code == 201  # the old address is free


def test_an_email_change_loses_to_a_registration_of_the_same_address(client, new_client, at_noon) -> None:
    user_id = sign_in_customer(client, "0")
    new = f"race-{secrets.token_hex(4)}@example.com"
    assert client.post("/me/email", {"email": new, "password": PASSWORD}).status_code == 202
    worker.drain()
    token = re.search(r"#token=([\w-]+)", latest_mail_to(new)).group(1)  # type: ignore[union-attr]
    assert new_client().register(new).status_code == 201
    refused = client.post("/account/email/confirm", {"token": token})
    assert refused.status_code == 409 and refused.data["fields"] == {"email": "taken"}
    assert email_of(user_id) != new


# --- objections -----------------------------------------------------------------------------

@pytest.mark.promise("P6")
def test_object_to_marketing_mail(client, at_noon) -> None:
    sign_in_customer(client, "0")
    assert client.get("/me/preferences").data == {"marketing_opt_out": False}
    assert client.post("/me/preferences", {"marketing_opt_out": True}).data == {"marketing_opt_out": True}
    assert client.get("/me/preferences").data == {"marketing_opt_out": True}
    assert client.get("/me/export").data["account"]["marketing_opt_out"] is True
    assert client.post("/me/preferences", {"marketing_opt_out": "yes"}).status_code == 400
