"""The public side of monitoring: the customers' maintenance banner and the external
monitors' webhooks (named directly: these routes are public, their models small)."""

from __future__ import annotations

from typing import Literal

from chalicelib.api.contract import Body
from chalicelib.api.schemas.common import Out, Timestamp


class AlertBody(Body):
    """Documentation only: the webhook reads UptimeRobot's POST value or Better Stack's
    incident (docs/sla.md, "Monitoring")."""

    model_config = {"extra": "allow"}


class UpcomingWindow(Out):
    """What customers are told: when, not why (the reason is staff's own words)."""

    starts_at: Timestamp
    ends_at: Timestamp


class UpcomingMaintenance(Out):
    windows: list[UpcomingWindow]


class AlertReceived(Out):
    state: Literal["down", "up", "ignored"]
    failed_minutes: int
    ok_minute: bool
