"""API keys (stored by the hash of the key) and their daily request counters."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from chalicelib.domain.api_keys import ApiKey
from chalicelib.store import dynamo, keys, schema

DAY_COUNTER_TTL_SECONDS = 3 * 24 * 3600


def _item(key: ApiKey) -> dict[str, Any]:
    return {
        **keys.api_key(key.key_hash), **keys.api_keys_index(key.user_id, key.created_at.isoformat(), key.key_id),
        "type": "api_key", "key_id": key.key_id, "user_id": key.user_id, "label": key.label, "prefix": key.prefix,
        "created_at": key.created_at.isoformat(), "rps_limit": key.rps_limit, "daily_limit": key.daily_limit,
        "allowed_ips": list(key.allowed_ips) or None, "revoked": key.revoked,
        "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
    }


def _key(item: dict[str, Any]) -> ApiKey:
    return ApiKey(
        key_hash=keys.api_key_hash_of(item["pk"]), key_id=item["key_id"], user_id=item["user_id"],
        label=item["label"], prefix=item["prefix"], created_at=datetime.fromisoformat(item["created_at"]),
        rps_limit=int(item["rps_limit"]), daily_limit=int(item["daily_limit"]),
        allowed_ips=tuple(item.get("allowed_ips") or ()), revoked=bool(item.get("revoked", False)),
        last_used_at=datetime.fromisoformat(item["last_used_at"]) if item.get("last_used_at") else None,
    )


def insert(key: ApiKey) -> None:
    dynamo.put(_item(key), condition="attribute_not_exists(pk)")


def get(key_hash: str) -> ApiKey | None:
    item = dynamo.get(keys.api_key(key_hash))
    return _key(item) if item else None


def of_user(user_id: str) -> list[ApiKey]:
    return [_key(i) for i in dynamo.query_index(schema.GSI1, keys.api_keys_of(user_id))]


def revoke(key: ApiKey) -> None:
    dynamo.put(_item(replace(key, revoked=True)))


def set_limits(key: ApiKey, rps_limit: int, daily_limit: int) -> bool:
    """New limits for a live key; False when it is gone or was revoked meanwhile."""
    return dynamo.update(keys.api_key(key.key_hash), "SET rps_limit = :rps, daily_limit = :daily",
                         condition="attribute_exists(pk) AND revoked = :live",
                         rps=rps_limit, daily=daily_limit, live=False) is not None


def touch(key: ApiKey, now: datetime) -> None:
    dynamo.update(keys.api_key(key.key_hash), "SET last_used_at = :now", condition="attribute_exists(pk)",
                  now=now.isoformat())


def daily_count_action(key: ApiKey, day: str, now_epoch: int) -> dict[str, Any]:
    """Counts one request against the key's daily limit; fails its condition when reached.
    Joins the order's transaction for `add`, so counting costs no extra round trip."""
    return {"Update": {
        "Key": dynamo.to_attributes(keys.api_daily_count(key.key_hash, day)),
        "UpdateExpression": "ADD #c :one SET #ttl = :ttl",
        "ConditionExpression": "attribute_not_exists(#c) OR #c < :limit",
        "ExpressionAttributeNames": {"#c": "count", "#ttl": schema.TTL_ATTRIBUTE},
        "ExpressionAttributeValues": dynamo.values(one=1, limit=key.daily_limit,
                                                   ttl=now_epoch + DAY_COUNTER_TTL_SECONDS),
    }}


def count_request(key: ApiKey, day: str, now_epoch: int) -> bool:
    """Count a request outside a transaction; False if the daily limit is reached."""
    action = daily_count_action(key, day, now_epoch)["Update"]
    return dynamo.update(
        keys.api_daily_count(key.key_hash, day), action["UpdateExpression"], condition=action["ConditionExpression"],
        names=action["ExpressionAttributeNames"], one=1, limit=key.daily_limit,
        ttl=now_epoch + DAY_COUNTER_TTL_SECONDS) is not None
