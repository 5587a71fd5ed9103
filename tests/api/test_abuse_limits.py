"""Abuse limits per client IP, account and address: a 429 with Retry-After, and a refused
request creates, sends and charges nothing."""

from __future__ import annotations

import re
import secrets

from chalicelib.domain import accounts as account_rules
from chalicelib.services import passwords
from chalicelib.store import users
from devstack import worker
from tests.support import stripe
from tests.support.accounts import sign_in_customer
from tests.support.mail import mails_to


def _refused(response) -> None:
    assert response.status_code == 429, response.data
    assert response.data["error"].startswith("Too many")
    assert 0 < int(response.headers["retry-after"]) <= 3600


def _address() -> str:
    return f"limit-{secrets.token_hex(6)}@example.com"


def test_registrations_are_limited_per_ip(client, low_limits) -> None:
    low_limits(registrations_per_ip=2)
    for _ in range(2):
        assert client.register(_address()).status_code == 201
    late = _address()
    _refused(client.register(late))
    assert users.get_by_email(late) is None


def test_reset_mails_are_limited_per_ip(client, low_limits) -> None:
    low_limits(password_forgot_per_ip=2)
    targets = [_address() for _ in range(3)]
    for target in targets:
        client.register(target)
    for target in targets[:2]:
        assert client.post("/auth/password/forgot", {"email": target}).status_code == 202
    _refused(client.post("/auth/password/forgot", {"email": targets[2]}))
    worker.drain()
    assert mails_to(targets[2]) == []
    assert len(mails_to(targets[0])) == 1


def test_reset_mails_are_limited_per_target_address_from_any_ip(client, new_client, low_limits) -> None:
    low_limits(password_forgot_per_address=2)
    victim = _address()
    client.register(victim)
    for _ in range(2):
        assert new_client().post("/auth/password/forgot", {"email": victim}).status_code == 202
    _refused(new_client().post("/auth/password/forgot", {"email": victim.upper()}))
    worker.drain()
    assert len(mails_to(victim)) == 2


def test_password_resets_are_limited_per_ip_and_a_refusal_burns_nothing(client, new_client, low_limits) -> None:
    low_limits(password_resets_per_ip=2)
    owner = _address()
    client.register(owner)
    assert passwords.send_password_reset(owner)
    token = re.search(r"#token=([\w-]+)", mails_to(owner)[-1]).group(1)
    fresh = {"token": token, "password": "fresh-password-9"}
    for _ in range(2):
        assert client.post("/auth/password/reset", fresh | {"token": "made-up"}).status_code == 400
    _refused(client.post("/auth/password/reset", fresh))
    assert new_client().login(owner).status_code == 200  # the password did not change
    assert new_client().post("/auth/password/reset", fresh).status_code == 200  # nor was the link used


def test_a_reset_link_is_checked_before_bcrypt_is_paid_for(client, monkeypatch) -> None:
    hashed = []
    real = account_rules.hash_password
    monkeypatch.setattr(account_rules, "hash_password", lambda *a: hashed.append(1) or real(*a))
    response = client.post("/auth/password/reset", {"token": "not-a-real-link", "password": "fresh-password-9"})
    assert response.status_code == 400 and "invalid or has expired" in response.data["error"]
    assert hashed == []


def _top_up(client, n: int):
    return client.post("/payments/top-ups", {"amount": "10.00", "payment_method": stripe.card()},
                       headers={"Idempotency-Key": f"limit-{n}-{secrets.token_hex(4)}"})


def test_card_top_ups_are_limited_per_account(client, low_limits) -> None:
    low_limits(top_up_starts_per_account=2)
    sign_in_customer(client, "0")
    for n in range(2):
        assert _top_up(client, n).status_code == 201
    _refused(_top_up(client, 3))
    assert len(client.get("/payments/top-ups").data["top_ups"]) == 2


def test_card_top_ups_are_limited_per_ip(client, new_client, low_limits) -> None:
    low_limits(top_up_starts_per_ip=2)
    shared_ip = client.ip
    for n in range(2):
        buyer = new_client()
        buyer.ip = shared_ip
        sign_in_customer(buyer, "0")
        assert _top_up(buyer, n).status_code == 201
    third = new_client()
    third.ip = shared_ip
    sign_in_customer(third, "0")
    _refused(_top_up(third, 3))
    assert third.get("/payments/top-ups").data["top_ups"] == []


def test_new_tickets_are_limited_per_account(client, low_limits) -> None:
    low_limits(tickets_opened_per_account=2)
    sign_in_customer(client, "0")

    def ticket(n: int):
        return client.post("/tickets", {"subject": f"Question {n}", "category": "other",
                                        "message": f"A question about the panel, number {n}."})

    for n in range(2):
        assert ticket(n).status_code == 201, ticket
    _refused(ticket(3))
    assert len(client.get("/tickets").data["tickets"]) == 2


def test_upload_forms_are_limited_per_account(client, low_limits) -> None:
    low_limits(upload_forms_per_account=2)
    sign_in_customer(client, "0")

    def form():
        return client.post("/tickets/attachments", {"filename": "shot.png", "content_type": "image/png",
                                                    "size": 1000})

    for _ in range(2):
        assert form().status_code == 201
    refused = form()
    _refused(refused)
    assert "attachment" not in refused.data
