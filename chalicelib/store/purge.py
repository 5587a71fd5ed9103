"""Retention: finding and stripping login IP addresses whose purge-by date has come (P8)."""

from __future__ import annotations

from datetime import date

from chalicelib.store import dynamo, keys, schema


def due_login_records(today: date, limit: int = 500) -> list[dict[str, str]]:
    """Keys of login records whose IP must be purged by `today` (inclusive)."""
    items = dynamo.query_index(schema.GSI1, keys.LOGIN_IP_PURGE_PARTITION,
                               sort_at_most=keys.login_purge_due_by(today.isoformat()), limit=limit)
    return [{"pk": item["pk"], "sk": item["sk"]} for item in items]


def strip_login_ip(key: dict[str, str]) -> None:
    """Remove the IP and the index entry; the sign-in time stays as account history."""
    dynamo.update(key, "REMOVE ip, gsi1pk, gsi1sk SET ip_purged = :yes", condition="attribute_exists(pk)", yes=True)
