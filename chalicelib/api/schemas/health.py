"""Liveness (public) and component health (staff)."""

from __future__ import annotations

from typing import Literal

from chalicelib.api.schemas.common import Out


class Liveness(Out):
    """Only ok or degraded: which component is down helps an attacker more than a monitor."""

    status: Literal["ok", "degraded"]


class ComponentHealth(Out):
    status: Literal["ok", "degraded"]
    stage: str
    components: dict[str, dict[str, str | int]]
