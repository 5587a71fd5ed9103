"""Whether a calendar month's SLA is decided: the flag item `SLAMONTH#<yyyy-mm>` with
`decided: true`, which the claims work sets when it decides the month. Monitoring only reads
it (and adds a condition on it to its writes) so nothing changes a decided month's inputs."""

from __future__ import annotations

from typing import Any

from chalicelib.store import dynamo, keys

NOT_DECIDED = "attribute_not_exists(pk) OR decided <> :decided"


class MonthDecided(Exception):
    """A write refused because it would change a decided month's inputs."""

    def __init__(self, month: str) -> None:
        super().__init__(month)
        self.month = month


def is_decided(month: str) -> bool:
    item = dynamo.get(keys.sla_month(month))
    return bool(item and item.get("decided") is True)


def mark_decided(month: str) -> None:
    """Set the flag (the claims work's write, here so monitoring's tests use the real item)."""
    dynamo.put({**keys.sla_month(month), "type": "sla_month", "month": month, "decided": True})


def undecided_check(month: str) -> dict[str, Any]:
    """A transaction's ConditionCheck that the month is not decided."""
    return {"ConditionCheck": {"Key": dynamo.to_attributes(keys.sla_month(month)),
                               "ConditionExpression": NOT_DECIDED,
                               "ExpressionAttributeValues": dynamo.values(decided=True)}}
