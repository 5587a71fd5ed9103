"""External monitors' webhooks (UptimeRobot, Better Stack): verified, read and turned into
per-minute probe records (domain/monitor_alerts.py says which minutes an alert covers).

The order of the checks, each refusal changing nothing: the call is counted against the abuse
limits (per client IP and per monitor, 429); the monitor must be registered, enabled and of the
webhook's kind (404 otherwise, the same answer for each so the route does not tell which);
the secret must be given (401) and match the monitor's, compared in constant time (403); the
body must be an alert of that kind (400) about a time we accept (400); no minute it covers may
lie in a month whose SLA is decided (409).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated
from chalicelib.domain.monitor_alerts import (
    Alert,
    AlertState,
    MalformedAlert,
    betterstack_alert,
    check_time,
    coverage,
    uptimerobot_alert,
)
from chalicelib.domain.monitoring import Monitor, MonitorKind, ProbeRecord
from chalicelib.observability import logger
from chalicelib.services import clock, limits, monitoring
from chalicelib.settings import get_settings
from chalicelib.store import monitors, probes, sla_months

PARSERS = {MonitorKind.UPTIMEROBOT: uptimerobot_alert, MonitorKind.BETTERSTACK: betterstack_alert}


@dataclass(frozen=True)
class Received:
    state: AlertState
    failed_minutes: int
    ok_minute: bool


def receive(kind: MonitorKind, monitor_id: str, secret: str | None, body: Callable[[], dict[str, Any]],
            client_ip: str) -> Received:
    """Verify and record one alert; `body` reads the request's JSON object, only once the caller
    has passed the limits and shown the monitor's secret."""
    settings = get_settings()
    limits.take("monitor alerts", limits.per_ip("monitor-webhook", client_ip, settings.monitor_webhooks_per_ip),
                limits.per_subject("monitor-webhook", f"{kind.value}:{monitor_id[:40]}",
                                   settings.monitor_webhooks_per_monitor))
    monitor = monitors.get(monitor_id) if len(monitor_id) <= 40 else None
    if monitor is None or not monitor.enabled or monitor.kind is not kind:
        raise monitoring.NoSuchMonitor(f"There is no enabled {kind.value} monitor {monitor_id[:40]}.")
    if not secret:
        raise NotAuthenticated("Give the monitor's webhook secret in the X-Monitor-Secret header or the "
                               "token query parameter.")
    expected = monitoring.webhook_secret(monitor_id)
    if expected is None or not hmac.compare_digest(secret.encode(), expected.encode()):
        logger.warning("monitor webhook with a wrong secret", extra={"monitor_id": monitor_id})
        raise Forbidden("The webhook secret is wrong.")
    try:
        alert = PARSERS[kind](body())
        check_time(alert, clock.now())
    except MalformedAlert as exc:
        raise InvalidInput(str(exc)) from exc
    return _apply(monitor, alert)


def _apply(monitor: Monitor, alert: Alert) -> Received:
    covered = coverage(alert, monitor.down_since)
    try:
        if covered.down:
            probes.record_failures(monitor.monitor_id, monitor.location, monitor.kind, covered.down, alert.at)
        if alert.state is AlertState.DOWN and covered.open_since is not None:
            monitors.open_outage(monitor, covered.open_since)
        if covered.up is not None:
            probes.record(ProbeRecord(monitor.monitor_id, monitor.location, monitor.kind, covered.up, alert.at,
                                      True, None, None), undecided_month=True)
    except probes.MonitorRefused as exc:   # disabled between our read and the write
        raise monitoring.NoSuchMonitor(f"There is no enabled {monitor.kind.value} monitor "
                                       f"{monitor.monitor_id}.") from exc
    except sla_months.MonthDecided as exc:
        raise Conflict(f"The SLA of {exc.month} is already decided; this alert can no longer change it.") from exc
    if alert.state is AlertState.UP:
        monitors.close_outage(monitor)
    logger.info("monitor alert recorded", extra={"monitor_id": monitor.monitor_id, "state": alert.state.value,
                                                 "failed_minutes": len(covered.down)})
    return Received(alert.state, len(covered.down), covered.up is not None)
