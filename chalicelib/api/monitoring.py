"""Availability monitoring: monitors (admins), maintenance windows (staff list them, admins
declare them; customers see the upcoming ones), and the external monitors' webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.api.contract import Reply, lazy
from chalicelib.api.http import Ctx, route
from chalicelib.api.schemas.common import Page
from chalicelib.api.schemas.monitoring_public import AlertBody, AlertReceived, UpcomingMaintenance, UpcomingWindow
from chalicelib.domain.accounts import STAFF_ROLES, Role
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.maintenance import WindowKind
from chalicelib.domain.monitoring import MonitorKind
from chalicelib.services import maintenance, monitor_webhooks, monitoring
from chalicelib.settings import get_settings

if TYPE_CHECKING:
    from chalicelib.api.schemas.monitoring import (
        MonitorAnswer,
        MonitorBody,
        MonitorChanges,
        MonitorList,
        RegisteredMonitor,
        WebhookSecret,
        WindowAnswer,
        WindowBody,
        WindowList,
    )

bp = Blueprint(__name__)
ADMIN = [Role.ADMIN]
M = lazy("chalicelib.api.schemas.monitoring")
SECRET_HEADER = "x-monitor-secret"  # noqa: S105 - a header name
WEBHOOK_PATHS = {MonitorKind.UPTIMEROBOT: "/api/monitoring/webhooks/uptimerobot/",
                 MonitorKind.BETTERSTACK: "/api/monitoring/webhooks/betterstack/"}


@route(bp, "/admin/monitors", roles=STAFF_ROLES, response=M.MonitorList)
def list_monitors(ctx: Ctx) -> MonitorList:
    """Every monitor with its last results."""
    from chalicelib.api.schemas import monitoring as s

    return s.MonitorList(monitors=[
        s.MonitorStatusOut(**s.MonitorOut.of(status.monitor).model_dump(), last=[s.ProbeOut.of(r) for r in status.last])
        for status in monitoring.overview()])


@route(bp, "/admin/monitors", methods=["POST"], roles=ADMIN, body=M.MonitorBody, response=M.RegisteredMonitor,
       status=201, errors=[409])
def register_monitor(ctx: Ctx, body: MonitorBody) -> RegisteredMonitor:
    """Register a monitor; an external one's webhook secret is shown once."""
    from chalicelib.api.schemas import monitoring as s

    kind = MonitorKind(body.kind)
    monitor, secret = monitoring.register(body.monitor_id, body.location, kind)
    path = WEBHOOK_PATHS[kind] + monitor.monitor_id if kind.external else None
    return s.RegisteredMonitor(monitor=s.MonitorOut.of(monitor), webhook_secret=secret, webhook_path=path)


@route(bp, "/admin/monitors/{monitor_id}", methods=["PATCH"], roles=ADMIN, body=M.MonitorChanges,
       response=M.MonitorAnswer)
def change_monitor(ctx: Ctx, monitor_id: str, body: MonitorChanges) -> MonitorAnswer:
    """Change a monitor's location label, or disable or enable it."""
    from chalicelib.api.schemas import monitoring as s

    return s.MonitorAnswer(monitor=s.MonitorOut.of(monitoring.change(monitor_id, location=body.location,
                                                                      enabled=body.enabled)))


@route(bp, "/admin/monitors/{monitor_id}/secret", methods=["POST"], roles=ADMIN, response=M.WebhookSecret)
def rotate_monitor_secret(ctx: Ctx, monitor_id: str) -> WebhookSecret:
    """Give an external monitor a new webhook secret (shown once)."""
    from chalicelib.api.schemas import monitoring as s

    return s.WebhookSecret(webhook_secret=monitoring.rotate_secret(monitor_id))


@route(bp, "/admin/maintenance", roles=STAFF_ROLES, query=Page, response=M.WindowList)
def list_windows(ctx: Ctx, query: Page) -> WindowList:
    """Maintenance windows, newest start first (`limit`, `cursor`)."""
    from chalicelib.api.schemas import monitoring as s

    windows, next_cursor = maintenance.for_staff(query.limit, query.cursor)
    return s.WindowList(windows=[s.WindowOut.of(w) for w in windows], next_cursor=next_cursor)


def _moment(text: str, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(f"'{field}' must be a time such as 2026-12-01T02:00:00Z.",
                           fields={field: "invalid"}) from exc
    if moment.tzinfo is None:
        raise InvalidInput(f"'{field}' needs its time zone, e.g. 2026-12-01T02:00:00Z.", fields={field: "invalid"})
    return moment


@route(bp, "/admin/maintenance", methods=["POST"], roles=ADMIN, body=M.WindowBody, response=M.WindowAnswer,
       status=201, errors=[409])
def declare_window(ctx: Ctx, body: WindowBody) -> WindowAnswer:
    """Declare a maintenance window: scheduled (in advance) or emergency (after the fact)."""
    from chalicelib.api.schemas import monitoring as s

    window = maintenance.declare(WindowKind(body.kind), _moment(body.starts_at, "starts_at"),
                                 _moment(body.ends_at, "ends_at"), body.reason)
    return s.WindowAnswer(window=s.WindowOut.of(window))


@route(bp, "/maintenance/upcoming", response=UpcomingMaintenance)
def upcoming_maintenance(ctx: Ctx) -> Reply[UpcomingMaintenance]:
    """Scheduled maintenance coming up (the customers' banner); cached briefly."""
    windows = [UpcomingWindow(starts_at=w.starts_at.isoformat(), ends_at=w.ends_at.isoformat())
               for w in maintenance.upcoming_scheduled()]
    seconds = int(get_settings().maintenance_cache_seconds)
    return Reply(UpcomingMaintenance(windows=windows), headers={"Cache-Control": f"public, max-age={seconds}"})


def _alert(ctx: Ctx, kind: MonitorKind, monitor_id: str) -> AlertReceived:
    secret = ctx.request.headers.get(SECRET_HEADER) or ctx.query("token")
    received = monitor_webhooks.receive(kind, monitor_id, secret, ctx.json_object, ctx.client_ip)
    return AlertReceived(state=received.state.value, failed_minutes=received.failed_minutes,
                         ok_minute=received.ok_minute)


@route(bp, "/monitoring/webhooks/uptimerobot/{monitor_id}", methods=["POST"], body=AlertBody, raw_body=True,
       response=AlertReceived, errors=[401, 403, 404, 409, 429])
def uptimerobot_webhook(ctx: Ctx, monitor_id: str) -> AlertReceived:
    """UptimeRobot's alert contact: a down or up alert of one registered monitor."""
    return _alert(ctx, MonitorKind.UPTIMEROBOT, monitor_id)


@route(bp, "/monitoring/webhooks/betterstack/{monitor_id}", methods=["POST"], body=AlertBody, raw_body=True,
       response=AlertReceived, errors=[401, 403, 404, 409, 429])
def betterstack_webhook(ctx: Ctx, monitor_id: str) -> AlertReceived:
    """Better Stack's incident webhook: an incident started or resolved on one registered monitor."""
    return _alert(ctx, MonitorKind.BETTERSTACK, monitor_id)
