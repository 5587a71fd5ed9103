"""Each UTC day's availability summary (`domain.availability_days`), stored so the status page reads
90 small items instead of the days' probe records.

The scheduled run (every 10 minutes, app.py) recomputes today as the day goes, and yesterday until
it has been computed once after yesterday's span ended (its last minutes' runs need 4 minutes of
today). Operators recompute any range (`panel sla days --from --to`), e.g. after declaring an
emergency window for a past day. Each run overwrites the day's item with what the store holds now:
running twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from chalicelib.domain.availability_days import DaySummary, day_span, day_summary
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.sla_availability import MaintenanceWindow
from chalicelib.domain.sla_month import probe_of, window_of
from chalicelib.services import caches, clock
from chalicelib.store import maintenance, probes, sla_days

SETTLE = timedelta(minutes=15)
"""How long after a day's span ended its summary is recomputed once more, then left final."""
MAX_RANGE_DAYS = 92


def refresh_day(day: date, now: datetime) -> DaySummary:
    """Compute and store `day`'s summary from what the store holds now."""
    start, end = day_span(day)
    windows = []
    for window in maintenance.between(start, end):
        if window.starts_at < now:  # what has happened so far; a window still ahead is not yet a minute
            windows.append(MaintenanceWindow(window.starts_at, min(window.ends_at, now))
                           if window.ends_at > now else window_of(window))
    summary = day_summary(day, map(probe_of, probes.between(start, min(end, now))), windows)
    sla_days.save(summary, now)
    return summary


def refresh_recent() -> dict[str, object]:
    """The scheduled run: today, and yesterday until it has settled."""
    now = clock.now()
    today = now.date()
    done = [refresh_day(today, now)]
    yesterday = today - timedelta(days=1)
    stored = sla_days.get(yesterday)
    if stored is None or stored.computed_at < day_span(yesterday)[1] + SETTLE:
        done.append(refresh_day(yesterday, now))
    caches.status.clear()
    return {"days": [d.day.isoformat() for d in done],
            "downtime_minutes": {d.day.isoformat(): d.downtime_minutes for d in done}}


def refresh_range(first_text: str, last_text: str) -> dict[str, object]:
    """Recompute the days first..last (inclusive, YYYY-MM-DD, at most 92 days, none in the future)."""
    try:
        first, last = date.fromisoformat(first_text.strip()), date.fromisoformat(last_text.strip())
    except ValueError:
        raise InvalidInput("Give days as YYYY-MM-DD, e.g. 2026-11-03.", fields={"day": "invalid"}) from None
    now = clock.now()
    if last < first:
        raise InvalidInput("The last day comes before the first.", fields={"to": "invalid"})
    if last > now.date():
        raise InvalidInput("The last day is in the future.", fields={"to": "invalid"})
    if (last - first).days >= MAX_RANGE_DAYS:
        raise InvalidInput(f"Recompute at most {MAX_RANGE_DAYS} days at a time.", fields={"to": "invalid"})
    done = []
    day = first
    while day <= last:
        done.append(refresh_day(day, now))
        day += timedelta(days=1)
    caches.status.clear()
    return {"days": len(done), "downtime_minutes": sum(d.downtime_minutes for d in done)}
