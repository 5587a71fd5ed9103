"""Lost webhooks: card top-ups still open after a while are checked with Stripe."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.adapters import stripe_payments
from chalicelib.domain import payment_events
from chalicelib.domain.errors import DomainError
from chalicelib.domain.payments import Method, TopUpStatus
from chalicelib.observability import logger
from chalicelib.services import clock
from chalicelib.services.payments import card, webhook
from chalicelib.store import payments as store

RECONCILE_AFTER = timedelta(minutes=30)
ABANDON_AFTER = timedelta(hours=24)


def reconcile_pending() -> dict[str, int]:
    """Hourly: card top-ups still open 30 minutes after they started are checked with Stripe.
    A payment whose webhook never arrived (endpoint down past Stripe's retries) is credited by
    the same code and entry ids as the webhook, so a late webhook still changes nothing; a
    3-D Secure step abandoned for a day is canceled at Stripe, so it can no longer be paid."""
    now = clock.now()
    months = {now.strftime("%Y-%m"), (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")}
    counts = {"checked": 0, "credited": 0, "failed": 0, "unresolved": 0}
    for top_up in (t for month in sorted(months) for t in store.all_in_month(month)):
        if (top_up.method != Method.CARD or top_up.status in (TopUpStatus.SUCCEEDED, TopUpStatus.FAILED)
                or now - top_up.created_at < RECONCILE_AFTER):
            continue
        counts["checked"] += 1
        if not top_up.payment_intent:
            counts["unresolved"] += 1  # Stripe never answered the request: staff look it up
            logger.warning("top-up without a payment intent", extra={"top_up_id": top_up.top_up_id})
            continue
        try:
            intent = stripe_payments.retrieve_intent(top_up.payment_intent)
            if intent.status == "succeeded":
                counts["credited"] += webhook.intent_succeeded(intent) == "credited"
            elif intent.status in payment_events.FAILED_INTENT_STATUSES:
                webhook.intent_failed(intent)
                counts["failed"] += 1
            elif intent.status == "requires_action" and now - top_up.created_at >= ABANDON_AFTER:
                stripe_payments.cancel_intent(top_up.payment_intent)
                card.record_outcome(top_up.top_up_id, TopUpStatus.FAILED,
                                    failure="Card authentication was not completed.")
                counts["failed"] += 1
        except stripe_payments.StripeUnavailable:
            counts["unresolved"] += 1
            logger.warning("stripe unavailable while reconciling", extra={"top_up_id": top_up.top_up_id})
        except DomainError as exc:  # one top-up we cannot settle must not stop the hourly run for the rest
            counts["unresolved"] += 1
            logger.error("top-up could not be reconciled", extra={"top_up_id": top_up.top_up_id, "code": exc.code})
    if counts["credited"]:
        logger.warning("top-ups credited without their webhook", extra={"count": counts["credited"]})
    return counts
