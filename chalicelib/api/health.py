"""Liveness and component health for monitors and the local stack."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.http import Ctx, route
from chalicelib.services import health

bp = Blueprint(__name__)


@route(bp, "/health")
def health_check(ctx: Ctx) -> Response:
    report = health.check()
    return Response(body=report, status_code=200 if report["status"] == "ok" else 503)
