"""Liveness for monitors (the public learns only ok or degraded) and component health for staff."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.http import Ctx, route
from chalicelib.domain.accounts import STAFF_ROLES
from chalicelib.services import health

bp = Blueprint(__name__)


def _status_code(report: dict[str, object]) -> int:
    return 200 if report["status"] == "ok" else 503


@route(bp, "/health")
def health_check(ctx: Ctx) -> Response:
    # Which component is down, and the stage, help an attacker more than a monitor.
    report = health.check()
    return Response(body={"status": report["status"]}, status_code=_status_code(report))


@route(bp, "/staff/health", roles=STAFF_ROLES)
def component_health(ctx: Ctx) -> Response:
    report = health.check()
    return Response(body=report, status_code=_status_code(report))
