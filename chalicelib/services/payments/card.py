"""The add-funds flow: a card top-up is started here and only ever credited by the webhook.

`start_top_up` creates and confirms a PaymentIntent and records the top-up as pending; the
record then notes what Stripe answered (`record_outcome`) unless the webhook got there first.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chalicelib.adapters import stripe_events, stripe_payments
from chalicelib.domain import payment_events
from chalicelib.domain.errors import InvalidInput, NotFound, PaymentDeclined, Unavailable
from chalicelib.domain.numbers import checked_month
from chalicelib.domain.payments import (
    BonusTier,
    Method,
    TopUp,
    TopUpStatus,
    bonus_for,
    parse_payment_method_id,
    parse_top_up_amount,
    to_cents,
)
from chalicelib.observability import logger
from chalicelib.services import clock
from chalicelib.services.payments import records
from chalicelib.services.payments.records import key_hash
from chalicelib.settings import get_settings
from chalicelib.store import counters
from chalicelib.store import payments as store


def _limits() -> tuple[Decimal, Decimal]:
    settings = get_settings()
    return Decimal(settings.top_up_min_usd), Decimal(settings.top_up_max_usd)


@dataclass(frozen=True)
class PaymentsSetup:
    """What the add-funds page needs: limits, tiers, and how to load Stripe.js."""

    min_amount: Decimal
    max_amount: Decimal
    bonus_tiers: list[BonusTier]
    publishable_key: str
    js_url: str
    browser: str


def public_config() -> PaymentsSetup:
    settings = get_settings()
    minimum, maximum = _limits()
    return PaymentsSetup(minimum, maximum, store.bonus_tiers(), settings.stripe_publishable_key,
                         settings.stripe_js_url, settings.stripe_browser)


@dataclass(frozen=True)
class Started:
    top_up: TopUp
    client_secret: str | None   # set when the browser must finish 3-D Secure with Stripe.js


def start_top_up(user_id: str, raw_amount: object, raw_payment_method: object, idempotency_key: str | None) -> Started:
    """Charge a card through a server-confirmed PaymentIntent. The balance is not touched here."""
    minimum, maximum = _limits()
    amount = parse_top_up_amount(raw_amount, minimum, maximum)
    payment_method = parse_payment_method_id(raw_payment_method)
    if not idempotency_key or len(idempotency_key) > 200:
        raise InvalidInput("Send an Idempotency-Key header (up to 200 characters) with each top-up.",
                           fields={"Idempotency-Key": "required"})
    claim_key = key_hash(f"card:{user_id}", idempotency_key)
    earlier = store.claimed(claim_key)
    if earlier is not None:
        return _replay(user_id, earlier, amount)
    top_up = TopUp(top_up_id=counters.next_id("topup"), user_id=user_id, amount=amount,
                   bonus=bonus_for(amount, store.bonus_tiers()), method=Method.CARD, status=TopUpStatus.CREATED,
                   created_at=clock.now())
    if not store.insert_claimed(top_up, claim_key):
        winner = store.claimed(claim_key)
        assert winner is not None
        return _replay(user_id, winner, amount)
    metadata = {stripe_events.TOP_UP_KEY: str(top_up.top_up_id), stripe_events.USER_KEY: user_id}
    try:
        intent = stripe_payments.create_intent(to_cents(amount), payment_method, metadata,
                                               idempotency_key=f"topup-{top_up.top_up_id}")
    except stripe_payments.PaymentRefused as exc:
        record_outcome(top_up.top_up_id, TopUpStatus.FAILED, failure=str(exc))
        raise PaymentDeclined(str(exc)) from exc
    except stripe_payments.StripeUnavailable as exc:
        # Stripe may or may not have charged: the record stays "created"; if it did, its
        # webhook credits the balance as usual.
        logger.error("stripe unavailable", extra={"top_up_id": top_up.top_up_id, "error": str(exc)})
        raise Unavailable("The payment service did not answer. Check your balance before trying again.") from exc
    store.link_stripe_objects(top_up.top_up_id, intent.intent_id, intent.charge_id)
    status = payment_events.intent_status(intent.status)
    updated = record_outcome(top_up.top_up_id, status, intent=intent)
    logger.info("top-up started", extra={"top_up_id": top_up.top_up_id, "stripe_status": intent.status})
    if status == TopUpStatus.FAILED:
        raise PaymentDeclined(intent.error or payment_events.DEFAULT_FAILURE)
    return Started(updated, intent.client_secret if status == TopUpStatus.REQUIRES_ACTION else None)


def _replay(user_id: str, top_up_id: int, amount: Decimal) -> Started:
    earlier = store.get(top_up_id)
    if earlier is None or earlier.user_id != user_id or earlier.amount != amount:
        raise InvalidInput("This Idempotency-Key was used for a different top-up.",
                           fields={"Idempotency-Key": "reused"})
    secret = None
    if earlier.status == TopUpStatus.REQUIRES_ACTION and earlier.payment_intent:
        secret = stripe_payments.retrieve_intent(earlier.payment_intent).client_secret
    return Started(earlier, secret)


def record_outcome(top_up_id: int, status: TopUpStatus, *, intent: stripe_events.Intent | None = None,
                   failure: str | None = None) -> TopUp:
    """Note what Stripe answered, unless the webhook got there first (it wins)."""
    record, _ = records.change(top_up_id, lambda current: payment_events.outcome_noted(
        current, status, intent_id=intent.intent_id if intent else None,
        charge_id=intent.charge_id if intent else None, error=intent.error if intent else None, failure=failure))
    return record


def top_up_of(user_id: str, top_up_id: int) -> TopUp:
    """A customer's own top-up (its status, while the browser waits for the webhook)."""
    top_up = store.get(top_up_id)
    if top_up is None or top_up.user_id != user_id:
        raise NotFound("No such top-up.")
    return top_up


def history(user_id: str, limit: int = 50, cursor: str | None = None) -> tuple[list[TopUp], str | None]:
    """A page of the user's top-ups, newest first, and the cursor of the next page."""
    return store.of_user(user_id, limit, cursor)


def month_history(month: str, limit: int = 100, cursor: str | None = None) -> tuple[list[TopUp], str | None]:
    """A page of every top-up made in a calendar month ("2026-11"), for staff."""
    return store.in_month(checked_month(month), limit, cursor)
