"""Health of each component the API depends on, checked cheaply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.adapters import queue
from chalicelib.settings import get_settings
from chalicelib.store import table


def _dynamodb() -> dict[str, Any]:
    status = table.status()
    return {"status": "ok" if status == "ACTIVE" else "degraded", "table": status}


def _queue() -> dict[str, Any]:
    return {"status": "ok", "waiting": queue.depth(get_settings().mail_queue_name)}


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {"dynamodb": _dynamodb, "mail_queue": _queue}


def check() -> dict[str, Any]:
    components: dict[str, Any] = {}
    for name, probe in CHECKS.items():
        try:
            components[name] = probe()
        except Exception as exc:  # a health probe reports any failure, it never raises
            components[name] = {"status": "down", "error": type(exc).__name__}
    ok = all(c["status"] == "ok" for c in components.values())
    return {"status": "ok" if ok else "degraded", "stage": get_settings().stage, "components": components}
