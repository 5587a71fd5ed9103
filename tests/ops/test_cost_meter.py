"""The cost model's DynamoDB meter on DynamoDB Local and the app's own table schema (two GSIs,
ALL projected): plain writes as Local reports them, transactions and refused writes by
DynamoDB's published rules, and nothing counted outside an invocation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from cost_meter import Meter


@pytest.fixture
def metered(fresh_table: str) -> tuple[Meter, Any, str]:
    meter = Meter()
    session = boto3.session.Session()
    meter.hook(session)
    return meter, session.client("dynamodb"), fresh_table


def _item(pk: str, **extra: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": "A"}, **{name: {"S": value} for name, value in extra.items()}}


def test_plain_writes_count_the_units_dynamodb_reports_gsi_copies_included(metered) -> None:
    meter, ddb, table = metered
    with meter.invocation("fn", 512):
        ddb.put_item(TableName=table, Item=_item("a", gsi1pk="g", gsi1sk="1"))  # table + GSI1
        ddb.put_item(TableName=table, Item=_item("b"))                           # table only
        ddb.get_item(TableName=table, Key=_item("a"))                            # eventually consistent
    assert meter.usage.dynamodb_wru == 3
    assert meter.usage.dynamodb_rru == 0.5
    assert meter.functions["fn"].write_units == 3


def test_a_transaction_costs_twice_each_item_and_each_gsi_entry_it_writes(metered) -> None:
    meter, ddb, table = metered
    ddb.put_item(TableName=table, Item=_item("c", gsi1pk="g", gsi1sk="1", note="x" * 1500))  # not metered
    with meter.invocation("fn", 512):
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": _item("d", gsi1pk="g", gsi1sk="2", gsi2pk="w", gsi2sk="1")}},
            # moves c to another GSI1 key: a delete and a put in GSI1, each 2 KB started
            {"Update": {"TableName": table, "Key": _item("c"), "UpdateExpression": "SET gsi1pk = :p",
                        "ExpressionAttributeValues": {":p": {"S": "h"}}}},
            {"ConditionCheck": {"TableName": table, "Key": _item("a0"),
                                "ConditionExpression": "attribute_not_exists(pk)"}},
        ])
    # d: table 2 + GSI1 2 + GSI2 2; c (1.5 KB): table 4 + GSI1 4 + 4; the condition check: 2
    assert meter.usage.dynamodb_wru == 6 + 12 + 2


def test_writes_refused_by_their_condition_still_cost_their_units(metered) -> None:
    meter, ddb, table = metered
    ddb.put_item(TableName=table, Item=_item("e", note="y" * 1500))
    with meter.invocation("fn", 512):
        with pytest.raises(ClientError):
            ddb.put_item(TableName=table, Item=_item("e"), ConditionExpression="attribute_not_exists(pk)")
        with pytest.raises(ClientError):
            ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": table, "Item": _item("f"), "ConditionExpression": "attribute_exists(pk)"}}])
    # the refused put: the stored 1.5 KB item, 2 units; the cancelled transaction: 2 units for f
    assert meter.usage.dynamodb_wru == 2 + 2


def test_calls_outside_an_invocation_are_not_counted(metered) -> None:
    meter, ddb, table = metered
    ddb.put_item(TableName=table, Item=_item("g"))
    ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": _item("h")}}])
    assert meter.usage.dynamodb_wru == 0 and meter.dynamodb_calls == {}
