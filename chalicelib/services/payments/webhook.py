"""Stripe's webhook: verify a delivery, dispatch it by event type, and apply it exactly once.

Every movement has a deterministic ledger entry id derived from the Stripe object it comes
from, and joins a conditional write of the top-up record, so any number of deliveries, in any
order and at the same time, changes the balance once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from chalicelib.adapters import stripe_payments
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.ledger import AlreadyApplied, EntryKind
from chalicelib.domain.numbers import whole_number
from chalicelib.domain.payment_events import Movement
from chalicelib.domain.payments import (
    DisputeStatus,
    Method,
    TopUp,
    TopUpStatus,
    bonus_to_reverse,
    from_cents,
    to_cents,
)
from chalicelib.observability import logger, metrics
from chalicelib.services import ledger
from chalicelib.services.payments import card, records
from chalicelib.services.payments.records import Change
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
    if (metadata.get("user_id") != top_up.user_id or top_up.method != Method.CARD
            or intent.get("amount") != to_cents(top_up.amount) or str(intent.get("currency", "")).lower() != "usd"):
        return "ignored: mismatch between the payment and our top-up record"
    if top_up.payment_intent not in (None, intent["id"]):
        return "ignored: mismatch (another payment intent already paid this top-up)"
    charge = intent.get("latest_charge")
    charge_id = charge if isinstance(charge, str) else (charge or {}).get("id")
    store.link_stripe_objects(top_up.topup_id, intent["id"], charge_id)

    def decide(current: TopUp) -> Change | None:
        if current.status == TopUpStatus.SUCCEEDED:
            return None
        after = replace(current, status=TopUpStatus.SUCCEEDED, payment_intent=intent["id"],
                        charge=charge_id or current.charge, failure=None)
        return Change(after, "credited", Movement(current.amount, EntryKind.TOP_UP, f"topup#{intent['id']}"))

    _, changed = records.change(top_up.topup_id, decide)
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
    error = (intent.get("last_payment_error") or {}).get("message") or "The payment did not go through."
    card.record_outcome(top_up.topup_id, TopUpStatus.FAILED, failure=str(error))
    return "marked failed"


def _charge_refunded(charge: dict[str, Any]) -> str:
    top_up = _find(charge.get("payment_intent"), charge["id"])
    if top_up is None:
        return "ignored: unknown charge"
    refunded = min(from_cents(int(charge.get("amount_refunded") or 0)), top_up.amount)

    def decide(current: TopUp) -> Change | None:
        if refunded <= current.refunded:
            return None  # an older or repeated delivery: refunds only ever grow
        return Change(replace(current, refunded=refunded), "debited", Movement(
            -(refunded - current.refunded), EntryKind.PAYMENT_REFUND,
            f"card-refund#{charge['id']}#{to_cents(refunded)}", may_go_negative=True))

    _, changed = records.change(top_up.topup_id, decide)
    _reverse_bonus(top_up.topup_id)
    return changed.outcome if changed else ALREADY_APPLIED


def _dispute(dispute: dict[str, Any], closing: bool) -> str:
    top_up = _find(dispute.get("payment_intent"), dispute.get("charge"))
    if top_up is None:
        return "ignored: unknown charge"
    dispute_id = dispute["id"]
    status = str(dispute.get("status", ""))
    if not closing and status.startswith("warning"):
        return "ignored: an inquiry moves no money"
    if closing and status not in ("won", "lost"):
        return f"ignored: dispute closed as {status or 'unknown'}"
    amount = min(from_cents(int(dispute.get("amount") or 0)), top_up.amount)

    def decide(current: TopUp) -> Change | None:
        known = current.disputes.get(dispute_id)
        move: tuple[Decimal, EntryKind | None, str, DisputeStatus] | None
        if not closing:
            move = None if known else (-amount, EntryKind.DISPUTE, f"dispute#{dispute_id}", DisputeStatus.OPEN)
        elif status == "won":
            if known is None:
                move = (Decimal(0), None, "", DisputeStatus.WON)   # never debited: nothing to give back
            elif known[1] == DisputeStatus.OPEN:
                move = (known[0], EntryKind.DISPUTE_WON, f"dispute-won#{dispute_id}", DisputeStatus.WON)
            else:
                move = None
        else:  # lost
            if known is None:
                move = (-amount, EntryKind.DISPUTE, f"dispute#{dispute_id}", DisputeStatus.LOST)
            elif known[1] == DisputeStatus.OPEN:
                move = (Decimal(0), None, "", DisputeStatus.LOST)  # debited when opened
            else:
                move = None
        if move is None:
            return None
        delta, kind, entry_id, new_status = move
        held = known[0] if known else amount
        after = replace(current, disputes={**current.disputes, dispute_id: (held, new_status)})
        if kind is None:
            return Change(after, f"recorded {new_status.value}")
        return Change(after, "credited back" if delta > 0 else "debited",
                      Movement(delta, kind, entry_id, may_go_negative=True))

    _, changed = records.change(top_up.topup_id, decide)
    _reverse_bonus(top_up.topup_id)
    return changed.outcome if changed else ALREADY_APPLIED


def _reverse_bonus(topup_id: int) -> None:
    """Bring the bonus taken back in line with the money taken back (either direction)."""
    def decide(current: TopUp) -> Change | None:
        target = bonus_to_reverse(current)
        if target == current.bonus_reversed:
            return None
        after = replace(current, bonus_reversed=target, bonus_version=current.bonus_version + 1)
        return Change(after, "reversed", Movement(
            current.bonus_reversed - target, EntryKind.BONUS_REVERSAL,
            f"bonus-reversal#{topup_id}#{after.bonus_version}", may_go_negative=True))

    records.change(topup_id, decide, retry_if_applied=True)


_HANDLERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "payment_intent.succeeded": intent_succeeded,
    "payment_intent.payment_failed": intent_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": lambda d: _dispute(d, closing=False),
    "charge.dispute.closed": lambda d: _dispute(d, closing=True),
}
