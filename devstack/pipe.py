"""Local stand-in for the EventBridge Pipe: reads the table's DynamoDB stream and sends a
dispatch message for every inserted pending order to the orders queue (filter and message
from chalicelib/store/outbox.py, as in the cloud)."""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.exceptions import ClientError

from chalicelib.settings import get_settings
from chalicelib.store import outbox


class StreamPipe:
    def __init__(self, start: str = "LATEST") -> None:
        self.start = start  # LATEST for a running stack; TRIM_HORIZON to read a table's whole history
        self.started = False  # shards found after the first pump are new: read them from their start
        self.stream_arn: str | None = None
        self.iterators: dict[str, str | None] = {}
        self._ddb = boto3.client("dynamodb")
        self._streams = boto3.client("dynamodbstreams")
        self._sqs = boto3.client("sqs")

    def pump(self) -> int:
        """Forward what the stream has now; returns the number of messages sent."""
        settings = get_settings()
        arn = self._ddb.describe_table(TableName=settings.table_name)["Table"].get("LatestStreamArn")
        if not arn:
            return 0
        if arn != self.stream_arn:
            self.stream_arn, self.iterators, self.started = arn, {}, False
        messages: list[dict[str, Any]] = []
        for shard in self._shards(arn):
            shard_id = shard["ShardId"]
            if shard_id not in self.iterators:
                self.iterators[shard_id] = self._iterator(arn, shard_id, self.start if not self.started
                                                          else "TRIM_HORIZON")
            try:
                self.iterators[shard_id] = self._read(self.iterators[shard_id], messages)
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") not in ("TrimmedDataAccessException",
                                                                      "ExpiredIteratorException"):
                    raise
                # Records aged out or the iterator expired: start over at the shard's end;
                # anything missed is pending and the sweeper queues it.
                self.iterators[shard_id] = self._iterator(arn, shard_id, "LATEST")
        self.started = True
        self._send(settings.order_queue_name, messages)
        return len(messages)

    def _iterator(self, arn: str, shard_id: str, kind: str) -> str | None:
        iterator = self._streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id,
                                                    ShardIteratorType=kind).get("ShardIterator")
        return str(iterator) if iterator else None

    def _read(self, iterator: str | None, messages: list[dict[str, Any]]) -> str | None:
        for _ in range(20):  # bounded: a busy shard is read on over later pumps
            if iterator is None:
                return None
            page = self._streams.get_records(ShardIterator=iterator, Limit=1000)
            messages.extend(outbox.message(r) for r in page.get("Records", []) if outbox.matches(r))
            iterator = page.get("NextShardIterator")
            if not page.get("Records"):
                break
        return iterator

    def _shards(self, arn: str) -> list[dict[str, Any]]:
        shards: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"StreamArn": arn}
        while True:
            description = self._streams.describe_stream(**kwargs)["StreamDescription"]
            shards.extend(description.get("Shards", []))
            last = description.get("LastEvaluatedShardId")
            if not last:
                return shards
            kwargs["ExclusiveStartShardId"] = last

    def _send(self, queue_name: str, messages: list[dict[str, Any]]) -> None:
        if not messages:
            return
        url = self._sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
        for i in range(0, len(messages), 10):
            batch = messages[i:i + 10]
            self._sqs.send_message_batch(QueueUrl=url, Entries=[
                {"Id": str(n), "MessageBody": json.dumps(body)} for n, body in enumerate(batch)])
