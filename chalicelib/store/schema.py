"""The one DynamoDB table, defined once.

This definition is the single source for the local stack (devstack), the tests and the
CDK stack in infra/. Single-table design: every entity owns its key patterns in keys/.
"""

from __future__ import annotations

from typing import Any

PARTITION_KEY = "pk"
SORT_KEY = "sk"
GSI1 = "gsi1"
GSI1_PARTITION_KEY = "gsi1pk"
GSI1_SORT_KEY = "gsi1sk"
# A sparse index of work to do: orders waiting to be sent, open orders per provider,
# orders for staff to review, refills to forward. An item leaves it when its work is done.
GSI2 = "gsi2"
GSI2_PARTITION_KEY = "gsi2pk"
GSI2_SORT_KEY = "gsi2sk"
# Every order by the month it was placed (`ORDERSMONTH#<yyyy-mm>` / `<created>#<id>`), for the
# staff reports. Keys only: an order item is rewritten at each step of its life (claim, sent,
# progress, settlement), and a keys-only index is written only when its keys change (once, at
# placement), where projecting the item would double every one of those writes. The reports
# read the keys, then the orders with BatchGetItem (100 a call). Staff accounts' user items
# carry an entry too (`STAFF` / `<created>#<user id>`, written when a staff role is given):
# the console's staff list, one query, no scan (store/users.staff).
GSI3 = "gsi3"
GSI3_PARTITION_KEY = "gsi3pk"
GSI3_SORT_KEY = "gsi3sk"
# Epoch seconds; DynamoDB's TTL deletes the item some time after. Readers still check
# expiry themselves because TTL deletion can lag by hours (and DynamoDB Local never does it).
TTL_ATTRIBUTE = "ttl"


def table_definition(table_name: str) -> dict[str, Any]:
    """Arguments for `CreateTable` (boto3 spelling)."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        # The outbox: new orders flow from the stream to the orders queue (an EventBridge Pipe
        # in the cloud, devstack/pipe.py locally), so placing an order makes one write.
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        "AttributeDefinitions": [
            {"AttributeName": PARTITION_KEY, "AttributeType": "S"},
            {"AttributeName": SORT_KEY, "AttributeType": "S"},
            {"AttributeName": GSI1_PARTITION_KEY, "AttributeType": "S"},
            {"AttributeName": GSI1_SORT_KEY, "AttributeType": "S"},
            {"AttributeName": GSI2_PARTITION_KEY, "AttributeType": "S"},
            {"AttributeName": GSI2_SORT_KEY, "AttributeType": "S"},
            {"AttributeName": GSI3_PARTITION_KEY, "AttributeType": "S"},
            {"AttributeName": GSI3_SORT_KEY, "AttributeType": "S"},
        ],
        "KeySchema": [
            {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
            {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": GSI1,
                "KeySchema": [
                    {"AttributeName": GSI1_PARTITION_KEY, "KeyType": "HASH"},
                    {"AttributeName": GSI1_SORT_KEY, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            },
            {
                "IndexName": GSI2,
                "KeySchema": [
                    {"AttributeName": GSI2_PARTITION_KEY, "KeyType": "HASH"},
                    {"AttributeName": GSI2_SORT_KEY, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            },
            {
                "IndexName": GSI3,
                "KeySchema": [
                    {"AttributeName": GSI3_PARTITION_KEY, "KeyType": "HASH"},
                    {"AttributeName": GSI3_SORT_KEY, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            },
        ],
    }
