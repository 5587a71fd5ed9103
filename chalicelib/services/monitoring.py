"""Monitors and their probe records: staff register and change monitors (audit-logged); our
probe function and the external monitors' webhooks write records through here.

An external monitor (UptimeRobot, Better Stack) gets a webhook secret when it is registered,
shown once and kept in the secret store (Secrets Manager) under `monitors/<id>/webhook_secret`;
staff can rotate it. A warm container keeps the secret it read for `secret_store.CACHE_SECONDS`,
so after a rotation another container may still accept the old secret for up to five minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import ClientError

from chalicelib import secret_names
from chalicelib.adapters import random_tokens, secret_store
from chalicelib.domain.audit_log import Action, SubjectKind
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.monitoring import (
    Monitor,
    MonitoringError,
    MonitorKind,
    ProbeRecord,
    check_location,
    check_monitor_id,
)
from chalicelib.observability import logger
from chalicelib.services import audit_log, clock
from chalicelib.store import monitors, probes
from chalicelib.store.probes import Written

LAST_RESULTS = 5


class NoSuchMonitor(NotFound):
    code = "unknown_monitor"


def webhook_secret(monitor_id: str) -> str | None:
    """The monitor's webhook secret; None when none is stored (then every call is refused)."""
    try:
        return secret_store.get(secret_names.monitor_webhook_secret(monitor_id))
    except (secret_store.SecretMissing, ClientError):
        return None


def _checked_id(monitor_id: str) -> str:
    try:
        return check_monitor_id(monitor_id)
    except MonitoringError as exc:
        raise InvalidInput(str(exc), fields={"monitor_id": "invalid"}) from exc


def _checked_location(location: str) -> str:
    try:
        return check_location(location)
    except MonitoringError as exc:
        raise InvalidInput(str(exc), fields={"location": "invalid"}) from exc


def register(monitor_id: str, location: str, kind: MonitorKind) -> tuple[Monitor, str | None]:
    """Register an enabled monitor; an external one also gets its webhook secret (returned once)."""
    ident, label = _checked_id(monitor_id), _checked_location(location)
    monitor = Monitor(ident, label, kind, True, clock.now())
    if not monitors.create(monitor):
        raise Conflict(f"A monitor named {ident} exists already.", fields={"monitor_id": "taken"})
    # The secret is stored only by the registration that created the monitor, so two racing
    # registrations of one id cannot leave the winner holding a secret that was overwritten.
    # Should storing it fail, the monitor exists without one (its webhooks are refused) and
    # an admin rotates it.
    secret = _new_secret(ident) if kind.external else None
    audit_log.record(Action.MONITOR_REGISTERED, SubjectKind.MONITOR, ident,
                     after={"location": label, "kind": kind.value, "enabled": True})
    return monitor, secret


def change(monitor_id: str, *, location: str | None = None, enabled: bool | None = None) -> Monitor:
    before = monitors.get(monitor_id)
    if before is None:
        raise NoSuchMonitor(f"There is no monitor {monitor_id}.")
    label = _checked_location(location) if location is not None else None
    after = monitors.change(monitor_id, location=label, enabled=enabled)
    if after is None:
        raise NoSuchMonitor(f"There is no monitor {monitor_id}.")
    audit_log.record(Action.MONITOR_CHANGED, SubjectKind.MONITOR, monitor_id,
                     before={"location": before.location, "enabled": before.enabled},
                     after={"location": after.location, "enabled": after.enabled})
    return after


def _new_secret(monitor_id: str) -> str:
    secret = random_tokens.url_safe()
    secret_store.put(secret_names.monitor_webhook_secret(monitor_id), secret)
    return secret


def rotate_secret(monitor_id: str) -> str:
    monitor = monitors.get(monitor_id)
    if monitor is None:
        raise NoSuchMonitor(f"There is no monitor {monitor_id}.")
    if not monitor.kind.external:
        raise InvalidInput("Only external monitors have a webhook secret.")
    secret = _new_secret(monitor_id)
    audit_log.record(Action.MONITOR_SECRET_ROTATED, SubjectKind.MONITOR, monitor_id, after={"secret": "changed"})
    return secret


@dataclass(frozen=True)
class MonitorStatus:
    monitor: Monitor
    last: list[ProbeRecord]


def overview() -> list[MonitorStatus]:
    """Every monitor with its newest records (staff page)."""
    latest = probes.latest(clock.now(), LAST_RESULTS)
    return [MonitorStatus(m, latest.get(m.monitor_id, [])) for m in monitors.all_monitors()]


def record(probe: ProbeRecord) -> Written:
    """Store a probe record; NoSuchMonitor (nothing stored) for an unknown, disabled or
    other-kind monitor."""
    try:
        written = probes.record(probe)
    except probes.MonitorRefused as exc:
        logger.warning("probe refused: unknown or disabled monitor", extra={"monitor_id": probe.monitor_id})
        raise NoSuchMonitor(f"There is no enabled {probe.kind.value} monitor {probe.monitor_id}.") from exc
    return written
