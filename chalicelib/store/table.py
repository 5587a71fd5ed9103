"""The table itself, for health checks."""

from __future__ import annotations

from chalicelib.store import dynamo


def status() -> str:
    """The table's status as DynamoDB reports it (ACTIVE when it serves reads and writes)."""
    return str(dynamo.client().describe_table(TableName=dynamo.table_name())["Table"]["TableStatus"])
