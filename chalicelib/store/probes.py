"""Probe records: one item per monitor per minute, the data the availability arithmetic reads.

Why one item a minute (docs/sla.md, "Monitoring", has the numbers): each probe is one small
write whatever the hour holds, the idempotency rule is one condition on one item, and a month
is read in 31 queries of one partition a day, in time order. A bitmap per hour would make
every minute's write rewrite the hour's item (its whole size billed each time) and need a
read-modify-write for the failure rule.

Writes are idempotent and follow `domain.monitoring.kept_ok` (a failure sticks): a success is
written only where nothing is; a failure where nothing is or where a success is. Every write
is refused unless the monitor is registered, enabled and of the kind that writes (checked in
the same transaction, so a monitor disabled meanwhile cannot slip a record in).

Records expire by TTL after `domain.monitoring.RETENTION` (13 months and a little): they hold
no personal data (a monitor id, a location label, status codes and latencies), so the
retention purge of personal data has nothing to do with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from chalicelib.domain.monitoring import MINUTE, RETENTION, MonitorKind, PageResult, ProbeRecord, minute_of
from chalicelib.store import dynamo, keys, sla_months

__all__ = ["MonitorRefused", "ProbeRecord", "Written", "between", "latest", "record", "record_failures"]

CHUNK = 97   # TransactWriteItems takes 100 actions: the monitor's check, up to two months' and 97 records


class Written(StrEnum):
    STORED = "stored"   # new, or a failure that replaced a success
    KEPT = "kept"       # the minute already had a record the rule keeps (same minute written twice)


class MonitorRefused(Exception):
    """The monitor is unknown, disabled or of another kind: nothing was written."""


def _page(page: PageResult | None) -> dict[str, Any] | None:
    if page is None:
        return None
    return {"ok": page.ok, "status": page.status, "latency_ms": page.latency_ms}


def _page_of(value: Any) -> PageResult | None:
    if not isinstance(value, dict):
        return None
    status = value.get("status")
    return PageResult(bool(value["ok"]), int(status) if status is not None else None, int(value["latency_ms"]))


def _item(record: ProbeRecord) -> dynamo.Item:
    minute = minute_of(record.minute)
    return {**keys.probe(record.monitor_id, minute), "type": "probe", "monitor_id": record.monitor_id,
            "location": record.location, "kind": record.kind.value, "minute": keys.minute_stamp(minute),
            "at": record.at.astimezone(UTC).isoformat(), "ok": record.ok, "main": _page(record.main),
            "panel": _page(record.panel), "ttl": int((minute + RETENTION).timestamp())}


def _record(item: dynamo.Item) -> ProbeRecord:
    return ProbeRecord(item["monitor_id"], item["location"], MonitorKind(item["kind"]),
                       datetime.strptime(item["minute"], "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC),
                       datetime.fromisoformat(item["at"]), bool(item["ok"]), _page_of(item.get("main")),
                       _page_of(item.get("panel")))


def _monitor_check(monitor_id: str, kind: MonitorKind) -> dict[str, Any]:
    return {"ConditionCheck": {
        "Key": dynamo.to_attributes(keys.monitor(monitor_id)),
        "ConditionExpression": "attribute_exists(pk) AND enabled = :on AND kind = :kind",
        "ExpressionAttributeValues": dynamo.values(on=True, kind=kind.value)}}


def _month(minute: datetime) -> str:
    return minute.astimezone(UTC).strftime("%Y-%m")


def _checks(monitor_id: str, kind: MonitorKind, minutes: list[datetime], undecided: bool) -> list[dict[str, Any]]:
    """The monitor's check, and (for records that arrive late: external alerts) a check that
    no month of `minutes` is decided, each a ConditionCheck of the write's transaction."""
    months = sorted({_month(m) for m in minutes}) if undecided else []
    return [_monitor_check(monitor_id, kind), *(sla_months.undecided_check(m) for m in months)]


