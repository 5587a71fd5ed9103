"""The availability SLA's arithmetic (SLA sections 2, 3.1 and 6; promises S1-S3), as pure maths.

The rules, exactly:

* A probe belongs to the UTC minute holding its time (a probe at 10:05:00.000 is in 10:05, one at
  10:04:59.999 in 10:04).
* A minute is **down** when probes from at least two different monitor *locations* exist for it
  and every probe in that minute failed. Two monitors in the same location are one witness: the
  SLA wants confirmation "by several independent monitoring systems from different geographical
  locations". A minute without probes, or seen from one location only, is never down.
* A minute overlapping a maintenance window is never down. Windows are half-open [start, end);
  a window covering any part of a minute excludes the whole minute (10:00:30-10:01:00 excludes
  10:00; 10:00-10:01 excludes 10:00 only; 10:00:59-10:01:01 excludes 10:00 and 10:01).
* **Downtime** is a run of at least `MIN_RUN` (5) consecutive down minutes. A run crossing a
  month boundary qualifies on its whole length and each month counts its own minutes of it, so
  the report of month M needs the probes and windows of `CONTEXT` (4 minutes) before and after M:
  `Month.span()` is the instant range the caller must supply (more is harmless; a run's reported
  start and end are as far as the supplied data reaches).
* **Availability** of a calendar month (UTC) is 100 x (minutes - downtime minutes) / minutes, kept
  as an exact `Fraction` (every comparison uses it unrounded) and shown with 3 decimals rounded
  half-up (`display_percent`).

Every datetime must be timezone-aware: a naive one raises `ValueError` (its zone would be a guess
that moves minutes). The work is one pass over the probes plus a sort of the down minutes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction

MIN_RUN = 5
"""Consecutive down minutes that make downtime (SLA section 2: "at least 5 consecutive minutes")."""
CONTEXT = timedelta(minutes=MIN_RUN - 1)
"""How far before and after a month the caller must supply data to decide runs crossing its edges."""
TARGET_PERCENT = Fraction(99)
"""The monthly availability objective (SLA 3.1)."""

MINUTE = timedelta(minutes=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def minute_of(at: datetime) -> int:
    """The UTC minute holding `at`, counted from 1970-01-01T00:00Z (floor, also before 1970)."""
    try:
        return (at - _EPOCH) // MINUTE
    except TypeError:
        raise ValueError(f"{at!r} must be a timezone-aware datetime") from None


def minute_start(minute: int) -> datetime:
    """The instant a minute number of `minute_of` begins (UTC)."""
    return _EPOCH + minute * MINUTE


def _minute_ceiling(at: datetime) -> int:
    """The first minute starting at or after `at`."""
    minute = minute_of(at)
    return minute if minute_start(minute) == at else minute + 1


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month in UTC, written "YYYY-MM"."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9998:
            raise ValueError(f"{self.year:04d}-{self.month:02d} is not a month")

    @classmethod
    def parse(cls, text: str) -> Month:
        """ "2026-10" -> Month(2026, 10); anything else raises ValueError."""
        found = _MONTH.fullmatch(text) if isinstance(text, str) else None
        if found is None:
            raise ValueError(f"{text!r} is not a month written YYYY-MM, e.g. 2026-10")
        return cls(int(found.group(1)), int(found.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def days(self) -> int:
        return monthrange(self.year, self.month)[1]

    @property
    def minutes(self) -> int:
        """40,320 (28 days), 41,760 (29), 43,200 (30) or 44,640 (31)."""
        return self.days * 24 * 60

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first instant of the next month (exclusive)."""
        return self.start + timedelta(days=self.days)

    def span(self) -> tuple[datetime, datetime]:
        """The instants [start, end) whose probes and maintenance windows the report of this month needs."""
        return self.start - CONTEXT, self.end + CONTEXT


@dataclass(frozen=True, slots=True)
class Probe:
    """One check by one monitor: did the main page and control panel load (`ok`) at `at`."""

    monitor_id: str
    location: str
    at: datetime
    ok: bool


@dataclass(frozen=True, slots=True)
class MaintenanceWindow:
    """Scheduled or emergency maintenance, [start, end); end must be after start."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        minute_of(self.start), minute_of(self.end)  # both timezone-aware, or ValueError
        if self.end <= self.start:
            raise ValueError(f"maintenance ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})")

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class DowntimeRun:
    """A qualifying run of down minutes: [start, end), `minutes` long, `minutes_in_month` of them in the month."""

    start: datetime
    end: datetime
    minutes: int
    minutes_in_month: int


@dataclass(frozen=True, slots=True)
class MonthReport:
    """A month's availability: everything the credits, the status page and a claim decision read."""

    month: Month
    minutes: int
    downtime_minutes: int
    availability: Fraction
    """Exact percentage, 0-100: compare this, never the display string."""
    runs: tuple[DowntimeRun, ...]
    """Qualifying runs with at least one minute in the month, in time order."""
    maintenance: tuple[MaintenanceWindow, ...]
    """The maintenance windows overlapping the month, in time order."""

    @property
    def availability_percent(self) -> str:
        """The availability for people: 3 decimals rounded half-up, e.g. "99.917"."""
        return display_percent(self.availability)

    @property
    def meets_target(self) -> bool:
        return self.availability >= TARGET_PERCENT


