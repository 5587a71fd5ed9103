"""Counts what the app would be billed for while it runs on the local stack.

One invocation runs at a time (the scenario is sequential), and everything the process does
inside `Meter.invocation(...)` belongs to that Lambda function: its wall and CPU time, the
bytes it writes to standard output (CloudWatch Logs in the cloud: Powertools' JSON lines and
the metrics' EMF documents), and every AWS call its boto3 clients make. Calls outside an
invocation (setting the stage up, the local worker's own polling) are not counted.

DynamoDB: every read and write asks for ReturnConsumedCapacity=TOTAL, and DynamoDB Local's
answer is summed; it includes the GSI writes of a plain write. Its figures for transactions
are wrong (one 100-byte put in a transaction reports 4 units, three report 4 too), so
transactions are priced here by DynamoDB's own rule from the items' sizes, read before and
after with a client outside the meter: 2 units per KB per item, and per GSI the item lands in.
A write refused by its condition still costs its units in the cloud; DynamoDB Local's error
carries no figure, so it is priced from the item as it stands.
"""

from __future__ import annotations

import io
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
from cost_prices import (
    LAMBDA_PLATFORM_LOG_BYTES,
    LAMBDA_PLATFORM_LOG_EVENTS,
    FunctionUse,
    Usage,
    billed_ms,
    chunked_requests,
    item_size,
    lambda_duration_ms,
    log_bytes,
    read_units,
    write_units,
)

READS = {"GetItem", "Query", "Scan", "BatchGetItem"}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"}
SINGLE_WRITES = {"PutItem", "UpdateItem", "DeleteItem"}
# SQS calls that carry message bodies (billed per 64 KB chunk of their payload).
SQS_SENDS = {"SendMessage", "SendMessageBatch"}


@dataclass
class Invocation:
    function: str
    memory_mb: int
    log_bytes: int = 0
    log_events: int = 0
    secret_fetches: int = 0
    read_units: float = 0.0
    write_units: float = 0.0


@dataclass
class FunctionStats:
    """Per function: what its invocations measured, before scaling."""

    memory_mb: int
    invocations: int = 0
    wall_ms: float = 0.0
    cpu_ms: float = 0.0
    billed_ms: int = 0
    cpu_billed_ms: int = 0  # what the CPU time alone would bill: a lower bound on a busy machine
    log_bytes: int = 0
    secret_fetches: int = 0
    read_units: float = 0.0
    write_units: float = 0.0


class _CountingStdout(io.TextIOBase):
    """Standard output while the run goes: inside an invocation it is the function's log
    (counted); outside, the stage being set up (dropped, so the report stays readable)."""

    def __init__(self, meter: Meter) -> None:
        self.meter = meter

    def write(self, text: str) -> int:
        scope = self.meter.scope
        if scope is None:
            return len(text)
        scope.log_bytes += len(text.encode())
        scope.log_events += text.count("\n")
        return len(text)

    def flush(self) -> None:
        pass


