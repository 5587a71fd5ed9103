"""Stripe's webhook events, in the shape Stripe sends them (API version 2024-06-20), read into
the typed events the payments services act on."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from chalicelib.adapters import stripe_events
from chalicelib.adapters.stripe_events import (
    ChargeRefunded,
    DisputeClosed,
    DisputeCreated,
    Ignored,
    Intent,
    IntentFailed,
    IntentSucceeded,
    Malformed,
    parse_event,
)

INTENT: dict[str, Any] = {
    "id": "pi_3PQx2bLkdIwHu7ix0q9Y1abc", "object": "payment_intent", "amount": 5000, "amount_capturable": 0,
    "amount_received": 5000, "application": None, "automatic_payment_methods": None, "canceled_at": None,
    "capture_method": "automatic", "client_secret": "pi_3PQx2bLkdIwHu7ix0q9Y1abc_secret_Xy12", "confirmation_method":
    "automatic", "created": 1718000000, "currency": "usd", "customer": None, "description": None,
    "last_payment_error": None, "latest_charge": "ch_3PQx2bLkdIwHu7ix0Ab12cde", "livemode": False,
    "metadata": {"topup_id": "42", "user_id": "u-7f3a"}, "next_action": None, "payment_method": "pm_1PQx2a",
    "payment_method_types": ["card"], "status": "succeeded",
}
CHARGE: dict[str, Any] = {
    "id": "ch_3PQx2bLkdIwHu7ix0Ab12cde", "object": "charge", "amount": 5000, "amount_captured": 5000,
    "amount_refunded": 1500, "captured": True, "currency": "usd", "disputed": False,
    "payment_intent": "pi_3PQx2bLkdIwHu7ix0q9Y1abc", "refunded": False, "status": "succeeded",
    "metadata": {"topup_id": "42", "user_id": "u-7f3a"},
}
DISPUTE: dict[str, Any] = {
    "id": "dp_1PQx9zLkdIwHu7ixQ0aBcdEf", "object": "dispute", "amount": 5000, "balance_transactions": [],
    "charge": "ch_3PQx2bLkdIwHu7ix0Ab12cde", "created": 1718100000, "currency": "usd", "evidence_details":
    {"due_by": 1718900000, "has_evidence": False, "past_due": False, "submission_count": 0},
    "is_charge_refundable": False, "livemode": False, "metadata": {},
    "payment_intent": "pi_3PQx2bLkdIwHu7ix0q9Y1abc", "reason": "fraudulent", "status": "needs_response",
}


def _event(event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
    return {"id": "evt_1PQxAbLkdIwHu7ix", "object": "event", "api_version": "2024-06-20", "created": 1718000001,
            "data": {"object": copy.deepcopy(obj)}, "livemode": False, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}, "type": event_type}


def test_a_succeeded_intent_carries_what_crediting_needs() -> None:
    event = parse_event(_event("payment_intent.succeeded", INTENT))
    assert event == IntentSucceeded(event_id="evt_1PQxAbLkdIwHu7ix", event_type="payment_intent.succeeded",
                                    intent=Intent(
        intent_id="pi_3PQx2bLkdIwHu7ix0q9Y1abc", status="succeeded",
        client_secret="pi_3PQx2bLkdIwHu7ix0q9Y1abc_secret_Xy12", charge_id="ch_3PQx2bLkdIwHu7ix0Ab12cde",
        error=None, amount_cents=5000, currency="usd", top_up_id=42, user_id="u-7f3a"))


def test_a_failed_intent_carries_the_message_for_the_customer() -> None:
    failed = {**INTENT, "status": "requires_payment_method", "latest_charge": None, "last_payment_error": {
        "type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
        "message": "Your card was declined.", "payment_method": {"id": "pm_1PQx2a", "object": "payment_method"}}}
    event = parse_event(_event("payment_intent.payment_failed", failed))
    assert isinstance(event, IntentFailed)
    assert (event.intent.error, event.intent.charge_id, event.intent.status) == \
        ("Your card was declined.", None, "requires_payment_method")


def test_an_expanded_charge_is_read_as_its_id_and_odd_metadata_as_no_reference() -> None:
    odd = {**INTENT, "latest_charge": copy.deepcopy(CHARGE), "amount": "5000", "currency": None,
           "metadata": {"topup_id": "42; drop", "user_id": 7}}
    event = parse_event(_event("payment_intent.succeeded", odd))
    assert isinstance(event, IntentSucceeded)
    assert event.intent.charge_id == CHARGE["id"]
    assert (event.intent.amount_cents, event.intent.currency, event.intent.top_up_id, event.intent.user_id) == \
        (None, "", None, None)  # none of these can match a top-up record: the payment is ignored
    no_metadata = parse_event(_event("payment_intent.succeeded", {**INTENT, "metadata": "not a map"}))
    assert isinstance(no_metadata, IntentSucceeded) and no_metadata.intent.top_up_id is None


def test_a_refund_carries_the_cumulative_amount_refunded() -> None:
    assert parse_event(_event("charge.refunded", CHARGE)) == ChargeRefunded(
        event_id="evt_1PQxAbLkdIwHu7ix", event_type="charge.refunded", charge_id="ch_3PQx2bLkdIwHu7ix0Ab12cde",
        payment_intent="pi_3PQx2bLkdIwHu7ix0q9Y1abc", amount_refunded_cents=1500)
    without = parse_event(_event("charge.refunded", {"id": "ch_unknown"}))
    assert isinstance(without, ChargeRefunded) and (without.payment_intent, without.amount_refunded_cents) == (None, 0)


def test_disputes_opened_and_closed_are_their_own_events_and_updates_are_not_used() -> None:
    created = parse_event(_event("charge.dispute.created", DISPUTE))
    assert created == DisputeCreated(
        event_id="evt_1PQxAbLkdIwHu7ix", event_type="charge.dispute.created", dispute_id="dp_1PQx9zLkdIwHu7ixQ0aBcdEf",
        charge_id="ch_3PQx2bLkdIwHu7ix0Ab12cde", payment_intent="pi_3PQx2bLkdIwHu7ix0q9Y1abc",
        status="needs_response", amount_cents=5000)
    closed = parse_event(_event("charge.dispute.closed", {**DISPUTE, "status": "won"}))
    assert isinstance(closed, DisputeClosed) and closed.status == "won"
    updated = parse_event(_event("charge.dispute.updated", {**DISPUTE, "status": "under_review"}))
    assert updated == Ignored(event_id="evt_1PQxAbLkdIwHu7ix", event_type="charge.dispute.updated",
                              reason="event type not used")


@pytest.mark.parametrize(("event", "reason"), [
    ({"id": "evt_1", "type": "customer.created", "data": {"object": {"id": "cus_1"}}}, "event type not used"),
    ({"id": "evt_1", "data": {"object": INTENT}}, "event type not used"),
])
def test_events_we_do_not_use_are_ignored_with_the_reason(event: dict[str, Any], reason: str) -> None:
    parsed = parse_event(event)
    assert isinstance(parsed, Ignored) and parsed.reason == reason


@pytest.mark.parametrize(("event", "reason"), [
    ({"id": "evt_1", "type": "charge.refunded", "data": {"object": None}}, "no object in the event"),
    ({"id": "evt_1", "type": "charge.refunded", "data": "nothing"}, "no object in the event"),
    ({"id": "evt_1", "type": "charge.refunded"}, "no object in the event"),
    ({"id": "evt_1", "type": "charge.refunded", "data": {"object": {"id": 12}}}, "no object in the event"),
    ({"id": "evt_1", "type": "charge.refunded", "data": {"object": {**CHARGE, "amount_refunded": "15.00"}}},
     "unreadable object (an amount must be a whole number of cents)"),
    ({"id": "evt_1", "type": "charge.dispute.created", "data": {"object": {**DISPUTE, "amount": -5}}},
     "unreadable object (an amount must be a whole number of cents)"),
])
def test_events_we_act_on_but_cannot_read_are_malformed_not_ignored(event: dict[str, Any], reason: str) -> None:
    """A refund or dispute we cannot read may be money: it is told apart from a type we skip."""
    parsed = parse_event(event)
    assert isinstance(parsed, Malformed) and parsed.reason == reason


def test_every_type_we_register_with_stripe_is_read_into_an_event_we_act_on() -> None:
    objects = {"payment_intent": INTENT, "charge": CHARGE, "charge.dispute": DISPUTE}
    for event_type in stripe_events.TYPES_USED:
        obj = objects[event_type.rsplit(".", 1)[0]]
        assert not isinstance(parse_event(_event(event_type, obj)), Ignored), event_type
