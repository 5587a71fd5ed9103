"""Liveness for monitors (the public learns only ok or degraded) and component health for staff."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import Ctx, Reply, route
from chalicelib.api.schemas.health import ComponentHealth, Liveness
from chalicelib.domain.accounts import STAFF_ROLES
from chalicelib.services import health

bp = Blueprint(__name__)


def _status_code(report: dict[str, object]) -> int:
    return 200 if report["status"] == "ok" else 503


@route(bp, "/health", response=Liveness, other={503: Liveness})
def health_check(ctx: Ctx) -> Reply[Liveness]:
    """Liveness: ok, or degraded with 503."""
    # Which component is down, and the stage, help an attacker more than a monitor.
    report = health.check()
    return Reply(Liveness.model_validate({"status": report["status"]}), status=_status_code(report))


@route(bp, "/staff/health", roles=STAFF_ROLES, response=ComponentHealth, other={503: ComponentHealth})
def component_health(ctx: Ctx) -> Reply[ComponentHealth]:
    """Each component's health (503 when any is not ok)."""
    report = health.check()
    return Reply(ComponentHealth.model_validate(report), status=_status_code(report))