class Meter:
    def __init__(self) -> None:
        self.scope: Invocation | None = None
        self.usage = Usage()
        self.functions: dict[str, FunctionStats] = {}
        self.dynamodb_calls: dict[str, int] = {}
        self.sqs_calls: dict[str, int] = {}
        self._lock = threading.Lock()
        self._indexes: dict[str, list[tuple[list[str], str, list[str]]]] = {}
        self._keys: dict[str, list[str]] = {}
        self._unmetered: Any = None

    # -- setting up ---------------------------------------------------------------------------

    def install(self) -> None:
        """Before the app creates any client or logger: hook boto3's default session and stdout."""
        boto3.setup_default_session()
        self.hook(boto3.DEFAULT_SESSION)
        sys.stdout = _CountingStdout(self)

    def hook(self, session: boto3.session.Session) -> None:
        """Count the AWS calls of every client `session` creates from now on."""
        events = session.events
        events.register("provide-client-params.dynamodb.*", self._before_dynamodb)
        events.register("after-call.dynamodb.*", self._after_dynamodb)
        events.register("provide-client-params.sqs.*", self._on_sqs)

    def _table(self) -> Any:
        if self._unmetered is None:  # a session of its own: its calls are not hooked
            self._unmetered = boto3.session.Session().client("dynamodb")
        return self._unmetered

    # -- invocations --------------------------------------------------------------------------

    @contextmanager
    def invocation(self, function: str, memory_mb: int) -> Iterator[Invocation]:
        """One Lambda invocation of `function`; nested use is a bug in the scenario."""
        assert self.scope is None, f"{function} invoked inside {self.scope.function}"
        scope = Invocation(function, memory_mb)
        self.scope = scope
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield scope
        finally:
            wall_ms = (time.perf_counter() - wall) * 1000
            cpu_ms = (time.process_time() - cpu) * 1000
            self.scope = None
            stats = self.functions.setdefault(function, FunctionStats(memory_mb))
            duration = lambda_duration_ms(wall_ms, cpu_ms, memory_mb)
            stats.invocations += 1
            stats.wall_ms += wall_ms
            stats.cpu_ms += cpu_ms
            stats.billed_ms += billed_ms(duration)
            stats.cpu_billed_ms += billed_ms(lambda_duration_ms(cpu_ms, cpu_ms, memory_mb))
            stats.log_bytes += scope.log_bytes
            stats.secret_fetches += scope.secret_fetches
            stats.read_units += scope.read_units
            stats.write_units += scope.write_units
            self.usage.log_bytes += log_bytes(scope.log_bytes + LAMBDA_PLATFORM_LOG_BYTES,
                                              scope.log_events + LAMBDA_PLATFORM_LOG_EVENTS)
            use = self.usage.functions.setdefault(function, FunctionUse(memory_mb))
            use.invocations += 1
            use.billed_ms += billed_ms(duration)

    # -- SQS ----------------------------------------------------------------------------------

    def _on_sqs(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self.scope is None:
            return
        with self._lock:
            self.sqs_calls[model.name] = self.sqs_calls.get(model.name, 0) + 1
            if model.name == "SendMessage":
                self.usage.sqs_requests += chunked_requests(len(params.get("MessageBody", "").encode()))
            elif model.name == "SendMessageBatch":
                size = sum(len(e.get("MessageBody", "").encode()) for e in params.get("Entries", []))
                self.usage.sqs_requests += chunked_requests(size)
            else:  # GetQueueUrl, GetQueueAttributes...: one request each
                self.usage.sqs_requests += 1

    # -- DynamoDB -----------------------------------------------------------------------------

    def _before_dynamodb(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        if self.scope is None:
            return
        if "ReturnConsumedCapacity" in model.input_shape.members:
            params["ReturnConsumedCapacity"] = "TOTAL"
        context["cost_params"] = params
        if model.name == "TransactWriteItems":
            context["cost_before"] = [self._image(*self._target(entry)) for entry in params["TransactItems"]]

    def _after_dynamodb(self, parsed: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        if self.scope is None or "cost_params" not in context:
            return
        operation, params = model.name, context["cost_params"]
        error = parsed.get("Error", {}).get("Code")
        with self._lock:
            self.dynamodb_calls[operation] = self.dynamodb_calls.get(operation, 0) + 1
        if operation == "TransactWriteItems":
            self._add(writes=self._transaction_write_units(params, context["cost_before"], failed=bool(error)))
        elif operation == "TransactGetItems":
            sizes = [item_size(r.get("Item", {})) for r in parsed.get("Responses", [])]
            self._add(reads=sum(read_units(s, "transactional") for s in sizes))
        elif error == "ConditionalCheckFailedException" and operation in SINGLE_WRITES:
            table, key = params["TableName"], params["Key"] if "Key" in params else self._key_of(
                params["TableName"], params["Item"])
            self._add(writes=write_units(item_size(self._image(table, key) or {})))
        elif not error and (operation in READS or operation in WRITES):
            consumed = parsed.get("ConsumedCapacity", [])
            units = sum(c.get("CapacityUnits", 0.0) for c in (consumed if isinstance(consumed, list) else [consumed]))
            self._add(reads=units if operation in READS else 0.0, writes=units if operation in WRITES else 0.0)

    def _add(self, reads: float = 0.0, writes: float = 0.0) -> None:
        with self._lock:
            self.usage.dynamodb_rru += reads
            self.usage.dynamodb_wru += writes
            if self.scope is not None:
                self.scope.read_units += reads
                self.scope.write_units += writes

    def _target(self, entry: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        (kind, spec), = entry.items()
        key = spec["Key"] if kind != "Put" else self._key_of(spec["TableName"], spec["Item"])
        return spec["TableName"], key

    def _image(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        item = self._table().get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
        return dict(item) if item else None

    def _describe(self, table: str) -> None:
        if table in self._keys:
            return
        description = self._table().describe_table(TableName=table)["Table"]
        self._keys[table] = [k["AttributeName"] for k in description["KeySchema"]]
        self._indexes[table] = [
            ([k["AttributeName"] for k in index["KeySchema"]], index["Projection"]["ProjectionType"],
             index["Projection"].get("NonKeyAttributes", []))
            for index in description.get("GlobalSecondaryIndexes", [])
        ]

    def _key_of(self, table: str, item: Mapping[str, Any]) -> dict[str, Any]:
        self._describe(table)
        return {name: item[name] for name in self._keys[table]}

    def _projection(self, table: str, index: tuple[list[str], str, list[str]],
                    item: dict[str, Any] | None) -> dict[str, Any] | None:
        keys, kind, extra = index
        if item is None or any(k not in item for k in keys):
            return None  # a sparse index: the item is not in it
        if kind == "ALL":
            return item
        kept = set(keys) | set(self._keys[table]) | (set(extra) if kind == "INCLUDE" else set())
        return {name: value for name, value in item.items() if name in kept}

    def _transaction_write_units(self, params: dict[str, Any], before: list[dict[str, Any] | None],
                                 failed: bool) -> int:
        """DynamoDB's rule for a transaction: every item (a condition check too) costs twice its
        KB, the larger of its sizes before and after; so does each GSI entry it writes (an entry
        moved to another key is a delete and a put). A cancelled transaction is priced as if
        it wrote nothing new: each item at its current size."""
        units = 0
        for entry, old in zip(params["TransactItems"], before, strict=True):
            table, key = self._target(entry)
            self._describe(table)
            new = old if failed or "ConditionCheck" in entry else self._image(table, key)
            units += write_units(max(item_size(old or {}), item_size(new or {})), transactional=True)
            if failed or "ConditionCheck" in entry:
                continue
            for index in self._indexes[table]:
                was, now = self._projection(table, index, old), self._projection(table, index, new)
                if was == now:
                    continue
                moved = was is not None and now is not None and any(was[k] != now[k] for k in index[0])
                for image in ((was, now) if moved else (now or was,)):
                    units += write_units(item_size(image or {}), transactional=True)
        return units
