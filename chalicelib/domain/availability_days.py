"""A UTC day's availability and the platform's current state: what the public status page shows.

The rules are `sla_availability`'s, applied to one day instead of one month (no second copy):

* A day's **down minutes** are `sla_availability.down_minutes` within the day (every probe failed,
  from two locations or more, no maintenance window touching the minute).
* Its **downtime minutes** are the minutes of the day that belong to a qualifying run (at least
  `MIN_RUN` consecutive down minutes). A run crossing midnight qualifies on its whole length and
  each day counts its own minutes of it (the whole-run rule, as for months), so a day needs the
  probes and windows of `CONTEXT` before and after it: `day_span`.
* Its **maintenance minutes** are the minutes of the day any window touches (whole minutes).
* Its **availability** is 100 x (1440 - downtime minutes) / 1440, exact, shown with 3 decimals.
  A day with no probe at all (`observed_minutes == 0`) has no data: the page shows it grey.

`current_state` reads each monitor's latest probe from the last `FRESH` minutes: all answered ->
up; every one failed, from two locations or more -> down (the SLA's confirmation); anything else
(some failed, or failures seen from one location only) -> degraded; no recent probe -> unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from fractions import Fraction

from chalicelib.domain.sla_availability import (
    CONTEXT,
    MaintenanceWindow,
    Probe,
    availability_of,
    display_percent,
    down_minutes,
    minute_of,
    minute_start,
    runs_of,
)

DAY_MINUTES = 24 * 60
FRESH = timedelta(minutes=5)
"""How recent the latest probe must be for the current state to say anything."""


class State(StrEnum):
    UP = "up"
    DOWN = "down"
    DEGRADED = "degraded"
    UNKNOWN = "unknown"


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def day_span(day: date) -> tuple[datetime, datetime]:
    """The instants [start, end) whose probes and windows the summary of `day` needs."""
    start = day_start(day)
    return start - CONTEXT, start + timedelta(days=1) + CONTEXT


@dataclass(frozen=True, slots=True)
class DaySummary:
    day: date
    observed_minutes: int
    """Minutes of the day with at least one probe (0: no data)."""
    down_minutes: int
    downtime_minutes: int
    maintenance_minutes: int
    runs: tuple[tuple[datetime, datetime], ...] = ()
    """The qualifying runs with minutes in the day, [start, end) as far as the day's span reaches."""

    @property
    def availability(self) -> Fraction:
        return availability_of(DAY_MINUTES, self.downtime_minutes)

    @property
    def availability_percent(self) -> str | None:
        """3 decimals rounded half-up, or None for a day without data."""
        return display_percent(self.availability) if self.observed_minutes else None


def _maintenance_minutes(windows: Iterable[MaintenanceWindow], low: int, high: int) -> int:
    """How many minutes in [low, high) any window touches (a window touching part of a minute
    takes the whole minute, as the arithmetic excludes it)."""
    ranges = []
    for window in windows:
        last = minute_of(window.end)
        stop = last if minute_start(last) == window.end else last + 1
        first, stop = max(minute_of(window.start), low), min(stop, high)
        if first < stop:
            ranges.append((first, stop))
    total, reach = 0, low
    for first, stop in sorted(ranges):
        first = max(first, reach)
        if stop > first:
            total += stop - first
            reach = stop
    return total


def day_summary(day: date, probes: Iterable[Probe], maintenance: Iterable[MaintenanceWindow] = ()) -> DaySummary:
    """The summary of `day` from the probes and windows of at least `day_span(day)` (more is harmless)."""
    low = minute_of(day_start(day))
    high = low + DAY_MINUTES
    windows = list(maintenance)
    observed: set[int] = set()

    def noting(items: Iterable[Probe]) -> Iterator[Probe]:
        for probe in items:
            minute = minute_of(probe.at)
            if low <= minute < high:
                observed.add(minute)
            yield probe

    down = down_minutes(noting(probes), windows)
    runs = [(first, stop) for first, stop in runs_of(down) if first < high and stop > low]
    downtime = sum(min(stop, high) - max(first, low) for first, stop in runs)
    return DaySummary(day, len(observed), sum(1 for m in down if low <= m < high), downtime,
                      _maintenance_minutes(windows, low, high),
                      tuple((minute_start(first), minute_start(stop)) for first, stop in runs))


def merged_runs(runs: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Runs seen from several days (a run crossing midnight is in both) as one list: overlapping or
    touching runs become one, in time order."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(runs):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def current_state(latest: Iterable[Probe], now: datetime) -> State:
    """The platform's state from each monitor's latest probe (see the module's docstring); probes
    older than `FRESH` are not evidence of the present."""
    fresh = [p for p in latest if p.at >= now - FRESH]
    if not fresh:
        return State.UNKNOWN
    if all(p.ok for p in fresh):
        return State.UP
    if not any(p.ok for p in fresh) and len({p.location for p in fresh}) >= 2:
        return State.DOWN
    return State.DEGRADED


def month_so_far(days: Iterable[DaySummary], elapsed_minutes: int) -> Fraction | None:
    """The availability of the current month up to now from its days' downtime; None before any minute."""
    if elapsed_minutes <= 0:
        return None
    downtime = min(sum(d.downtime_minutes for d in days), elapsed_minutes)
    return availability_of(elapsed_minutes, downtime)
