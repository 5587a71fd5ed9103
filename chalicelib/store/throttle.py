"""Fixed-window counters for throttling (atomic ADD, expired by TTL)."""

from __future__ import annotations

from chalicelib.store import dynamo, keys, schema


def count(scope: str, subject_hash: str, window_start: int) -> int:
    item = dynamo.get(keys.throttle(scope, subject_hash, window_start), consistent=True)
    return int(item["count"]) if item else 0


def increment(scope: str, subject_hash: str, window_start: int, expires_epoch: int) -> int:
    response = dynamo.client().update_item(
        TableName=dynamo.table_name(),
        Key=dynamo.to_attributes(keys.throttle(scope, subject_hash, window_start)),
        UpdateExpression="ADD #count :one SET #ttl = :ttl",
        ExpressionAttributeNames={"#count": "count", "#ttl": schema.TTL_ATTRIBUTE},
        ExpressionAttributeValues=dynamo.values(one=1, ttl=expires_epoch),
        ReturnValues="UPDATED_NEW",
    )
    return int(response["Attributes"]["count"]["N"])
