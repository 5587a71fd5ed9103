"""Availability monitoring (SLA section 2, promise S1), as pure rules: monitors, what a probe
of the two pages means, the minute a record belongs to, and the rule that keeps a failure.

Why each rule is the way it is:

* A **monitor** is one observer in one place: our own probe function in an AWS region, or an
  external service (UptimeRobot, Better Stack) that tells us through a webhook. Its id names
  it in every record; its location label says where it looks from, so the arithmetic can ask
  "confirmed by several independent monitors in different locations".
* A **probe** loads the main page and the control panel. The SLA's downtime is when users
  cannot reach "the main page and control panel": a probe fails only when **neither** page
  loads; one page failing is a partial outage, which the SLA excludes. Both results are kept.
* A page **loads** when it answers with a status below 400 within the timeout (a redirect is
  an answer of the site; an error status or no answer is not).
* Records are per **minute** (UTC, seconds dropped): one record per monitor per minute.
* **A failure sticks**: when the same monitor and minute is written twice, a failure replaces
  a success but a success never replaces a failure. The SLA measures unavailability; a second
  observation that happened to succeed must not erase one that saw the site down (and the
  rule makes the result independent of the order in which two racing writes land).

Everything takes timezone-aware datetimes (a naive one raises ValueError) and reads no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

MINUTE = timedelta(minutes=1)
RETENTION = timedelta(days=400)
"""Probe records are kept 13 months and a little more (TTL): the month being claimed, the
12 before it for comparisons, and slack for a late decision."""

_MONITOR_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
_LOCATION = re.compile(r"^[\w .,()/-]{1,60}$")


class MonitorKind(StrEnum):
    PROBE = "probe"              # our own scheduled probe function
    UPTIMEROBOT = "uptimerobot"  # UptimeRobot, through its webhook alert contact
    BETTERSTACK = "betterstack"  # Better Stack Uptime, through its incident webhook

    @property
    def external(self) -> bool:
        return self is not MonitorKind.PROBE


class MonitoringError(ValueError):
    """A monitor, probe or alert that breaks a rule; the message is for people."""


def check_monitor_id(value: str) -> str:
    value = value.strip()
    if not _MONITOR_ID.match(value):
        raise MonitoringError("A monitor id is 2 to 40 lowercase letters, digits and dashes, starting with a "
                              "letter or digit (e.g. probe-eu-west-1).")
    return value


def check_location(value: str) -> str:
    value = " ".join(value.split())
    if not _LOCATION.match(value):
        raise MonitoringError("A location label is 1 to 60 letters, digits, spaces and . , ( ) / - "
                              "(e.g. Frankfurt, eu-central-1).")
    return value


def aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime has no zone; pass a timezone-aware one")
    return moment.astimezone(UTC)


def minute_of(moment: datetime) -> datetime:
    """The minute a moment belongs to (UTC, seconds dropped)."""
    return aware(moment).replace(second=0, microsecond=0)


def minutes_between(start: datetime, end: datetime) -> list[datetime]:
    """Every minute from the one holding `start` up to, not including, the one holding `end`."""
    first, last = minute_of(start), minute_of(end)
    count = max(0, int((last - first) / MINUTE))
    return [first + i * MINUTE for i in range(count)]


@dataclass(frozen=True)
class PageResult:
    """One page's answer: loaded or not, the HTTP status (None: no answer), and how long it took."""

    ok: bool
    status: int | None
    latency_ms: int

    @classmethod
    def answered(cls, status: int, latency_ms: int) -> PageResult:
        return cls(page_loaded(status), status, max(0, latency_ms))

    @classmethod
    def no_answer(cls, latency_ms: int) -> PageResult:
        return cls(False, None, max(0, latency_ms))


def page_loaded(status: int | None) -> bool:
    return status is not None and 100 <= status < 400


def probe_ok(main: PageResult, panel: PageResult) -> bool:
    """A probe fails only when neither the main page nor the control panel loads."""
    return main.ok or panel.ok


def kept_ok(existing_ok: bool | None, new_ok: bool) -> bool:
    """The minute's result after a second write (None: nothing was stored): a failure sticks."""
    return new_ok if existing_ok is None else existing_ok and new_ok


@dataclass(frozen=True)
class Monitor:
    monitor_id: str
    location: str
    kind: MonitorKind
    enabled: bool
    created_at: datetime
    down_since: datetime | None = None   # an external monitor's open outage (its last down alert)


@dataclass(frozen=True)
class ProbeRecord:
    """One monitor's result for one minute: what `store.probes.between` yields."""

    monitor_id: str
    location: str
    kind: MonitorKind
    minute: datetime          # the minute (UTC) the result is for
    at: datetime              # when it was observed (or, for an external alert, reported)
    ok: bool
    main: PageResult | None   # the main page; None for external monitors (they report one verdict)
    panel: PageResult | None  # the control panel; None for external monitors
