"""Working days in England and Wales, from the `holidays` package (pinned).

England and Wales share one list of bank holidays; `holidays` files them under the
subdivision "ENG" of "GB" (Wales, "WLS", has the same list; a test checks it).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[date]:
    import holidays  # imported on use: a large package most requests never need

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(calendar.keys())


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def add_business_days(start: date, count: int) -> date:
    """The date `count` business days after `start` (start itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day
