"""The public status page's answer (GET /api/status): public data only, no personal data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.schemas.common import Out, Timestamp


class StatusPeriod(Out):
    start: Timestamp
    end: Timestamp
    minutes: int
    text: str = Field(default="", description="Public text of a maintenance window, e.g. \"Scheduled maintenance\".")


class StatusDay(Out):
    date: str = Field(description="A UTC day, YYYY-MM-DD.")
    availability_percent: str | None = Field(description="3 decimals, e.g. \"99.861\"; null: no monitoring data.")
    downtime_minutes: int
    maintenance_minutes: int


class StatusMonth(Out):
    month: str = Field(description="YYYY-MM (UTC).")
    availability_percent: str | None = Field(description="null: the month's report is not computed yet.")
    meets_target: bool | None
    downtime_minutes: int
    final: bool = Field(description="true: from the month's report; false: the current month so far.")


class StatusPage(Out):
    state: Literal["up", "down", "degraded", "unknown"]
    checked_at: Timestamp
    target_percent: str = Field(description="The monthly availability objective, \"99.000\".")
    maintenance_now: list[StatusPeriod]
    days: list[StatusDay] = Field(description="The last 90 UTC days, oldest first, today last.")
    months: list[StatusMonth] = Field(description="The months the 90 days touch, oldest first.")
    downtime_runs: list[StatusPeriod]
    maintenance_windows: list[StatusPeriod]
