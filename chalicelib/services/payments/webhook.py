"""Stripe's webhook: verify a delivery, dispatch it by event type, and apply it exactly once.

The adapter hands over typed events (`adapters/stripe_events.py`); the rules of
`domain/payment_events.py` decide what each does to the top-up, and `records.change` writes the
record and its ledger movement in one conditional transaction. Every movement has a
deterministic ledger entry id derived from the Stripe object it comes from, so any number of
deliveries, in any order and at the same time, changes the balance once.
"""

from __future__ import annotations

import contextlib
from typing import assert_never

from chalicelib.adapters import stripe_events, stripe_payments
from chalicelib.adapters.stripe_events import Intent, StripeEvent
from chalicelib.domain import payment_events
from chalicelib.domain.errors import InvalidInput, Unavailable
from chalicelib.domain.ledger import AlreadyApplied, EntryKind
from chalicelib.domain.payments import TopUp, TopUpStatus
from chalicelib.observability import STRIPE_EVENTS_UNREADABLE, logger, metrics
from chalicelib.services import customer_mails, ledger
from chalicelib.services.payments import card, records
from chalicelib.store import payments as store

ALREADY_APPLIED = "already applied"


def receive_webhook(payload: bytes, signature: str | None) -> str:
    """Verify and apply one delivery; returns what happened (also logged)."""
    try:
        event = stripe_payments.verify_event(payload, signature)
    except stripe_payments.BadSignature as exc:
        logger.warning("stripe webhook refused: bad signature", extra={"reason": str(exc)})
        raise InvalidInput("Invalid Stripe signature.") from exc
    return handle_event(event)


def handle_event(event: StripeEvent) -> str:
    """Apply one verified event by its type; returns what happened (also logged)."""
    match event:
        case stripe_events.IntentSucceeded():
            outcome = intent_succeeded(event.intent)
        case stripe_events.IntentFailed():
            outcome = intent_failed(event.intent)
        case stripe_events.ChargeRefunded():
            outcome = _charge_refunded(event)
        case stripe_events.DisputeCreated():
            outcome = _dispute(event, closing=False)
        case stripe_events.DisputeClosed():
            outcome = _dispute(event, closing=True)
        case stripe_events.Ignored():
            outcome = f"ignored: {event.reason}"
        case stripe_events.Malformed():
            # It may be money we owe or must take back: refuse it, so Stripe delivers it again
            # (for days) while the alarm on this metric gets someone to look.
            logger.error("stripe webhook unreadable", extra={"event_id": event.event_id, "type": event.event_type,
                                                              "reason": event.reason})
            metrics.add_metric(name=STRIPE_EVENTS_UNREADABLE, unit="Count", value=1)
            raise Unavailable("This Stripe event could not be read; it was not applied.")
        case _:
            assert_never(event)
    log = logger.warning if outcome.startswith("ignored: unknown") or "mismatch" in outcome else logger.info
    log("stripe webhook", extra={"event_id": event.event_id, "type": event.event_type, "outcome": outcome})
    return outcome


def _find(*object_ids: str | None) -> TopUp | None:
    """The top-up a Stripe intent or charge belongs to (the first of the ids we know)."""
    for object_id in filter(None, object_ids):
        top_up_id = store.by_stripe_object(object_id)
        if top_up_id is not None:
            return store.get(top_up_id)
    return None


def intent_succeeded(intent: Intent) -> str:
    """Credit the top-up the intent paid (matched by the id in its metadata), and its bonus."""
    top_up = store.get(intent.top_up_id) if intent.top_up_id is not None else _find(intent.intent_id)
    if top_up is None:
        return "ignored: unknown top-up (no account to credit)"
    mismatch = payment_events.intent_mismatch(top_up, intent_id=intent.intent_id, user_id=intent.user_id,
                                              amount_cents=intent.amount_cents, currency=intent.currency)
    if mismatch:
        return f"ignored: {mismatch}"
    store.link_stripe_objects(top_up.top_up_id, intent.intent_id, intent.charge_id)
    _, changed = records.change(top_up.top_up_id, lambda current: payment_events.credit(
        current, intent_id=intent.intent_id, charge_id=intent.charge_id))
    if changed is not None:
        metrics.add_metric(name="TopUpsCredited", unit="Count", value=1)
    if top_up.bonus > 0:
        with contextlib.suppress(AlreadyApplied):
            ledger.move(top_up.user_id, top_up.bonus, EntryKind.BONUS, f"bonus#{intent.intent_id}",
                        reference=f"bonus on top-up #{top_up.top_up_id}")
    if changed is None:
        return ALREADY_APPLIED
    customer_mails.top_up_received(top_up.top_up_id)  # after the bonus: the mail's balance has it
    return changed.outcome


def intent_failed(intent: Intent) -> str:
    top_up = _find(intent.intent_id)
    if top_up is None and intent.top_up_id is not None:
        top_up = store.get(intent.top_up_id)
    if top_up is None:
        return "ignored: unknown top-up"
    card.record_outcome(top_up.top_up_id, TopUpStatus.FAILED, failure=intent.error or payment_events.DEFAULT_FAILURE)
    return "marked failed"


def _charge_refunded(charge: stripe_events.ChargeRefunded) -> str:
    top_up = _find(charge.payment_intent, charge.charge_id)
    if top_up is None:
        return "ignored: unknown charge"
    _, changed = records.change(top_up.top_up_id, lambda current: payment_events.refund(
        current, charge_id=charge.charge_id, amount_refunded_cents=charge.amount_refunded_cents))
    _reverse_bonus(top_up.top_up_id)
    return changed.outcome if changed else ALREADY_APPLIED


def _dispute(dispute: stripe_events.Dispute, closing: bool) -> str:
    top_up = _find(dispute.payment_intent, dispute.charge_id)
    if top_up is None:
        return "ignored: unknown charge"
    ignored = payment_events.dispute_ignored(closing=closing, status=dispute.status)
    if ignored:
        return f"ignored: {ignored}"
    _, changed = records.change(top_up.top_up_id, lambda current: payment_events.dispute(
        current, dispute_id=dispute.dispute_id, closing=closing, status=dispute.status,
        amount_cents=dispute.amount_cents))
    _reverse_bonus(top_up.top_up_id)
    return changed.outcome if changed else ALREADY_APPLIED


def _reverse_bonus(top_up_id: int) -> None:
    """Bring the bonus taken back in line with the money taken back (either direction)."""
    records.change(top_up_id, payment_events.bonus_reversal, retry_if_applied=True)
