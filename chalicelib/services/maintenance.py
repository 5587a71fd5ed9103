"""Maintenance windows (S2): staff declare them (audit-logged), customers see the upcoming
scheduled ones as a banner, and the availability arithmetic reads them with `between`.

The customers' list is public and read on every page, so a warm container keeps it for
`maintenance_cache_seconds` (and browsers as long): a new window reaches the banner within that
time; in the container that stored it, at once.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.maintenance import Window, WindowKind, WindowRefused, checked, upcoming
from chalicelib.services import audit_log, caches, clock
from chalicelib.settings import get_settings
from chalicelib.store import maintenance, sla_months


class MonthAlreadyDecided(Conflict):
    code = "month_decided"


def declare(kind: WindowKind, starts_at: datetime, ends_at: datetime, reason: str) -> Window:
    """Store a window: 400 when it breaks a rule, 409 when it touches a decided month."""
    now = clock.now()
    try:
        start, end, text = checked(kind, starts_at, ends_at, reason, now=now,
                                   max_length=timedelta(hours=get_settings().maintenance_max_hours))
    except WindowRefused as exc:
        raise InvalidInput(exc.message, fields={exc.field: "invalid"}) from exc
    window = Window(uuid.uuid4().hex, kind, start, end, text, audit_log.current_actor(), now)
    try:
        maintenance.add(window)
    except sla_months.MonthDecided as exc:
        raise MonthAlreadyDecided(f"The SLA of {exc.month} is already decided; a window in that month cannot "
                                  "be added any more.", fields={"starts_at": "month_decided"}) from exc
    caches.maintenance.clear()
    audit_log.record(Action.MAINTENANCE_DECLARED, SubjectKind.MAINTENANCE, window.window_id,
                     after={"kind": kind.value, "starts_at": start.isoformat(), "ends_at": end.isoformat(),
                            "reason": text})
    return window


def upcoming_scheduled() -> list[Window]:
    """Scheduled windows not over yet that start within `maintenance_banner_days` (cached briefly)."""
    cached = caches.maintenance.get("upcoming")
    if cached is None:
        now = clock.now()
        horizon = timedelta(days=get_settings().maintenance_banner_days)
        cached = upcoming(maintenance.between(now, now + horizon), now, horizon)
        caches.maintenance.put("upcoming", cached)
    return list(cached)


def for_staff(limit: int, cursor: str | None) -> tuple[list[Window], str | None]:
    """A page of windows, newest start first (a bad cursor is a 400)."""
    return maintenance.page(limit, cursor)


def between(start: datetime, end: datetime) -> list[Window]:
    """The windows that overlap [start, end): what the availability arithmetic leaves out."""
    return maintenance.between(start, end)
