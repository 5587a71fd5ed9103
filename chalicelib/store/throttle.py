"""Fixed-window counters for throttling (atomic ADD, expired by TTL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Slot:
    """One use to count in one window, allowed while the window holds fewer than `limit`."""

    scope: str
    subject_hash: str
    window_start: int
    expires_epoch: int
    limit: int


def take(slots: list[Slot]) -> int | None:
    """Count one use in every slot, all or none, in one transaction. None when counted; else
    the index of a slot that was full (nothing was counted). Concurrent callers can never
    push a window past its limit."""
    actions: list[dict[str, Any]] = [{"Update": {
        "Key": dynamo.to_attributes(keys.throttle(slot.scope, slot.subject_hash, slot.window_start)),
        "UpdateExpression": "ADD #count :one SET #ttl = :ttl",
        "ConditionExpression": "attribute_not_exists(#count) OR #count < :limit",
        "ExpressionAttributeNames": {"#count": "count", "#ttl": schema.TTL_ATTRIBUTE},
        "ExpressionAttributeValues": dynamo.values(one=1, ttl=slot.expires_epoch, limit=slot.limit),
    }} for slot in slots]
    try:
        dynamo.transact_write(actions)
    except dynamo.TransactionCancelled as exc:
        for index, reason in enumerate(exc.reasons):
            if reason == "ConditionalCheckFailed":
                return index
        raise
    return None
