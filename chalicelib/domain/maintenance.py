"""Maintenance windows (SLA sections 2 and 6, promise S2), as pure rules.

A window is a period of scheduled or emergency work; its minutes are not downtime. Staff
declare **scheduled** windows in advance (the start is in the future, so customers can be told)
and **emergency** windows after the fact (the start has passed; the end may still be ahead
while the work goes on). A window ends after it starts, lasts at most `max_length`, and may
not touch a calendar month whose SLA is already decided: the decision was taken on the
minutes as they stood, and a window added later would rewrite it (the caller checks that,
since only the store knows which months are decided).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

MAX_REASON = 500


class WindowKind(StrEnum):
    SCHEDULED = "scheduled"
    EMERGENCY = "emergency"


class WindowRefused(ValueError):
    """A window that breaks a rule; the message is for people, `field` names the culprit."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Window:
    window_id: str
    kind: WindowKind
    starts_at: datetime
    ends_at: datetime
    reason: str
    declared_by: str
    declared_at: datetime

    def covers(self, moment: datetime) -> bool:
        return self.starts_at <= moment < self.ends_at

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.starts_at < end and start < self.ends_at


def _utc(moment: datetime, field: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise WindowRefused("Give times with their zone, e.g. 2026-12-01T02:00:00Z.", field)
    return moment.astimezone(UTC)


def checked(kind: WindowKind, starts_at: datetime, ends_at: datetime, reason: str, *, now: datetime,
            max_length: timedelta) -> tuple[datetime, datetime, str]:
    """The window's start, end (UTC) and reason, if the rules allow it; WindowRefused otherwise."""
    start, end = _utc(starts_at, "starts_at"), _utc(ends_at, "ends_at")
    text = " ".join(reason.split())
    if not text:
        raise WindowRefused("Say why: the reason is required.", "reason")
    if len(text) > MAX_REASON:
        raise WindowRefused(f"Keep the reason under {MAX_REASON} characters.", "reason")
    if end <= start:
        raise WindowRefused("The window must end after it starts.", "ends_at")
    if end - start > max_length:
        hours = int(max_length.total_seconds() // 3600)
        raise WindowRefused(f"A window lasts at most {hours} hours; declare longer work as several windows.",
                            "ends_at")
    if kind is WindowKind.SCHEDULED and start <= now:
        raise WindowRefused("Scheduled maintenance is declared in advance: its start must be in the future. "
                            "Declare work that has already started as emergency maintenance.", "starts_at")
    if kind is WindowKind.EMERGENCY and start > now:
        raise WindowRefused("Emergency maintenance is declared after it started: its start must be in the past. "
                            "Declare future work as scheduled maintenance.", "starts_at")
    return start, end, text


def months_touched(start: datetime, end: datetime) -> list[str]:
    """The calendar months (yyyy-mm, UTC) that [start, end) has at least a moment in."""
    last = (end.astimezone(UTC) - timedelta(microseconds=1))
    year, month = start.astimezone(UTC).year, start.astimezone(UTC).month
    months = []
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def upcoming(windows: list[Window], now: datetime, horizon: timedelta) -> list[Window]:
    """Scheduled windows not yet over that start within `horizon`, earliest first (the banner)."""
    return sorted((w for w in windows if w.kind is WindowKind.SCHEDULED and w.ends_at > now
                   and w.starts_at <= now + horizon), key=lambda w: w.starts_at)
