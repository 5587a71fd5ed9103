"""Local scheduler: runs every `@app.schedule` function on its own rate or cron
expression, as EventBridge does in the cloud (AWS cron: 6 fields, UTC).

The availability probe is the one exception: in the cloud it runs in three regions, each with
its own monitor in its settings; here the scheduler runs it once a minute as each of three
local monitors (`LOCAL_PROBES`, registered by devstack/seed.py) against the gateway, so the
staff page shows several locations and stopping the gateway makes all three fail."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from chalice.app import Chalice
from croniter import croniter

from devstack.handlers import ScheduledHandler, run_scheduled, scheduled_handlers, serve

PROBE_HANDLER = "probe_availability"
LOCAL_PROBES = (("local-a", "Local A"), ("local-b", "Local B"), ("local-c", "Local C"))
"""The local stack's probe monitors: (monitor id, location label)."""

_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def next_run(expression: str, after: datetime) -> datetime:
    """Next time an EventBridge schedule expression fires strictly after `after` (UTC)."""
    rate = re.fullmatch(r"rate\((\d+)\s+(\w+)\)", expression.strip())
    if rate:
        return after + timedelta(seconds=int(rate.group(1)) * _UNITS[rate.group(2).lower()])
    cron = re.fullmatch(r"cron\((.+)\)", expression.strip())
    if not cron:
        raise ValueError(f"not a schedule expression: {expression}")
    minute, hour, dom, month, dow, _year = cron.group(1).split()
    dom, dow = ("*" if v == "?" else v for v in (dom, dow))
    if dow.isdigit():  # AWS numbers days 1-7 from Sunday; cron numbers them 0-6
        dow = str(int(dow) - 1)
    result: datetime = croniter(f"{minute} {hour} {dom} {month} {dow}", after).get_next(datetime)
    return result


def run_local_probes() -> list[dict[str, Any]]:
    """One probe of the site (the gateway) as each local monitor."""
    from chalicelib.services import availability_probe

    return [availability_probe.probe(availability_probe.target_for(monitor_id, location))
            for monitor_id, location in LOCAL_PROBES]


def run_once(handler: ScheduledHandler) -> Any:
    return run_local_probes() if handler.name == PROBE_HANDLER else run_scheduled(handler)


def run_forever(app: Chalice, running: Callable[[], bool]) -> None:
    now = datetime.now(UTC)
    due: dict[str, tuple[datetime, ScheduledHandler]] = {
        h.name: (next_run(h.expression, now), h) for h in scheduled_handlers(app)
    }
    for name, (when, handler) in due.items():
        print(f"[scheduler] {name}: {handler.expression}, next at {when:%Y-%m-%d %H:%M} UTC", flush=True)
    while running():
        now = datetime.now(UTC)
        for name, (when, handler) in list(due.items()):
            if when <= now:
                try:
                    print(f"[scheduler] {name} -> {run_once(handler)}", flush=True)
                except Exception as exc:
                    print(f"[scheduler] {name} failed: {exc!r}", flush=True)
                due[name] = (next_run(handler.expression, now), handler)
        time.sleep(1)


if __name__ == "__main__":
    serve(__doc__ or "", run_forever)
