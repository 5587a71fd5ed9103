"""SQS: sending messages to the application's queues (URLs resolved lazily, cached)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config


@lru_cache(maxsize=1)
def _sqs() -> Any:
    return boto3.client("sqs", config=Config(connect_timeout=2, read_timeout=5))


@lru_cache(maxsize=16)
def queue_url(queue_name: str) -> str:
    return str(_sqs().get_queue_url(QueueName=queue_name)["QueueUrl"])


def send(queue_name: str, message: dict[str, Any]) -> None:
    _sqs().send_message(QueueUrl=queue_url(queue_name), MessageBody=json.dumps(message))


def depth(queue_name: str) -> int:
    """Approximate number of visible messages (health and operations)."""
    attributes = _sqs().get_queue_attributes(
        QueueUrl=queue_url(queue_name), AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"])
