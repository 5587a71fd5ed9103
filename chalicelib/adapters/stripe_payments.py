"""Stripe: the real `stripe` SDK (pointed at localstripe on the local stack by a setting),
imported on first use so that routes that do not pay never load it.

Webhook deliveries and intents are handed to the services as the typed values of
`adapters/stripe_events.py`, never as Stripe's raw dicts.

Only what a payment needs is sent (P4): amount, currency, the payment method id the browser
got from Stripe, and our own ids as metadata. No name, no e-mail, never card data.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from chalicelib import secret_names
from chalicelib.adapters import secret_store
from chalicelib.adapters.stripe_events import Intent, StripeEvent, parse_event, parse_intent
from chalicelib.settings import get_settings


class PaymentRefused(Exception):
    """Stripe refused the payment (declined card, invalid payment method): a message for the customer."""


class StripeUnavailable(Exception):
    """Stripe could not be reached or answered an error not caused by the customer."""


class BadSignature(Exception):
    """A webhook whose Stripe-Signature does not verify (forged, altered, or too old)."""


@lru_cache(maxsize=4)
def _client(api_key: str, api_base: str | None, timeout: float) -> Any:
    import stripe

    options: dict[str, Any] = {"max_network_retries": 2,
                               "http_client": stripe.RequestsClient(timeout=timeout)}
    if api_base:
        options["base_addresses"] = {"api": api_base}
    return stripe.StripeClient(api_key, **options)


def client() -> Any:
    settings = get_settings()
    return _client(secret_store.get(secret_names.STRIPE_SECRET_KEY), settings.stripe_api_base,
                   settings.stripe_timeout_seconds)


def create_intent(amount_cents: int, payment_method: str, metadata: dict[str, str], idempotency_key: str) -> Intent:
    """Create and confirm a card PaymentIntent server-side (one call). Stripe's idempotency key
    makes a retried request return the same intent instead of charging twice."""
    import stripe

    params = {
        "amount": amount_cents, "currency": "usd", "payment_method": payment_method, "confirm": True,
        "payment_method_types": ["card"], "metadata": metadata,
    }
    try:
        intent = client().v1.payment_intents.create(params=params, options={"idempotency_key": idempotency_key})
    except stripe.CardError as exc:
        raise PaymentRefused(exc.user_message or "Your card was declined.") from exc
    except stripe.InvalidRequestError as exc:
        raise PaymentRefused("The card could not be used; enter it again.") from exc
    except stripe.StripeError as exc:
        raise StripeUnavailable(type(exc).__name__) from exc
    return _intent(intent)


def retrieve_intent(intent_id: str) -> Intent:
    """The PaymentIntent as Stripe has it now (a replay's client secret; reconciling lost webhooks)."""
    import stripe

    try:
        return _intent(client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as exc:
        raise StripeUnavailable(type(exc).__name__) from exc


def cancel_intent(intent_id: str) -> None:
    import stripe

    try:
        client().v1.payment_intents.cancel(intent_id)
    except stripe.StripeError as exc:
        raise StripeUnavailable(type(exc).__name__) from exc


def _intent(resource: Any) -> Intent:
    return parse_intent(resource if isinstance(resource, dict) else resource.to_dict())


def verify_event(payload: bytes, signature_header: str | None) -> StripeEvent:
    """The typed event, if `Stripe-Signature` verifies against the raw body with our webhook
    secret and its timestamp is within the tolerance (replays of old deliveries are refused)."""
    import stripe

    if not signature_header:
        raise BadSignature("no Stripe-Signature header")
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature_header,
                                              secret_store.get(secret_names.STRIPE_WEBHOOK_SECRET),
                                              get_settings().stripe_webhook_tolerance_seconds)
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        raise BadSignature(str(exc).split("\n")[0]) from exc
    event = json.loads(payload)
    if not isinstance(event, dict):
        raise BadSignature("payload is not an object")
    return parse_event(event)
