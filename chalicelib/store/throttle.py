"""Fixed-window counters for throttling (atomic ADD, expired by TTL)."""

from __future__ import annotations

from chalicelib.store import dynamo, keys, schema


def count(scope: str, subject_hash: str, window_start: int) -> int:
    item = dynamo.get(keys.throttle(scope, subject_hash, window_start), consistent=True)
    return int(item["count"]) if item else 0


def increment(scope: str, subject_hash: str, window_start: int, expires_epoch: int) -> int:
    counted = dynamo.update(keys.throttle(scope, subject_hash, window_start), "ADD #count :one SET #ttl = :ttl",
                            names={"#count": "count", "#ttl": schema.TTL_ATTRIBUTE}, returning="UPDATED_NEW",
                            one=1, ttl=expires_epoch)
    assert counted is not None  # unconditional
    return int(counted["count"])
