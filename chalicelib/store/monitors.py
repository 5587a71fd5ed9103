"""Registered monitors: who may write probe records. Monitors are never deleted (their
records outlive them); a retired one is disabled, and a disabled monitor's writes are refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain.monitoring import Monitor, MonitorKind
from chalicelib.store import dynamo, keys

__all__ = ["Monitor", "all_monitors", "change", "close_outage", "create", "get", "open_outage"]


def _monitor(item: dynamo.Item) -> Monitor:
    since = item.get("down_since")
    return Monitor(item["monitor_id"], item["location"], MonitorKind(item["kind"]), bool(item["enabled"]),
                   datetime.fromisoformat(item["created_at"]), datetime.fromisoformat(since) if since else None)


def get(monitor_id: str) -> Monitor | None:
    item = dynamo.get(keys.monitor(monitor_id))
    return _monitor(item) if item else None


def all_monitors() -> list[Monitor]:
    """Every monitor, by id."""
    return [_monitor(i) for i in dynamo.query_all(None, keys.MONITORS_PARTITION, newest_first=False)]


def create(monitor: Monitor) -> bool:
    """Register a monitor; False (nothing written) when its id is taken."""
    try:
        dynamo.put({**keys.monitor(monitor.monitor_id), "type": "monitor", "monitor_id": monitor.monitor_id,
                    "location": monitor.location, "kind": monitor.kind.value, "enabled": monitor.enabled,
                    "created_at": monitor.created_at.isoformat()}, condition="attribute_not_exists(pk)")
    except ClientError as exc:
        if dynamo.is_conditional_failure(exc):
            return False
        raise
    return True


def change(monitor_id: str, *, location: str | None = None, enabled: bool | None = None) -> Monitor | None:
    """Change a monitor's location label or whether it is enabled; None when it does not exist."""
    parts: list[str] = []
    named: dict[str, Any] = {}
    if location is not None:
        parts.append("#location = :location")
        named["location"] = location
    if enabled is not None:
        parts.append("enabled = :enabled")
        named["enabled"] = enabled
    if not parts:
        return get(monitor_id)
    item = dynamo.update(keys.monitor(monitor_id), "SET " + ", ".join(parts), condition="attribute_exists(pk)",
                         names={"#location": "location"} if location is not None else None,
                         returning="ALL_NEW", **named)
    return _monitor(item) if item else None


def open_outage(monitor: Monitor, since: datetime) -> None:
    """Remember that an external monitor is down since `since` (the earliest we were told)."""
    dynamo.update(keys.monitor(monitor.monitor_id), "SET down_since = :since",
                  condition="attribute_exists(pk) AND (attribute_not_exists(down_since) OR down_since > :since)",
                  since=since.isoformat())


def close_outage(monitor: Monitor) -> None:
    """Forget the open outage the monitor had when it was read (a newer one is kept)."""
    if monitor.down_since is None:
        return
    dynamo.update(keys.monitor(monitor.monitor_id), "REMOVE down_since", condition="down_since = :seen",
                  seen=monitor.down_since.isoformat())

