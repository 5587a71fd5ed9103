"""Top-ups, their claims and Stripe objects, payment settings."""

from __future__ import annotations

from chalicelib.store.keys.base import Key


def top_up(top_up_id: int) -> Key:
    return {"pk": f"TOPUP#{top_up_id}", "sk": "TOPUP"}


def top_ups_index(user_id: str, created_iso: str, top_up_id: int) -> Key:
    """GSI1: a user's top-ups (history for the customer and for staff)."""
    return {"gsi1pk": f"TOPUPS#{user_id}", "gsi1sk": f"{created_iso}#{top_up_id:012d}"}


def top_ups_of(user_id: str) -> str:
    return f"TOPUPS#{user_id}"


def top_ups_month(month: str, created_iso: str, top_up_id: int) -> Key:
    """GSI2: every top-up of one calendar month (staff's list), newest last in sort order.
    A partition per month: top-ups are rare next to orders."""
    return {"gsi2pk": f"TOPUPS#{month}", "gsi2sk": f"{created_iso}#{top_up_id:012d}"}


def top_ups_in(month: str) -> str:
    return f"TOPUPS#{month}"


def payments_config() -> Key:
    return {"pk": "CONFIG#payments", "sk": "CONFIG"}


def top_up_claim(key_hash: str) -> Key:
    """Idempotency of a top-up request (one top-up per caller and Idempotency-Key)."""
    return {"pk": f"TOPUPKEY#{key_hash}", "sk": "CLAIM"}


def stripe_object(object_id: str) -> Key:
    """Which top-up a Stripe PaymentIntent or Charge belongs to (refunds and disputes name
    only the charge or the intent)."""
    return {"pk": f"STRIPE#{object_id}", "sk": "TOPUP"}
