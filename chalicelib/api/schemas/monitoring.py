"""Availability monitoring: monitors and their last results (staff), maintenance windows
(staff declare, customers see the upcoming ones), and the external monitors' webhooks.

api/monitoring.py names the staff models lazily: only a staff request imports them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Cursor, Out, Timestamp, when
from chalicelib.domain.maintenance import Window
from chalicelib.domain.monitoring import Monitor, PageResult, ProbeRecord

Kind = Literal["probe", "uptimerobot", "betterstack"]
WindowKindName = Literal["scheduled", "emergency"]

# --- request bodies -------------------------------------------------------------------------


class MonitorBody(Body):
    monitor_id: str = Field(max_length=40, description="2-40 lowercase letters, digits and dashes.")
    location: str = Field(max_length=60, description="Where it looks from, e.g. Frankfurt or eu-west-1.")
    kind: Kind


class MonitorChanges(Body):
    location: str | None = Field(default=None, max_length=60)
    enabled: bool | None = None


class WindowBody(Body):
    kind: WindowKindName
    starts_at: Timestamp = Field(max_length=40, description="ISO 8601 with its zone, e.g. 2026-12-01T02:00:00Z.")
    ends_at: Timestamp = Field(max_length=40)
    reason: str = Field(max_length=500)



# --- responses ------------------------------------------------------------------------------


class PageOut(Out):
    ok: bool
    status: int | None
    latency_ms: int

    @classmethod
    def of(cls, page: PageResult | None) -> PageOut | None:
        return cls(ok=page.ok, status=page.status, latency_ms=page.latency_ms) if page else None


class ProbeOut(Out):
    minute: Timestamp
    location: str
    ok: bool
    main: PageOut | None
    panel: PageOut | None

    @classmethod
    def of(cls, record: ProbeRecord) -> ProbeOut:
        return cls(minute=record.minute.isoformat(), location=record.location, ok=record.ok,
                   main=PageOut.of(record.main), panel=PageOut.of(record.panel))


class MonitorOut(Out):
    monitor_id: str
    location: str
    kind: Kind
    enabled: bool
    created_at: Timestamp
    down_since: Timestamp | None = Field(description="An external monitor's open outage, if any.")

    @classmethod
    def of(cls, monitor: Monitor) -> MonitorOut:
        return cls(monitor_id=monitor.monitor_id, location=monitor.location, kind=monitor.kind.value,
                   enabled=monitor.enabled, created_at=monitor.created_at.isoformat(),
                   down_since=when(monitor.down_since))


class MonitorStatusOut(MonitorOut):
    last: list[ProbeOut] = Field(description="The newest records, newest first.")


class MonitorList(Out):
    monitors: list[MonitorStatusOut]


class MonitorAnswer(Out):
    monitor: MonitorOut


class RegisteredMonitor(Out):
    monitor: MonitorOut
    webhook_secret: str | None = Field(description="External monitors only: shown once, keep it in the "
                                                   "monitor's webhook settings.")
    webhook_path: str | None = Field(description="Where the external monitor posts (after the site's origin).")


class WebhookSecret(Out):
    webhook_secret: str


class WindowOut(Out):
    window_id: str
    kind: WindowKindName
    starts_at: Timestamp
    ends_at: Timestamp
    reason: str
    declared_by: str
    declared_at: Timestamp

    @classmethod
    def of(cls, window: Window) -> WindowOut:
        return cls(window_id=window.window_id, kind=window.kind.value, starts_at=window.starts_at.isoformat(),
                   ends_at=window.ends_at.isoformat(), reason=window.reason, declared_by=window.declared_by,
                   declared_at=window.declared_at.isoformat())


class WindowList(Out):
    windows: list[WindowOut]
    next_cursor: Cursor


class WindowAnswer(Out):
    window: WindowOut


