"""The DynamoDB client (created lazily) and item (de)serialisation.

boto3 takes its endpoint from AWS_ENDPOINT_URL_DYNAMODB when set (the local stack and
tests), otherwise from the region: no code path knows which.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import ClientError

from chalicelib.domain.errors import InvalidInput
from chalicelib.settings import get_settings
from chalicelib.store import schema

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

Item = dict[str, Any]


@lru_cache(maxsize=1)
def client() -> Any:
    # DynamoDB validates every request itself; botocore's client-side pass costs ~1 ms a call.
    return boto3.client(
        "dynamodb", region_name=get_settings().table_region or None,
        config=Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 4, "mode": "standard"},
                      parameter_validation=False),
    )


def table_name() -> str:
    return get_settings().table_name


def to_attributes(item: Item) -> dict[str, Any]:
    """Plain dict to DynamoDB attribute values; None values are left out, floats refused."""
    return {k: _serializer.serialize(v) for k, v in item.items() if v is not None}


def from_attributes(attributes: dict[str, Any]) -> Item:
    return {k: _deserializer.deserialize(v) for k, v in attributes.items()}


def values(**named: Any) -> dict[str, Any]:
    """ExpressionAttributeValues from keyword arguments: values(now=x) -> {":now": ...}."""
    return {f":{k}": _serializer.serialize(v) for k, v in named.items()}


class TransactionCancelled(Exception):
    """A TransactWriteItems was refused; `reasons[i]` is the code for item i ("None" if fine)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(f"transaction cancelled: {reasons}")
        self.reasons = reasons


def put_at_version(item: Item, version: int) -> dict[str, Any]:
    """A transaction's Put of `item` on condition that the stored item still has `version`:
    the optimistic-concurrency write of every versioned record."""
    return {"Put": {
        "Item": to_attributes(item),
        "ConditionExpression": "#v = :v",
        "ExpressionAttributeNames": {"#v": "version"},
        "ExpressionAttributeValues": values(v=version),
    }}


def transact_write(actions: list[dict[str, Any]], client_token: str | None = None) -> None:
    """Run TransactWriteItems; each action is {"Put"|"Update"|"Delete"|"ConditionCheck": {...}}.

    TableName is filled in. Cancellation becomes TransactionCancelled with per-item reasons,
    for the calling store module to turn into a domain error.
    """
    for action in actions:
        for body in action.values():
            body.setdefault("TableName", table_name())
    kwargs: dict[str, Any] = {"TransactItems": actions}
    if client_token:
        kwargs["ClientRequestToken"] = client_token
    try:
        client().transact_write_items(**kwargs)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "TransactionCanceledException":
            raise
        reasons = [r.get("Code", "None") for r in exc.response.get("CancellationReasons", [])]
        raise TransactionCancelled(reasons) from exc


