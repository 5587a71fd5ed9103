"""Stripe's objects and webhook events, read into typed values: the services never see raw dicts.

Only what the payments use cases need is kept. Anything we do not act on, or cannot read,
becomes `Ignored` with the reason, so a delivery is always answered and logged, never a crash.
Field names follow Stripe's API (2024+ versions: a PaymentIntent's `latest_charge`, a
dispute's `charge` and `payment_intent`); expanded objects are read as their id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.numbers import whole_number

# The metadata keys we put on every PaymentIntent (their names are part of what Stripe
# stores for payments already made, so they never change).
TOP_UP_KEY = "topup_id"
USER_KEY = "user_id"


@dataclass(frozen=True)
class Intent:
    """A PaymentIntent, as an API answer or a webhook event carries it."""

    intent_id: str
    status: str                 # Stripe's PaymentIntent status
    client_secret: str | None   # lets Stripe.js finish 3-D Secure in the browser
    charge_id: str | None
    error: str | None           # the last payment error's message, for the customer
    amount_cents: int | None = None
    currency: str = ""
    top_up_id: int | None = None    # our top-up, from the metadata
    user_id: str | None = None      # our account, from the metadata


@dataclass(frozen=True, kw_only=True)
class Event:
    event_id: str | None
    event_type: str


@dataclass(frozen=True, kw_only=True)
class IntentSucceeded(Event):
    intent: Intent


@dataclass(frozen=True, kw_only=True)
class IntentFailed(Event):
    intent: Intent


@dataclass(frozen=True, kw_only=True)
class ChargeRefunded(Event):
    charge_id: str
    payment_intent: str | None
    amount_refunded_cents: int     # cumulative: every refund of the charge so far


@dataclass(frozen=True, kw_only=True)
class Dispute(Event):
    dispute_id: str
    charge_id: str | None
    payment_intent: str | None
    status: str                    # Stripe's dispute status (warning_*, needs_response, won, lost ...)
    amount_cents: int


@dataclass(frozen=True, kw_only=True)
class DisputeCreated(Dispute):
    """`charge.dispute.created`: a chargeback (or an inquiry, `warning_*`) was opened."""


@dataclass(frozen=True, kw_only=True)
class DisputeClosed(Dispute):
    """`charge.dispute.closed`: the dispute ended, won or lost (or an inquiry closed)."""


@dataclass(frozen=True, kw_only=True)
class Ignored(Event):
    """A delivery we do not act on: a type we do not use (`charge.dispute.updated` too: only
    opening and closing move money)."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class Malformed(Event):
    """A type we act on whose object does not have the shape Stripe documents. It may carry
    money (a refund, a dispute, a payment), so it must not be acknowledged and forgotten."""

    reason: str


StripeEvent = IntentSucceeded | IntentFailed | ChargeRefunded | DisputeCreated | DisputeClosed | Ignored | Malformed

TYPES_USED = ("payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded",
              "charge.dispute.created", "charge.dispute.closed")


class Unreadable(ValueError):
    """A field of a Stripe object does not have the shape Stripe documents."""


def parse_event(event: Mapping[str, Any]) -> StripeEvent:
    """The typed event of a verified delivery."""
    raw_id = event.get("id")
    event_id = raw_id if isinstance(raw_id, str) else None
    event_type = str(event.get("type", ""))
    if event_type not in TYPES_USED:
        return Ignored(event_id=event_id, event_type=event_type, reason="event type not used")
    data = event.get("data")
    obj = (data.get("object") if isinstance(data, Mapping) else None) or {}
    if not isinstance(obj, Mapping) or not isinstance(obj.get("id"), str):
        return Malformed(event_id=event_id, event_type=event_type, reason="no object in the event")
    try:
        return _typed(event_id, event_type, obj)
    except Unreadable as exc:
        return Malformed(event_id=event_id, event_type=event_type, reason=f"unreadable object ({exc})")


def _typed(event_id: str | None, event_type: str, obj: Mapping[str, Any]) -> StripeEvent:
    if event_type == "payment_intent.succeeded":
        return IntentSucceeded(event_id=event_id, event_type=event_type, intent=parse_intent(obj))
    if event_type == "payment_intent.payment_failed":
        return IntentFailed(event_id=event_id, event_type=event_type, intent=parse_intent(obj))
    if event_type == "charge.refunded":
        return ChargeRefunded(event_id=event_id, event_type=event_type, charge_id=str(obj["id"]),
                              payment_intent=_id_of(obj.get("payment_intent")),
                              amount_refunded_cents=_cents(obj.get("amount_refunded")))
    kind = DisputeCreated if event_type == "charge.dispute.created" else DisputeClosed
    return kind(event_id=event_id, event_type=event_type, dispute_id=str(obj["id"]),
                charge_id=_id_of(obj.get("charge")), payment_intent=_id_of(obj.get("payment_intent")),
                status=str(obj.get("status") or ""), amount_cents=_cents(obj.get("amount")))


def parse_intent(intent: Mapping[str, Any]) -> Intent:
    """A PaymentIntent object (from the API or an event)."""
    metadata = intent.get("metadata")
    metadata = metadata if isinstance(metadata, Mapping) else {}
    error = intent.get("last_payment_error")
    message = error.get("message") if isinstance(error, Mapping) else None
    amount = intent.get("amount")
    user_id = metadata.get(USER_KEY)
    secret = intent.get("client_secret")
    return Intent(
        intent_id=str(intent["id"]), status=str(intent.get("status") or ""),
        client_secret=secret if isinstance(secret, str) else None, charge_id=_id_of(intent.get("latest_charge")),
        error=str(message) if message else None,
        amount_cents=amount if isinstance(amount, int) and not isinstance(amount, bool) else None,
        currency=str(intent.get("currency") or ""), top_up_id=whole_number(str(metadata.get(TOP_UP_KEY, ""))),
        user_id=user_id if isinstance(user_id, str) else None,
    )


def _id_of(value: object) -> str | None:
    """An object reference: its id, whether Stripe sent the id or the expanded object."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _cents(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Unreadable("an amount must be a whole number of cents")
    return value
