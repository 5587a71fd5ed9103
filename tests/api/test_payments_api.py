"""Payments through the HTTP API: bad input, other users' top-ups, the webhook route and
staff's tools (P4, O5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.accounts import Role
from chalicelib.store import ledger as ledger_store
from chalicelib.store import payments as payments_store
from tests.support import stripe
from tests.support.accounts import customer, sign_in_customer, sign_in_staff


def test_bad_top_up_requests_are_refused_clearly_and_store_nothing(client, new_client) -> None:
    anonymous = new_client()
    assert anonymous.post("/payments/top-ups", {"amount": "10.00", "payment_method": "card_x"}).status_code == 401
    user_id = sign_in_customer(client, "0")
    card = stripe.card()
    key = {"Idempotency-Key": "k-1"}
    cases = [
        ({"amount": "10.00", "payment_method": card}, {}, 400, "Idempotency-Key"),
        ({"amount": "1.00", "payment_method": card}, key, 400, "smallest top-up is $5.00"),
        ({"amount": "99999", "payment_method": card}, key, 400, "largest top-up is $5000.00"),
        ({"amount": "ten", "payment_method": card}, key, 400, "must be a number"),
        ({"amount": "10.123", "payment_method": card}, key, 400, "2 decimal places"),
        ({"amount": "10.00", "payment_method": "4242 4242 4242 4242"}, key, 400, "card could not be read"),
        ({"amount": "10.00", "payment_method": card, "card_number": "4242"}, key, 400, "not an accepted field"),
        ({"amount": "10.00"}, key, 400, "'payment_method' is required"),
    ]
    for body, headers, status, message in cases:
        response = client.post("/payments/top-ups", body, headers=headers)
        assert response.status_code == status, body
        assert message in response.data["error"], (body, response.data)
    no_csrf = client.post("/payments/top-ups", {"amount": "10.00", "payment_method": card}, headers=key, csrf=False)
    assert no_csrf.status_code == 403
    assert client.get("/payments/top-ups").data["top_ups"] == []
    assert ledger_store.entries(user_id) == []


@pytest.mark.promise("O5")
def test_top_ups_of_one_user_are_invisible_to_another(client, new_client) -> None:
    owner = sign_in_customer(client, "0")
    started = client.post("/payments/top-ups", {"amount": "12.00", "payment_method": stripe.card()},
                          headers={"Idempotency-Key": "owner-1"})
    assert started.status_code == 201, started.data
    top_up_id = started.data["top_up"]["id"]
    assert client.get(f"/payments/top-ups/{top_up_id}").status_code == 200
    other = new_client()
    sign_in_customer(other, "0")
    assert other.get(f"/payments/top-ups/{top_up_id}").status_code == 404
    assert other.get("/payments/top-ups").data["top_ups"] == []
    assert other.get(f"/admin/users/{owner}/top-ups").status_code == 403
    assert other.get("/payments/top-ups/abc").status_code == 404


@pytest.mark.promise("P4")
def test_the_webhook_route_verifies_the_raw_body_and_answers_stripe(client) -> None:
    user_id = sign_in_customer(client, "0")
    started = client.post("/payments/top-ups", {"amount": "20.00", "payment_method": stripe.card()},
                          headers={"Idempotency-Key": "wh-1"})
    intent = stripe.stripe_get(f"payment_intents/{started.data['top_up']['transaction_id']}")
    # P4: the intent carries an amount, a currency, a payment method id and our own ids only.
    assert intent["metadata"] == {"topup_id": str(started.data["top_up"]["id"]), "user_id": user_id}
    assert intent.get("customer") is None and intent.get("description") is None
    body, signature = stripe.signed(stripe.event("payment_intent.succeeded", intent))
    forged = client.post("/payments/webhook", raw=body, headers={"Stripe-Signature": signature[:-2] + "00"},
                         csrf=False)
    assert forged.status_code == 400 and forged.data["error"] == "Invalid Stripe signature."
    assert ledger_store.account(user_id).balance == 0
    for _ in range(2):
        delivered = client.post("/payments/webhook", raw=body, headers={"Stripe-Signature": signature}, csrf=False)
        assert delivered.status_code == 200 and delivered.data == {"received": True}
    assert ledger_store.account(user_id).balance == Decimal("20.00")
    listed = client.get("/payments/top-ups").data["top_ups"]
    assert [(t["amount"], t["status"], t["method"]) for t in listed] == [("20.00", "succeeded", "card")]
    assert not {"card", "last4", "number"} & set(listed[0])


def test_staff_record_manual_top_ups_set_bonus_tiers_and_list_a_month(client, new_client, clock) -> None:
    user_id = customer()
    sign_in_staff(client, clock, Role.ADMIN)
    path = f"/admin/users/{user_id}/top-ups"
    body = {"amount": "300.00", "method": "crypto", "reference": "tx 0xfeed"}
    for _ in range(2):
        made = client.post(path, body, headers={"Idempotency-Key": "manual-1"})
        assert made.status_code == 201, made.data
    assert made.data["top_up"]["method"] == "crypto"
    assert client.post(path, {**body, "method": "card"}, headers={"Idempotency-Key": "m-2"}).status_code == 400
    assert client.post(path, body).status_code == 400  # no Idempotency-Key
    assert ledger_store.account(user_id).balance == Decimal("300.00")
    month = clock.at.strftime("%Y-%m")
    listed = client.get(f"/admin/top-ups?month={month}").data["top_ups"]
    assert made.data["top_up"]["id"] in [t["id"] for t in listed]
    assert client.get("/admin/top-ups?month=nov").status_code == 400

    before = payments_store.bonus_tiers()
    try:
        bad = client.request("PUT", "/admin/payments/bonus-tiers", {"tiers": [{"min_amount": "100", "percent": "500"}]})
        assert bad.status_code == 400 and "percent" in bad.data["error"]
        good = client.request("PUT", "/admin/payments/bonus-tiers", {"tiers": [
            {"min_amount": "500", "percent": "10"}, {"min_amount": "100", "percent": "5"}]})
        assert good.data["bonus_tiers"] == [{"min_amount": "100.00", "percent": "5"},
                                            {"min_amount": "500.00", "percent": "10"}]
        assert client.get("/payments/config").data["bonus_tiers"] == good.data["bonus_tiers"]
    finally:
        payments_store.save_bonus_tiers(before, "test", "2026-01-01T00:00:00Z")
    unlock = client.post(f"/admin/users/{user_id}/unlock", {"note": "checked"})
    assert unlock.status_code == 400 and "not locked" in unlock.data["error"]


def test_wrongly_typed_payment_bodies_are_refused_in_the_rules_words(client, clock) -> None:
    user_id = customer()
    sign_in_staff(client, clock, Role.ADMIN)
    path, key = f"/admin/users/{user_id}/top-ups", {"Idempotency-Key": "typed-1"}
    good = {"amount": "30.00", "method": "crypto", "reference": "tx 0xbeef"}
    cases = [
        ({**good, "method": ["crypto"]}, "'method' must be bank_transfer, crypto or other."),
        ({**good, "method": "card"}, "'method' must be bank_transfer, crypto or other."),
        ({**good, "reference": 42}, "A reference (up to 200 characters) is required"),
        ({**good, "amount": 30.5}, "'amount' must be a number written as text"),
        ({**good, "amount": True}, "'amount' must be a number written as text"),
        ({**good, "amount": {"value": "30"}}, "'amount' must be a number"),
    ]
    for body, message in cases:
        refused = client.post(path, body, headers=key)
        assert refused.status_code == 400 and message in refused.data["error"], (body, refused.data)
    card_body = {"amount": "10.00", "payment_method": 4242}
    refused = client.post("/payments/top-ups", card_body, headers=key)
    assert refused.status_code == 400 and "card could not be read" in refused.data["error"]
    whole = client.post(path, {**good, "amount": 30}, headers=key)  # a whole number is an amount too
    assert whole.status_code == 201 and whole.data["top_up"]["amount"] == "30.00"
    assert ledger_store.account(user_id).balance == Decimal("30.00")
