"""Talking to localstripe the way Stripe.js and Stripe do: card tokens made with the
publishable key, and webhook deliveries signed with the endpoint's secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import requests

from chalicelib import secret_names
from chalicelib.adapters import secret_store
from chalicelib.settings import get_settings

VISA = "4242424242424242"
DECLINED = "4000000000000341"      # attaches, then declined when charged
THREE_D_SECURE = "4000002760003184"


def card(number: str = VISA) -> str:
    """What the browser hands our server: a payment method id from Stripe (never the card)."""
    settings = get_settings()
    response = requests.post(f"{settings.stripe_api_base}/v1/tokens", timeout=10, data={
        "card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2034", "card[cvc]": "123",
        "key": settings.stripe_publishable_key,
    })
    response.raise_for_status()
    return str(response.json()["card"]["id"])


def stripe_get(path: str) -> dict[str, Any]:
    settings = get_settings()
    response = requests.get(f"{settings.stripe_api_base}/v1/{path}", timeout=10,
                            auth=(secret_store.get(secret_names.STRIPE_SECRET_KEY), ""))
    response.raise_for_status()
    return dict(response.json())


def stripe_post(path: str, data: dict[str, Any]) -> dict[str, Any]:
    settings = get_settings()
    response = requests.post(f"{settings.stripe_api_base}/v1/{path}", timeout=10, data=data,
                             auth=(secret_store.get(secret_names.STRIPE_SECRET_KEY), ""))
    response.raise_for_status()
    return dict(response.json())


def event(event_type: str, obj: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {"id": event_id or f"evt_{hashlib.sha256(json.dumps(obj).encode()).hexdigest()[:20]}", "object": "event",
            "type": event_type, "created": int(time.time()), "data": {"object": obj}}


def signed(payload: dict[str, Any], *, secret: str | None = None, at: int | None = None) -> tuple[bytes, str]:
    """The body and Stripe-Signature header of a delivery, as Stripe computes them."""
    body = json.dumps(payload).encode()
    timestamp = at if at is not None else int(time.time())
    key = secret if secret is not None else secret_store.get(secret_names.STRIPE_WEBHOOK_SECRET)
    signature = hmac.new(key.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={signature}"
