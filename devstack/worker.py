"""Local SQS worker: long-polls each queue the app consumes and invokes the app's real
`on_sqs_message` handler with a Lambda-shaped event (real message ids and receipt
handles). Like Lambda's SQS integration with ReportBatchItemFailures, it deletes only
the messages the handler did not report as failed; the others come back after the
visibility timeout and, after too many receives, SQS moves them to the dead-letter queue.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import boto3
from chalice.app import Chalice

from chalicelib.settings import get_settings
from devstack.handlers import LocalContext, SqsHandler, load_app, serve, sqs_handlers
from devstack.pipe import StreamPipe


def _event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    return {"Records": [{
        "messageId": m["MessageId"],
        "receiptHandle": m["ReceiptHandle"],
        "body": m["Body"],
        "attributes": m.get("Attributes", {}),
        "messageAttributes": m.get("MessageAttributes", {}),
        "md5OfBody": m.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": "local",
    } for m in messages]}


def poll_once(sqs: Any, handler: SqsHandler, wait_seconds: int = 0) -> int:
    """Receive one batch and run it through the handler; returns how many were received."""
    url = sqs.get_queue_url(QueueName=handler.queue)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=handler.batch_size,
                                   WaitTimeSeconds=wait_seconds, AttributeNames=["All"]).get("Messages", [])
    if not messages:
        return 0
    try:
        result = handler.function(_event(messages, arn), LocalContext(handler.name)) or {}
    except Exception as exc:  # as in Lambda: the whole batch comes back later
        print(f"[worker] {handler.name} failed, batch will be retried: {exc!r}", flush=True)
        return len(messages)
    failed = {item["itemIdentifier"] for item in result.get("batchItemFailures", [])}
    done = [m for m in messages if m["MessageId"] not in failed]
    if done:
        sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)
        ])
    if failed:
        print(f"[worker] {handler.name}: {len(failed)} message(s) failed and will be retried", flush=True)
    return len(messages)


_test_pipes: dict[str, StreamPipe] = {}


def drain(max_batches: int = 50) -> int:
    """Forward the table's stream and process every queue until all are empty (tests);
    returns messages processed. Each table's stream is read from its beginning."""
    sqs = boto3.client("sqs")
    handlers = sqs_handlers(load_app())
    pipe = _test_pipes.setdefault(get_settings().table_name, StreamPipe(start="TRIM_HORIZON"))
    total = 0
    for _ in range(max_batches):
        pipe.pump()
        received = sum(poll_once(sqs, handler) for handler in handlers)
        total += received
        if not received:
            break
    return total


def run_forever(app: Chalice, running: Callable[[], bool]) -> None:
    sqs = boto3.client("sqs")
    handlers = sqs_handlers(app)
    pipe = StreamPipe(start="LATEST")  # orders placed while the worker was down: the sweeper
    print(f"[worker] polling {', '.join(h.queue for h in handlers)} and the table's stream", flush=True)
    while running():
        try:
            pipe.pump()
        except Exception as exc:  # the stream must never stop the queues from being served
            print(f"[worker] stream error: {exc!r}", flush=True)
        try:
            for handler in handlers:
                poll_once(sqs, handler, wait_seconds=1)
        except Exception as exc:  # the queue endpoint restarting must not kill the worker
            print(f"[worker] polling error: {exc!r}", flush=True)
            time.sleep(2)


if __name__ == "__main__":
    serve(__doc__ or "", run_forever)
