"""Stripe's webhook: verify a delivery, dispatch it by event type, and apply it exactly once.

Every movement has a deterministic ledger entry id derived from the Stripe object it comes
from, and joins a conditional write of the top-up record, so any number of deliveries, in any
order and at the same time, changes the balance once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from chalicelib.adapters import stripe_payments
from chalicelib.domain import payment_events
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.ledger import AlreadyApplied, EntryKind
from chalicelib.domain.numbers import whole_number
from chalicelib.domain.payments import (
    TopUp,
    TopUpStatus,
)
from chalicelib.observability import logger, metrics
from chalicelib.services import ledger
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


def handle_event(event: dict[str, Any]) -> str:
    event_type = str(event.get("type", ""))
    handler = _HANDLERS.get(event_type)
    obj = (event.get("data") or {}).get("object") or {}
    if handler is None:
        outcome = "ignored: event type not used"
    elif not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
        outcome = "ignored: no object in the event"
    else:
        outcome = handler(obj)
    log = logger.warning if outcome.startswith("ignored: unknown") or "mismatch" in outcome else logger.info
    log("stripe webhook", extra={"event_id": event.get("id"), "type": event_type, "outcome": outcome})
    return outcome


def _find(*object_ids: object) -> TopUp | None:
    for object_id in object_ids:
        if isinstance(object_id, str):
            topup_id = store.by_stripe_object(object_id)
            if topup_id is not None:
                return store.get(topup_id)
    return None


def intent_succeeded(intent: dict[str, Any]) -> str:
    metadata = intent.get("metadata") or {}
    raw_id = str(metadata.get("topup_id", ""))
    number = whole_number(raw_id)
    top_up = store.get(number) if number is not None else _find(intent["id"])
    if top_up is None:
        return "ignored: unknown top-up (no account to credit)"
    amount = intent.get("amount")
    mismatch = payment_events.intent_mismatch(
        top_up, intent_id=intent["id"], user_id=metadata.get("user_id"),
        amount_cents=amount if isinstance(amount, int) else None, currency=str(intent.get("currency", "")))
    if mismatch:
        return f"ignored: {mismatch}"
    charge = intent.get("latest_charge")
    charge_id = charge if isinstance(charge, str) else (charge or {}).get("id")
    store.link_stripe_objects(top_up.topup_id, intent["id"], charge_id)
    _, changed = records.change(top_up.topup_id, lambda current: payment_events.credit(
        current, intent_id=intent["id"], charge_id=charge_id))
    if changed is not None:
        metrics.add_metric(name="TopUpsCredited", unit="Count", value=1)
    if top_up.bonus > 0:
        with contextlib.suppress(AlreadyApplied):
            ledger.move(top_up.user_id, top_up.bonus, EntryKind.BONUS, f"bonus#{intent['id']}",
                        reference=f"bonus on top-up #{top_up.topup_id}")
    return changed.outcome if changed else ALREADY_APPLIED


def intent_failed(intent: dict[str, Any]) -> str:
    top_up = _find(intent["id"])
    raw_id = str((intent.get("metadata") or {}).get("topup_id", ""))
    number = whole_number(raw_id)
    if top_up is None and number is not None:
        top_up = store.get(number)
    if top_up is None:
        return "ignored: unknown top-up"
    error = (intent.get("last_payment_error") or {}).get("message") or payment_events.DEFAULT_FAILURE
    card.record_outcome(top_up.topup_id, TopUpStatus.FAILED, failure=str(error))
    return "marked failed"


def _charge_refunded(charge: dict[str, Any]) -> str:
    top_up = _find(charge.get("payment_intent"), charge["id"])
    if top_up is None:
        return "ignored: unknown charge"
    refunded_cents = int(charge.get("amount_refunded") or 0)
    _, changed = records.change(top_up.topup_id, lambda current: payment_events.refund(
        current, charge_id=charge["id"], amount_refunded_cents=refunded_cents))
    _reverse_bonus(top_up.topup_id)
    return changed.outcome if changed else ALREADY_APPLIED


def _dispute(dispute: dict[str, Any], closing: bool) -> str:
    top_up = _find(dispute.get("payment_intent"), dispute.get("charge"))
    if top_up is None:
        return "ignored: unknown charge"
    dispute_id = dispute["id"]
    status = str(dispute.get("status", ""))
    ignored = payment_events.dispute_ignored(closing=closing, status=status)
    if ignored:
        return f"ignored: {ignored}"
    amount_cents = int(dispute.get("amount") or 0)
    _, changed = records.change(top_up.topup_id, lambda current: payment_events.dispute(
        current, dispute_id=dispute_id, closing=closing, status=status, amount_cents=amount_cents))
    _reverse_bonus(top_up.topup_id)
    return changed.outcome if changed else ALREADY_APPLIED


def _reverse_bonus(topup_id: int) -> None:
    """Bring the bonus taken back in line with the money taken back (either direction)."""
    records.change(topup_id, payment_events.bonus_reversal, retry_if_applied=True)


_HANDLERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "payment_intent.succeeded": intent_succeeded,
    "payment_intent.payment_failed": intent_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": lambda d: _dispute(d, closing=False),
    "charge.dispute.closed": lambda d: _dispute(d, closing=True),
}
