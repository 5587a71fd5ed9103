"""Orders, their idempotency and active-link claims, refills, reseller API keys."""

from __future__ import annotations

from chalicelib.store.keys.base import Key


def order(order_id: int) -> Key:
    return {"pk": f"ORDER#{order_id}", "sk": "ORDER"}


def order_index(user_id: str, created_iso: str, order_id: int) -> Key:
    """GSI1: a user's orders, newest last in sort order (queried backwards)."""
    return {"gsi1pk": f"ORDERS#{user_id}", "gsi1sk": f"{created_iso}#{order_id:012d}"}


def orders_of(user_id: str) -> str:
    return f"ORDERS#{user_id}"


def orders_month_index(created_iso: str, order_id: int) -> Key:
    """GSI3: every order by the month it was placed (the staff reports)."""
    return {"gsi3pk": orders_in_month(created_iso[:7]), "gsi3sk": f"{created_iso}#{order_id:012d}"}


def orders_in_month(month: str) -> str:
    return f"ORDERSMONTH#{month}"


def created_between(date_from: str | None, date_to: str | None) -> tuple[str, str]:
    """Bounds of a `<created ISO time>#...` sort key between two ISO dates, both inclusive
    (either open)."""
    return date_from or "0000", (date_to or "9999") + "\uffff"


def idempotency(user_id: str, key_hash: str) -> Key:
    return {"pk": f"IDEMPOTENCY#{user_id}#{key_hash}", "sk": "IDEMPOTENCY"}


def active_link(user_id: str, service_id: int, link_hash: str) -> Key:
    """Held while an order for this link and service is open (optional per-service rule)."""
    return {"pk": f"ACTIVELINK#{user_id}#{service_id}#{link_hash}", "sk": "ACTIVE"}


def refill(refill_id: int) -> Key:
    return {"pk": f"REFILL#{refill_id}", "sk": "REFILL"}


def refill_index(order_id: int, refill_id: int) -> Key:
    """GSI1: an order's refill requests, in the order they were made."""
    return {"gsi1pk": refills_of_order(order_id), "gsi1sk": f"{refill_id:012d}"}


def refills_of_order(order_id: int) -> str:
    return f"REFILLS#{order_id}"


def api_key(key_hash: str) -> Key:
    return {"pk": f"APIKEY#{key_hash}", "sk": "APIKEY"}


def api_key_hash_of(partition: str) -> str:
    """The key hash back from an API key item's partition key."""
    return partition.removeprefix("APIKEY#")


def api_keys_index(user_id: str, created_iso: str, key_id: str) -> Key:
    """GSI1: a user's API keys."""
    return {"gsi1pk": f"APIKEYS#{user_id}", "gsi1sk": f"{created_iso}#{key_id}"}


def api_keys_of(user_id: str) -> str:
    return f"APIKEYS#{user_id}"


def api_daily_count(key_hash: str, day: str) -> Key:
    """Requests made with a key on one UTC day (the reseller's own daily limit)."""
    return {"pk": f"APIRATE#{key_hash}", "sk": f"DAY#{day}"}
