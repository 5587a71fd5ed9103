"""The public status page (`GET /api/status`): the platform's state now, the last 90 days, each
month's availability against the 99.0% target, downtime runs and maintenance windows.

Everything comes from small stored items: each monitor's latest probe, the daily summaries
(`services/sla/daily.py`), the stored month reports (ended months) and the maintenance windows of
the 90 days. A warm container keeps the answer `status_cache_seconds` (browsers as long), so a
burst of visitors costs one read of a few hundred items a minute.

Maintenance windows are shown with a public text by kind ("Scheduled maintenance"): the reason a
window is declared with is staff's own words and never leaves the staff pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from chalicelib.domain.availability_days import DaySummary, State, current_state, merged_runs, month_so_far
from chalicelib.domain.maintenance import WindowKind
from chalicelib.domain.sla_availability import TARGET_PERCENT, Month, availability_of, display_percent
from chalicelib.domain.sla_month import probe_of
from chalicelib.services import caches, clock
from chalicelib.services.sla import reports
from chalicelib.store import maintenance, probes, sla_days

DAYS = 90
PUBLIC_TEXT = {WindowKind.SCHEDULED: "Scheduled maintenance", WindowKind.EMERGENCY: "Emergency maintenance"}


@dataclass(frozen=True)
class DayRow:
    day: date
    availability_percent: str | None    # None: no monitoring data that day
    downtime_minutes: int
    maintenance_minutes: int


@dataclass(frozen=True)
class MonthRow:
    month: str
    availability_percent: str | None    # None: not computed yet
    meets_target: bool | None
    downtime_minutes: int
    final: bool                         # from the month's stored report; False: the month so far


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime
    minutes: int
    text: str = ""


@dataclass(frozen=True)
class StatusPage:
    state: State
    checked_at: datetime
    maintenance_now: list[Period]
    days: list[DayRow]
    months: list[MonthRow]
    runs: list[Period]
    windows: list[Period]
    target_percent: str = display_percent(TARGET_PERCENT)


def _minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def _day_rows(first: date, today: date, stored: dict[date, DaySummary]) -> list[DayRow]:
    rows = []
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        found = stored.get(day)
        rows.append(DayRow(day, found.availability_percent, found.downtime_minutes, found.maintenance_minutes)
                    if found else DayRow(day, None, 0, 0))
    return rows


def _month_rows(first: date, now: datetime, stored: dict[date, DaySummary]) -> list[MonthRow]:
    rows = []
    month, this = Month(first.year, first.month), Month(now.year, now.month)
    while month <= this:
        if month == this:
            days = [d for d in stored.values() if month.start.date() <= d.day]
            so_far = month_so_far(days, _minutes(month.start, now))
            rows.append(MonthRow(str(month), display_percent(so_far) if so_far is not None else None,
                                 so_far >= TARGET_PERCENT if so_far is not None else None,
                                 sum(d.downtime_minutes for d in days), False))
        else:
            report = reports.month_report(str(month))
            exact = availability_of(report.minutes, report.downtime_minutes) if report else None
            rows.append(MonthRow(str(month), report.availability_percent if report else None,
                                 exact >= TARGET_PERCENT if exact is not None else None,
                                 report.downtime_minutes if report else 0, report is not None))
        month = Month(month.year + 1, 1) if month.month == 12 else Month(month.year, month.month + 1)
    return rows


def _compute(now: datetime) -> StatusPage:
    today = now.astimezone(UTC).date()
    first = today - timedelta(days=DAYS - 1)
    stored = {d.summary.day: d.summary for d in sla_days.between(first, today)}
    latest = [records[0] for records in probes.latest(now, 1).values() if records]
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    windows = [w for w in maintenance.between(start, now + timedelta(days=1)) if w.starts_at < now]
    return StatusPage(
        state=current_state(map(probe_of, latest), now), checked_at=now,
        maintenance_now=[Period(w.starts_at, w.ends_at, _minutes(w.starts_at, w.ends_at), PUBLIC_TEXT[w.kind])
                         for w in windows if w.covers(now)],
        days=_day_rows(first, today, stored), months=_month_rows(first, now, stored),
        runs=[Period(s, e, _minutes(s, e)) for s, e in merged_runs(r for d in stored.values() for r in d.runs)],
        windows=[Period(w.starts_at, w.ends_at, _minutes(w.starts_at, w.ends_at), PUBLIC_TEXT[w.kind])
                 for w in windows],
    )


def status_page() -> StatusPage:
    """The page's content, from the container's cache when it is fresh enough."""
    cached: StatusPage | None = caches.status.get("page")
    if cached is None:
        cached = _compute(clock.now())
        caches.status.put("page", cached)
    return cached
