"""Creates what the cloud stack (CDK) creates, on the local endpoints: the table from the
one schema definition, and each queue the app consumes with its dead-letter queue."""

from __future__ import annotations

import json

import boto3
from chalice.app import Chalice

from chalicelib.settings import get_settings
from chalicelib.store import dynamo
from devstack.handlers import sqs_handlers

MAX_RECEIVES = 5  # as in infra/: a message failing 5 times goes to the dead-letter queue


def ensure_queues(app: Chalice) -> list[str]:
    sqs = boto3.client("sqs")
    names = []
    for handler in sqs_handlers(app):
        dlq_url = sqs.create_queue(QueueName=f"{handler.queue}-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sqs.create_queue(QueueName=handler.queue, Attributes={
            "VisibilityTimeout": "30",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVES)}),
        })
        names.append(handler.queue)
    return names


def ensure_all(app: Chalice) -> None:
    dynamo.ensure_table(get_settings().table_name)
    ensure_queues(app)
