"""The order outbox: which stream records become dispatch messages, and their body.

One definition for the cloud (the EventBridge Pipe's filter and input template in infra/)
and the local stack (devstack/pipe.py)."""

from __future__ import annotations

from typing import Any

# EventBridge filter pattern over DynamoDB stream records: inserted orders, still pending.
FILTER_PATTERN: dict[str, Any] = {
    "eventName": ["INSERT"],
    "dynamodb": {"NewImage": {"type": {"S": ["order"]}, "status": {"S": ["pending"]}}},
}
# EventBridge Pipes input template producing the message body.
INPUT_TEMPLATE = '{"order_id": <$.dynamodb.NewImage.order_id.N>}'


def matches(record: dict[str, Any]) -> bool:
    image = record.get("dynamodb", {}).get("NewImage", {})
    return (record.get("eventName") == "INSERT" and image.get("type", {}).get("S") == "order"
            and image.get("status", {}).get("S") == "pending")


def message(record: dict[str, Any]) -> dict[str, Any]:
    return {"order_id": int(record["dynamodb"]["NewImage"]["order_id"]["N"])}