def _refusal(exc: dynamo.TransactionCancelled, checks: list[dict[str, Any]], monitor_id: str) -> None:
    """Turn a refused check into its error (the monitor's, or a decided month's)."""
    if exc.reasons and exc.reasons[0] == "ConditionalCheckFailed":
        raise MonitorRefused(monitor_id) from exc
    for check, reason in zip(checks[1:], exc.reasons[1:], strict=False):
        if reason == "ConditionalCheckFailed":
            raise sla_months.MonthDecided(dynamo.from_attributes(check["ConditionCheck"]["Key"])["pk"]
                                          .removeprefix("SLAMONTH#")) from exc


def record(probe: ProbeRecord, *, undecided_month: bool = False) -> Written:
    """Store one minute's result of one monitor (idempotent; a failure sticks). With
    `undecided_month`, refused (sla_months.MonthDecided) when the minute's month is decided."""
    condition = "attribute_not_exists(pk)" if probe.ok else "attribute_not_exists(pk) OR ok = :ok"
    put: dict[str, Any] = {"Item": dynamo.to_attributes(_item(probe)), "ConditionExpression": condition}
    if not probe.ok:
        put["ExpressionAttributeValues"] = dynamo.values(ok=True)
    checks = _checks(probe.monitor_id, probe.kind, [probe.minute], undecided_month)
    try:
        dynamo.transact_write([*checks, {"Put": put}])
    except dynamo.TransactionCancelled as exc:
        _refusal(exc, checks, probe.monitor_id)
        if exc.reasons[len(checks)] == "ConditionalCheckFailed":
            return Written.KEPT
        raise
    return Written.STORED


def record_failures(monitor_id: str, location: str, kind: MonitorKind, minutes: list[datetime],
                    at: datetime) -> int:
    """Mark many minutes failed for one monitor (an external monitor's outage). A failure wins
    over whatever the minute held, so the writes need no condition; each chunk is written in
    one transaction with the monitor's check and a check that none of its months is decided
    (sla_months.MonthDecided). Returns how many minutes were written."""
    for start in range(0, len(minutes), CHUNK):
        chunk = minutes[start:start + CHUNK]
        checks = _checks(monitor_id, kind, chunk, True)
        puts = [{"Put": {"Item": dynamo.to_attributes(_item(ProbeRecord(
            monitor_id, location, kind, minute, at, False, None, None)))}} for minute in chunk]
        try:
            dynamo.transact_write([*checks, *puts])
        except dynamo.TransactionCancelled as exc:
            _refusal(exc, checks, monitor_id)
            raise
    return len(minutes)


def between(start: datetime, end: datetime) -> Iterator[ProbeRecord]:
    """Every record whose minute m has start <= m < end, by minute then monitor id."""
    first = minute_of(start)
    if first < start:
        first += MINUTE
    last = minute_of(end - timedelta(microseconds=1))
    if last < first:
        return
    day = first.date()
    while day <= last.date():
        low = keys.minute_stamp(max(first, datetime(day.year, day.month, day.day, tzinfo=UTC)))
        high = keys.minute_stamp(min(last, datetime(day.year, day.month, day.day, 23, 59, tzinfo=UTC))) + "#~"
        cursor = None
        while True:
            page = dynamo.query_page(None, keys.probes_of_day(day), limit=dynamo.PAGE_SIZE, cursor=cursor,
                                     newest_first=False, sort_between=(low, high))
            yield from (_record(i) for i in page.items)
            if page.cursor is None:
                break
            cursor = page.cursor
        day += timedelta(days=1)


def latest(now: datetime, per_monitor: int, *, days: int = 2) -> dict[str, list[ProbeRecord]]:
    """The newest records of each monitor (up to `per_monitor` each), from today and the days
    before (up to `days` partitions): the staff page's "last results"."""
    found: dict[str, list[ProbeRecord]] = {}
    day = now.astimezone(UTC).date()
    for _ in range(days):
        page = dynamo.query_page(None, keys.probes_of_day(day), limit=500, newest_first=True)
        for item in page.items:
            mine = found.setdefault(item["monitor_id"], [])
            if len(mine) < per_monitor:
                mine.append(_record(item))
        day -= timedelta(days=1)
    return found
