"""Each UTC day's availability summary (`domain.availability_days.DaySummary`): the status page
reads the last 90 of them in one query of one small partition instead of the days' probes.

An item is overwritten by each recomputation of its day, on condition that the stored one was not
computed later (two runs racing: the one that read the newer data wins). Items are a few hundred
bytes, one a day, kept (no TTL): they hold no personal data and explain past months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from chalicelib.domain.availability_days import DaySummary
from chalicelib.store import dynamo, keys


@dataclass(frozen=True)
class StoredDay:
    summary: DaySummary
    computed_at: datetime


def _item(summary: DaySummary, computed_at: datetime) -> dict[str, Any]:
    return {**keys.sla_day(summary.day), "type": "sla_day", "day": summary.day.isoformat(),
            "observed_minutes": summary.observed_minutes, "down_minutes": summary.down_minutes,
            "downtime_minutes": summary.downtime_minutes, "maintenance_minutes": summary.maintenance_minutes,
            "availability_percent": summary.availability_percent, "computed_at": computed_at.isoformat(),
            "runs": [{"start": start.isoformat(), "end": end.isoformat()} for start, end in summary.runs]}


def _day(item: dict[str, Any]) -> StoredDay:
    return StoredDay(DaySummary(date.fromisoformat(item["day"]), int(item["observed_minutes"]),
                                int(item["down_minutes"]), int(item["downtime_minutes"]),
                                int(item["maintenance_minutes"]),
                                tuple((datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"]))
                                      for r in item.get("runs") or [])),
                     datetime.fromisoformat(item["computed_at"]))


def save(summary: DaySummary, computed_at: datetime) -> bool:
    """Store the day's summary; False (nothing written) when a later computation is stored already."""
    try:
        dynamo.transact_write([{"Put": {
            "Item": dynamo.to_attributes(_item(summary, computed_at)),
            "ConditionExpression": "attribute_not_exists(pk) OR computed_at <= :at",
            "ExpressionAttributeValues": dynamo.values(at=computed_at.isoformat())}}])
    except dynamo.TransactionCancelled as exc:
        if exc.reasons and exc.reasons[0] == "ConditionalCheckFailed":
            return False
        raise
    return True


def get(day: date) -> StoredDay | None:
    item = dynamo.get(keys.sla_day(day))
    return _day(item) if item else None


def between(first: date, last: date) -> list[StoredDay]:
    """The stored days first..last (inclusive), oldest first; days never computed are absent."""
    found: list[StoredDay] = []
    cursor = None
    bounds = (keys.sla_day(first)["sk"], keys.sla_day(last)["sk"])
    while True:
        page = dynamo.query_page(None, keys.SLA_DAYS_PARTITION, limit=dynamo.PAGE_SIZE, cursor=cursor,
                                 newest_first=False, sort_between=bounds)
        found.extend(_day(i) for i in page.items)
        if page.cursor is None:
            return found
        cursor = page.cursor