# --- the rules ------------------------------------------------------------------------------------


def _excluded_ranges(windows: Iterable[MaintenanceWindow]) -> tuple[list[int], list[int]]:
    """The minutes the windows touch as merged, sorted [first, last + 1) ranges (starts, ends)."""
    ranges = sorted((minute_of(w.start), _minute_ceiling(w.end)) for w in windows)
    starts: list[int] = []
    ends: list[int] = []
    for first, stop in ranges:
        if ends and first <= ends[-1]:
            ends[-1] = max(ends[-1], stop)
        else:
            starts.append(first)
            ends.append(stop)
    return starts, ends


def down_minutes(probes: Iterable[Probe], maintenance: Iterable[MaintenanceWindow] = ()) -> list[int]:
    """The down minutes (numbers of `minute_of`), sorted: every probe failed, from two locations or
    more, and no maintenance window touches the minute."""
    first_location: dict[int, str] = {}
    confirmed: set[int] = set()
    answered: set[int] = set()
    for probe in probes:
        minute = minute_of(probe.at)
        if probe.ok:
            answered.add(minute)
        elif first_location.setdefault(minute, probe.location) != probe.location:
            confirmed.add(minute)
    starts, ends = _excluded_ranges(maintenance)
    down = []
    for minute in sorted(confirmed - answered):
        index = bisect_right(starts, minute) - 1
        if index < 0 or minute >= ends[index]:
            down.append(minute)
    return down


def runs_of(minutes: Iterable[int], min_length: int = MIN_RUN) -> list[tuple[int, int]]:
    """The runs [first, last + 1) of consecutive minutes at least `min_length` long.

    `minutes` must be sorted and distinct, as `down_minutes` returns them."""
    runs: list[tuple[int, int]] = []
    first = previous = None
    for minute in minutes:
        if previous is not None and minute == previous + 1:
            previous = minute
            continue
        if first is not None and previous is not None and previous + 1 - first >= min_length:
            runs.append((first, previous + 1))
        first = previous = minute
    if first is not None and previous is not None and previous + 1 - first >= min_length:
        runs.append((first, previous + 1))
    return runs


def minutes_within(run: tuple[int, int], month: Month) -> int:
    """How many minutes of the run [first, stop) fall inside the month."""
    low, high = minute_of(month.start), minute_of(month.end)
    return max(0, min(run[1], high) - max(run[0], low))


def availability_of(minutes: int, downtime_minutes: int) -> Fraction:
    """100 x (minutes - downtime) / minutes, exact."""
    if minutes <= 0 or not 0 <= downtime_minutes <= minutes:
        raise ValueError(f"downtime of {downtime_minutes} minutes does not fit a period of {minutes}")
    return Fraction(100 * (minutes - downtime_minutes), minutes)


def display_percent(value: Fraction) -> str:
    """A percentage with 3 decimals rounded half-up: 99.9165 -> "99.917", 100 -> "100.000"."""
    if value < 0:
        raise ValueError("a percentage here is never negative")
    thousandths = (value * 2000 + 1) // 2  # floor(x * 1000 + 1/2), exact
    return f"{thousandths // 1000}.{thousandths % 1000:03d}"


def month_report(month: Month, probes: Iterable[Probe], maintenance: Iterable[MaintenanceWindow] = ()) -> MonthReport:
    """The availability of `month` from the probes and windows of at least `month.span()`.

    Probes and windows outside the span are harmless: they only lengthen what is known of a run
    crossing the month's edges. Runs entirely outside the month are left out of the report.
    """
    windows = sorted(set(maintenance), key=lambda w: (w.start, w.end))
    runs = []
    for run in runs_of(down_minutes(probes, windows)):
        inside = minutes_within(run, month)
        if inside:
            runs.append(DowntimeRun(minute_start(run[0]), minute_start(run[1]), run[1] - run[0], inside))
    downtime = sum(run.minutes_in_month for run in runs)
    return MonthReport(
        month=month, minutes=month.minutes, downtime_minutes=downtime,
        availability=availability_of(month.minutes, downtime), runs=tuple(runs),
        maintenance=tuple(w for w in windows if w.overlaps(month.start, month.end)),
    )