def is_conditional_failure(exc: ClientError) -> bool:
    return bool(exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException")


def get(key: dict[str, str], *, consistent: bool = True) -> Item | None:
    response = client().get_item(TableName=table_name(), Key=to_attributes(key), ConsistentRead=consistent)
    raw = response.get("Item")
    return from_attributes(raw) if raw else None


def batch_get(keys: list[dict[str, str]]) -> dict[tuple[str, str], Item]:
    """Strongly consistent BatchGetItem of up to 100 keys, by (pk, sk); missing keys are absent."""
    unique = list({(k["pk"], k["sk"]): k for k in keys}.values())
    request: dict[str, Any] = {table_name(): {"Keys": [to_attributes(k) for k in unique], "ConsistentRead": True}}
    found: dict[tuple[str, str], Item] = {}
    for _ in range(10):
        response = client().batch_get_item(RequestItems=request)
        for raw in response.get("Responses", {}).get(table_name(), []):
            item = from_attributes(raw)
            found[(item["pk"], item["sk"])] = item
        request = response.get("UnprocessedKeys") or {}
        if not request:
            return found
    raise RuntimeError("DynamoDB kept keys unprocessed; try again")


def put(item: Item, *, condition: str | None = None) -> None:
    kwargs: dict[str, Any] = {"TableName": table_name(), "Item": to_attributes(item)}
    if condition:
        kwargs["ConditionExpression"] = condition
    client().put_item(**kwargs)


def update(key: dict[str, str], expression: str, *, condition: str | None = None,
           names: dict[str, str] | None = None, returning: str | None = None, **named_values: Any) -> Item | None:
    """UpdateItem. Returns None when `condition` failed, else the attributes asked for by
    `returning` (a ReturnValues option), or an empty dict."""
    kwargs: dict[str, Any] = {"TableName": table_name(), "Key": to_attributes(key), "UpdateExpression": expression}
    if condition:
        kwargs["ConditionExpression"] = condition
    if names:
        kwargs["ExpressionAttributeNames"] = names
    if named_values:
        kwargs["ExpressionAttributeValues"] = values(**named_values)
    if returning:
        kwargs["ReturnValues"] = returning
    try:
        response = client().update_item(**kwargs)
    except ClientError as exc:
        if is_conditional_failure(exc):
            return None
        raise
    return from_attributes(response.get("Attributes", {}))


def delete(key: dict[str, str], *, condition: str | None = None) -> None:
    kwargs: dict[str, Any] = {"TableName": table_name(), "Key": to_attributes(key)}
    if condition:
        kwargs["ConditionExpression"] = condition
    client().delete_item(**kwargs)


def query_index(index: str | None, partition: str, sort_prefix: str | None = None,
                *, sort_at_most: str | None = None, limit: int | None = None, forward: bool = True) -> list[Item]:
    """Query one partition of the table or an index, following pagination up to `limit` items."""
    pk_name, sk_name = _key_names(index)
    condition = "#pk = :pk"
    names = {"#pk": pk_name}
    vals: dict[str, Any] = {":pk": partition}
    if sort_prefix is not None:
        condition += " AND begins_with(#sk, :sk)"
        names["#sk"] = sk_name
        vals[":sk"] = sort_prefix
    elif sort_at_most is not None:
        condition += " AND #sk <= :sk"
        names["#sk"] = sk_name
        vals[":sk"] = sort_at_most
    kwargs: dict[str, Any] = {
        "TableName": table_name(),
        "KeyConditionExpression": condition,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values(**{k[1:]: v for k, v in vals.items()}),
    }
    if index:
        kwargs["IndexName"] = index
    if not forward:
        kwargs["ScanIndexForward"] = False
    items: list[Item] = []
    while True:
        if limit is not None:
            kwargs["Limit"] = limit - len(items)
        response = client().query(**kwargs)
        items.extend(from_attributes(raw) for raw in response.get("Items", []))
        start = response.get("LastEvaluatedKey")
        if not start or (limit is not None and len(items) >= limit):
            return items
        kwargs["ExclusiveStartKey"] = start


@dataclass(frozen=True)
class Page:
    items: list[Item]
    cursor: str | None  # where the next page starts; None after the last page


BAD_CURSOR = "The page cursor is not valid; start from the first page."
PAGE_SIZE = 1000  # items per query when a job reads a whole partition


def encode_cursor(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, sort_keys=True).encode()).decode()


