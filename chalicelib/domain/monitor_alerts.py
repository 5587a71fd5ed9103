"""What an external monitor's webhook says, as pure rules: the two dialects we accept
(UptimeRobot's alert contact, Better Stack's incident webhook), read into one `Alert`, and
which minutes an alert covers.

External monitors report **changes** (down, then up), not one result a minute. We turn them
into per-minute records like our own probes':

* a down alert records its minute as failed and opens an outage (the monitor remembers since
  when it is down);
* an up alert records every minute from the start of the outage up to (not including) its own
  minute as failed, and its own minute as ok. The start is the earliest we know: the open
  outage, or what the alert itself says (UptimeRobot's `alertDuration`, Better Stack's
  `started_at`), so a lost down alert loses nothing;
* minutes with no record from an external monitor are minutes in which it saw no outage.

An outage is filled for at most `MAX_OUTAGE` back from its end: longer ones are clipped (the
SLA's worst band is reached long before; staff see the clipped start in the audit trail of
the records). Times too far in the future are refused: a monitor's clock may be a little
ahead of ours, never minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from chalicelib.domain.monitoring import MonitoringError, minute_of, minutes_between

MAX_OUTAGE = timedelta(days=31)
CLOCK_SKEW = timedelta(minutes=5)
OLDEST = timedelta(days=62)
"""An alert about a moment older than this is refused: the month it belongs to is long decided."""


class AlertState(StrEnum):
    DOWN = "down"
    UP = "up"
    IGNORED = "ignored"   # an alert that says nothing about availability (SSL expiry, acknowledged)


@dataclass(frozen=True)
class Alert:
    state: AlertState
    at: datetime
    down_since: datetime | None = None   # an up alert's own idea of when the outage began


class MalformedAlert(MonitoringError):
    """A body we cannot read as an alert of that monitor's kind."""


def _epoch(value: Any, name: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise MalformedAlert(f"'{name}' must be a Unix time in seconds.")
    text = str(value).strip()
    if not text.isdigit() or len(text) > 12:
        raise MalformedAlert(f"'{name}' must be a Unix time in seconds.")
    return datetime.fromtimestamp(int(text), UTC)


def _seconds(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise MalformedAlert(f"'{name}' must be a whole number of seconds.")
    return int(str(value).strip())


def _iso(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise MalformedAlert(f"'{name}' must be a time in ISO 8601 with its zone.")
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise MalformedAlert(f"'{name}' must be a time in ISO 8601 with its zone.") from exc
    if moment.tzinfo is None:
        raise MalformedAlert(f"'{name}' must be a time in ISO 8601 with its zone.")
    return moment.astimezone(UTC)


def uptimerobot_alert(body: dict[str, Any]) -> Alert:
    """UptimeRobot's webhook, with the POST value the operator sets (docs/sla.md):
    `{"alertType": "*alertType*", "alertDateTime": "*alertDateTime*", "alertDuration": "*alertDuration*", ...}`.
    alertType 1 is down, 2 is up, anything else (3: SSL expiry) is ignored."""
    kind = body.get("alertType")
    if isinstance(kind, bool) or not isinstance(kind, int | str) or not str(kind).strip().isdigit():
        raise MalformedAlert("'alertType' is missing: set the webhook's POST value as docs/sla.md shows.")
    at = _epoch(body.get("alertDateTime"), "alertDateTime")
    code = int(str(kind).strip())
    if code == 1:
        return Alert(AlertState.DOWN, at)
    if code == 2:
        duration = _seconds(body.get("alertDuration"), "alertDuration")
        return Alert(AlertState.UP, at, at - timedelta(seconds=duration) if duration is not None else None)
    return Alert(AlertState.IGNORED, at)


def betterstack_alert(body: dict[str, Any]) -> Alert:
    """Better Stack's incident webhook (JSON:API): `data.attributes` with `started_at`,
    `resolved_at` and `status` (Started, Acknowledged, Resolved)."""
    data = body.get("data")
    attributes = data.get("attributes") if isinstance(data, dict) else None
    if not isinstance(attributes, dict):
        raise MalformedAlert("Expected Better Stack's incident webhook: {\"data\": {\"attributes\": {...}}}.")
    started = _iso(attributes.get("started_at"), "started_at")
    resolved_raw = attributes.get("resolved_at")
    status = str(attributes.get("status") or "").strip().lower()
    if resolved_raw is not None:
        resolved = _iso(resolved_raw, "resolved_at")
        if resolved < started:
            raise MalformedAlert("'resolved_at' is before 'started_at'.")
        return Alert(AlertState.UP, resolved, started)
    if status == "resolved":
        raise MalformedAlert("A resolved incident needs 'resolved_at'.")
    if status in ("", "started"):
        return Alert(AlertState.DOWN, started)
    return Alert(AlertState.IGNORED, started)   # acknowledged: the outage was already reported


def check_time(alert: Alert, now: datetime) -> None:
    if alert.at > now + CLOCK_SKEW:
        raise MalformedAlert("The alert's time is in the future; check the monitor's clock and time zone.")
    if alert.at < now - OLDEST:
        raise MalformedAlert("The alert is too old to be recorded.")


@dataclass(frozen=True)
class Coverage:
    """What an alert writes: failed minutes, the ok minute (an up alert's own), and the
    outage the monitor has open afterwards."""

    down: list[datetime]
    up: datetime | None
    open_since: datetime | None


def coverage(alert: Alert, open_since: datetime | None) -> Coverage:
    """The minutes an alert covers, given the outage the monitor had open (if any)."""
    if alert.state is AlertState.IGNORED:
        return Coverage([], None, open_since)
    if alert.state is AlertState.DOWN:
        since = min(open_since, alert.at) if open_since else alert.at
        return Coverage([minute_of(alert.at)], None, since)
    starts = [t for t in (open_since, alert.down_since) if t is not None]
    start = max(min(starts), alert.at - MAX_OUTAGE) if starts else alert.at
    return Coverage(minutes_between(start, alert.at), minute_of(alert.at), None)
