"""Moments and measures for tests of business time and the SLA clock (S6-S9).

Business hours are 10:00-17:00 UTC on England and Wales business days. The named moments sit
around the early-May 2023 bank holiday (Monday 8 May)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from chalicelib.domain.business_days import is_business_day

HOUR = 3600
FRIDAY_EVENING = datetime(2023, 5, 5, 18, 30, tzinfo=UTC)    # after hours; Monday 8 May 2023 was a bank holiday
TUESDAY_OPENING = datetime(2023, 5, 9, 10, 0, tzinfo=UTC)    # where FRIDAY_EVENING's clock starts
WEDNESDAY_NOON = datetime(2023, 5, 10, 12, 0, tzinfo=UTC)    # inside business hours


def utc(text: str) -> datetime:
    """'2023-05-05 18:30' (or with seconds) as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def in_business_hours(moment: datetime) -> bool:
    """Inside (10:00, 17:00] UTC on a business day: where every positive deadline must land."""
    moment = moment.astimezone(UTC)
    clock = moment.timetz().replace(tzinfo=None)
    return is_business_day(moment.date()) and time(10) < clock <= time(17)
