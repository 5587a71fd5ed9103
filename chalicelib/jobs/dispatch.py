"""SQS worker for the orders queue: each message names one order to send upstream.

The provider calls of a batch run concurrently (one slow provider does not make the others
wait); Powertools' BatchProcessor then reports the records to retry."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from chalicelib.observability import logger
from chalicelib.services import dispatch

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord


def _send(record: dict[str, Any]) -> BaseException | None:
    try:
        dispatch.dispatch(int(json.loads(record["body"])["order_id"]))
    except dispatch.RetryLater as exc:
        return exc
    except Exception as exc:  # reported as this record's failure; the queue retries, then dead-letters
        logger.exception("dispatch crashed")
        return exc
    return None


def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    records = event.get("Records", [])
    with ThreadPoolExecutor(max_workers=max(1, min(len(records), 10))) as pool:
        outcomes = dict(zip((r["messageId"] for r in records), pool.map(_send, records), strict=True))

    def report(record: SQSRecord) -> None:
        failure = outcomes.get(record.message_id)
        if failure is not None:
            raise failure

    response = process_partial_response(event=event, record_handler=report,
                                        processor=BatchProcessor(event_type=EventType.SQS), context=context)
    return dict(response)
