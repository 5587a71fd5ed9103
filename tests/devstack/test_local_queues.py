"""The local stack's queues keep a message from other workers as long as the cloud's do: six
times the worker's timeout (infra/layout.py), on moto's SQS the test stack starts."""

from __future__ import annotations

import boto3

from devstack.handlers import load_app, sqs_handlers
from devstack.provision import ensure_queues
from infra import layout


def test_local_queues_get_the_clouds_visibility_timeout(backing_services: None) -> None:
    sqs = boto3.client("sqs")
    handlers = sqs_handlers(load_app())
    # A queue left by an earlier run with another timeout is brought in line, not refused.
    url = sqs.get_queue_url(QueueName=handlers[0].queue)["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "30"})
    ensure_queues(load_app())
    for handler in handlers:
        url = sqs.get_queue_url(QueueName=handler.queue)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]
        assert int(attributes["VisibilityTimeout"]) == layout.visibility_timeout_seconds(handler.name)