def decode_cursor(cursor: str, partition_name: str, partition: str) -> dict[str, Any]:
    """A cursor this module handed out for `partition`; anything else is the caller's 400."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise InvalidInput(BAD_CURSOR, fields={"cursor": "invalid"}) from exc
    if (not isinstance(key, dict) or not all(isinstance(v, dict) and len(v) == 1 for v in key.values())
            or key.get(partition_name) != {"S": partition}):
        raise InvalidInput(BAD_CURSOR, fields={"cursor": "invalid"})
    return key


@dataclass(frozen=True)
class Where:
    """A FilterExpression on attributes outside the key: DynamoDB applies it after reading,
    so a filtered page is filled by reading ahead. `values` are named without the colon."""

    expression: str
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


READ_AHEAD = 4   # a filtered page reads this many items per wanted one, at a time
MAX_READS = 20   # queries spent filling one filtered page before it is returned short


def query_page(index: str | None, partition: str, *, limit: int, cursor: str | None = None,
               newest_first: bool = True, sort_between: tuple[str, str] | None = None,
               where: Where | None = None) -> Page:
    """One page of a partition, in sort-key order (newest first by default), and the cursor
    for the next page: lists page through everything rather than stopping at a cap.

    `sort_between` keeps sort keys within two bounds (inclusive); `where` filters the rest.
    A page is filled by reading on (a filter may skip many items), within MAX_READS queries;
    the cursor then points just after the last item returned, or where reading stopped."""
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit must be between 1 and 1000.", fields={"limit": "invalid"})
    pk_name, sk_name = _key_names(index)
    condition, names, named = "#pk = :pk", {"#pk": pk_name}, {"pk": partition}
    if sort_between is not None:
        condition += " AND #sk BETWEEN :low AND :high"
        names["#sk"] = sk_name
        named.update(low=sort_between[0], high=sort_between[1])
    kwargs: dict[str, Any] = {"TableName": table_name(), "KeyConditionExpression": condition,
                              "ScanIndexForward": not newest_first}
    if where is not None:
        if set(where.values) & set(named) or set(where.names) & set(names):
            raise ValueError("a filter may not reuse the key condition's names")
        kwargs["FilterExpression"] = where.expression
        names.update(where.names)
        named.update(where.values)
    kwargs["ExpressionAttributeNames"] = names
    kwargs["ExpressionAttributeValues"] = values(**named)
    if index:
        kwargs["IndexName"] = index
    if cursor:
        kwargs["ExclusiveStartKey"] = decode_cursor(cursor, pk_name, partition)
    found: list[Item] = []
    for _ in range(MAX_READS):
        kwargs["Limit"] = (limit - len(found)) * (READ_AHEAD if where is not None else 1)
        response = client().query(**kwargs)
        for raw in response.get("Items", []):
            found.append(from_attributes(raw))
            if len(found) == limit:
                return Page(found, encode_cursor(_position_of(raw, index)))
        last = response.get("LastEvaluatedKey")
        if not last:
            return Page(found, None)
        kwargs["ExclusiveStartKey"] = last
    return Page(found, encode_cursor(kwargs["ExclusiveStartKey"]))


def _position_of(raw: dict[str, Any], index: str | None) -> dict[str, Any]:
    """The start key that continues a query just after `raw` (its table and index keys)."""
    names = {schema.PARTITION_KEY, schema.SORT_KEY, *_key_names(index)}
    return {name: raw[name] for name in names if name in raw}


def query_all(index: str | None, partition: str, *, newest_first: bool = True) -> Iterator[Item]:
    """Every item of a partition, a page at a time (for jobs that must see all of them)."""
    cursor = None
    while True:
        page = query_page(index, partition, limit=PAGE_SIZE, cursor=cursor, newest_first=newest_first)
        yield from page.items
        if page.cursor is None:
            return
        cursor = page.cursor


def _key_names(index: str | None) -> tuple[str, str]:
    """Partition and sort key attribute names of the table (index None) or an index."""
    return {
        schema.GSI1: (schema.GSI1_PARTITION_KEY, schema.GSI1_SORT_KEY),
        schema.GSI2: (schema.GSI2_PARTITION_KEY, schema.GSI2_SORT_KEY),
        schema.GSI3: (schema.GSI3_PARTITION_KEY, schema.GSI3_SORT_KEY),
    }.get(index or "", (schema.PARTITION_KEY, schema.SORT_KEY))


def ensure_table(name: str) -> bool:
    """Create the table (and enable TTL) if it does not exist, or add the indexes the schema
    gained since it was created; True when it was created."""
    ddb = client()
    try:
        existing = ddb.describe_table(TableName=name)["Table"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
            raise
    else:
        _add_missing_indexes(name, {i["IndexName"] for i in existing.get("GlobalSecondaryIndexes", [])})
        if not existing.get("StreamSpecification", {}).get("StreamEnabled"):
            ddb.update_table(TableName=name, StreamSpecification=schema.table_definition(name)["StreamSpecification"])
        return False
    ddb.create_table(**schema.table_definition(name))
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    ddb.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": schema.TTL_ATTRIBUTE}
    )
    return True


def _add_missing_indexes(name: str, present: set[str]) -> None:
    definition = schema.table_definition(name)
    for index in definition["GlobalSecondaryIndexes"]:
        if index["IndexName"] in present:
            continue
        client().update_table(
            TableName=name, AttributeDefinitions=definition["AttributeDefinitions"],
            GlobalSecondaryIndexUpdates=[{"Create": index}],
        )
        for _ in range(60):
            table = client().describe_table(TableName=name)["Table"]
            states = {i["IndexName"]: i.get("IndexStatus") for i in table.get("GlobalSecondaryIndexes", [])}
            if states.get(index["IndexName"]) == "ACTIVE":
                break
            time.sleep(1)
