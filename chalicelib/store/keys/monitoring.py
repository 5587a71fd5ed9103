"""Availability monitoring: monitors, per-minute probe records, maintenance windows, and the
flag of an SLA month already decided."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chalicelib.store.keys.base import Key

MONITORS_PARTITION = "MONITORS"
MAINTENANCE_PARTITION = "MAINTENANCE"
PROBES_PARTITION_PREFIX = "PROBES#"  # then the UTC day


def monitor(monitor_id: str) -> Key:
    """All monitors share one partition: a handful of items, listed together."""
    return {"pk": MONITORS_PARTITION, "sk": f"MONITOR#{monitor_id}"}


def minute_stamp(minute: datetime) -> str:
    return minute.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def probes_of_day(day: date) -> str:
    """One partition per UTC day holds every monitor's records of that day, sorted by minute
    then monitor: a month is 31 queries, read in time order."""
    return f"{PROBES_PARTITION_PREFIX}{day.isoformat()}"


def probe(monitor_id: str, minute: datetime) -> Key:
    return {"pk": probes_of_day(minute.astimezone(UTC).date()), "sk": f"{minute_stamp(minute)}#{monitor_id}"}


def maintenance_window(starts_at: datetime, window_id: str) -> Key:
    """Windows share one partition sorted by start (a few a month)."""
    return {"pk": MAINTENANCE_PARTITION, "sk": f"{maintenance_start(starts_at)}#{window_id}"}


def maintenance_start(starts_at: datetime) -> str:
    return starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

